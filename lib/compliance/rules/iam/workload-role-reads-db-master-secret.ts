import { actionPatternMatches } from '../../../policies/audit-tamper';
import { GapRule, RuleVerdict } from '../rule';
import { asArray, CfnTemplate, refersTo, resourcesOfType } from '../template';
import { flattenString, isWorkloadRole, rolePolicies } from './role-policies';

/** AWS managed policies that allow secretsmanager:GetSecretValue on every secret. */
const SECRET_READING_AWS_MANAGED_POLICIES: readonly string[] = ['AdministratorAccess', 'PowerUserAccess', 'SecretsManagerReadWrite'];
const READ_SECRET = 'secretsmanager:GetSecretValue';

/**
 * A workload role (instances, functions, containers) may not read an RDS master
 * secret: applications connect as their own database user with IAM
 * authentication (`HipaaDatabase.grantConnect`). The one exception is the
 * execution role of the function that `Custom::HipaaDatabaseUser` relays to,
 * which creates those users; hosted rotation is not a role of this template.
 * Master secrets are those attached to a DB instance or cluster
 * (`AWS::SecretsManager::SecretTargetAttachment`) and those RDS manages
 * (`MasterUserSecret`); a grant on `*` or on a wildcard secret ARN covers them too.
 */
export const WorkloadRoleReadsDbMasterSecret: GapRule = {
  id: 'WorkloadRoleReadsDbMasterSecret',
  resourceTypes: ['AWS::IAM::Role'],
  description: 'A workload role (EC2, Lambda, ECS task, EKS pod) may read an RDS master secret (secretsmanager:GetSecretValue on it, on a ' +
    'wildcard secret ARN, on *, or through an AWS managed policy such as SecretsManagerReadWrite): the workload can log in as the master user.',
  fix: 'Remove the secret grant and connect with IAM authentication as a least-privileged user: database.grantConnect(role, \'app_user\', ' +
    '{ privileges: [...] }) and database.allowFrom(workload).',
  safeguard: '164.312(a)(1) access control',
  evaluate({ logicalId, resource, template }) {
    if (!isWorkloadRole(resource)) return RuleVerdict.NOT_APPLICABLE;
    const masterRefs = masterSecretReferences(template);
    if (masterRefs.length === 0) return RuleVerdict.NOT_APPLICABLE;
    if (isDbUserProvisionerRole(template, logicalId)) return RuleVerdict.COMPLIANT;
    const { statements, awsManaged } = rolePolicies(template, logicalId);
    if (awsManaged.some((name) => SECRET_READING_AWS_MANAGED_POLICIES.includes(name))) return RuleVerdict.NON_COMPLIANT;
    return statements.some((s) => allowsRead(s) && coversMasterSecret(s, masterRefs)) ? RuleVerdict.NON_COMPLIANT : RuleVerdict.COMPLIANT;
  },
};

/** How the template writes a master secret's ARN: `${LogicalId}` or `${Db.MasterUserSecret.SecretArn}`. */
function masterSecretReferences(template: CfnTemplate): string[] {
  const refs: string[] = [];
  for (const [id, attachment] of resourcesOfType(template, 'AWS::SecretsManager::SecretTargetAttachment')) {
    const target = attachment.Properties?.TargetType;
    if (target !== 'AWS::RDS::DBInstance' && target !== 'AWS::RDS::DBCluster') continue;
    refs.push(`\${${id}}`); // Ref of the attachment is the secret's ARN
    const secret = flattenString(attachment.Properties?.SecretId);
    if (secret) refs.push(secret);
  }
  for (const type of ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster']) {
    for (const [id, db] of resourcesOfType(template, type)) {
      if (db.Properties?.ManageMasterUserPassword === true || db.Properties?.ManageMasterUserPassword === 'true') refs.push(`\${${id}.MasterUserSecret.SecretArn}`);
    }
  }
  return refs;
}

function allowsRead(statement: Record<string, any>): boolean {
  if (statement.Effect !== 'Allow') return false;
  if (statement.NotAction !== undefined) return !asArray<unknown>(statement.NotAction).some((p) => typeof p === 'string' && actionPatternMatches(p, READ_SECRET));
  return asArray<unknown>(statement.Action).some((p) => typeof p === 'string' && actionPatternMatches(p, READ_SECRET));
}

function coversMasterSecret(statement: Record<string, any>, masterRefs: string[]): boolean {
  if (statement.NotResource !== undefined) return true; // everything but some resources: cannot be shown to exclude the secret
  return asArray<unknown>(statement.Resource).some((r) => {
    const text = flattenString(r);
    if (text === undefined) return false;
    if (text === '*' || masterRefs.some((ref) => text.includes(ref))) return true;
    // A wildcard secret ARN (arn:...:secretsmanager:region:account:secret:*) may match any secret.
    return /:secretsmanager:.*:secret:.*[*?]/.test(text);
  });
}

/**
 * The execution role of a function that a `Custom::HipaaDatabaseUser` relay invokes:
 * the custom resource's ServiceToken is the relay, whose TARGET_FUNCTION_ARN names
 * the provisioner, whose Role is this role.
 */
function isDbUserProvisionerRole(template: CfnTemplate, roleId: string): boolean {
  const functions = resourcesOfType(template, 'AWS::Lambda::Function');
  const relays = resourcesOfType(template, 'Custom::HipaaDatabaseUser')
    .map(([, user]) => functions.find(([id]) => refersTo(user.Properties?.ServiceToken, id)))
    .filter((f): f is NonNullable<typeof f> => f !== undefined);
  return relays.some(([, relay]) => {
    const target = relay.Properties?.Environment?.Variables?.TARGET_FUNCTION_ARN;
    const provisioner = functions.find(([id]) => refersTo(target, id));
    return provisioner !== undefined && refersTo(provisioner[1].Properties?.Role, roleId);
  });
}
