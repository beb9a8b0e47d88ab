import { S3_RESTORE_ACTIONS, mayDeny, s3RestoreResource } from '../../../policies/backup-restore';
import { actionPatternMatches } from '../../../policies/audit-tamper';
import { flattenString, rolePolicies, servicePrincipalsOf } from '../iam/role-policies';
import { GapRule, RuleVerdict } from '../rule';
import { asArray, statementsOf } from '../template';

/**
 * An AWS Backup role that attaches AWSBackupServiceRolePolicyForS3Restore can restore an S3
 * recovery point into a new bucket (what restore testing does, into `awsbackup-restore-test-*`):
 * neither its permissions boundary nor its own policies deny one of the actions that policy
 * grants (https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-s3.html), and its
 * boundary allows each. A boundary that protects audit buckets by denying
 * `s3:PutBucketVersioning` everywhere fails every such restore at run time, long after a
 * deployment that looked fine.
 */
export const BackupS3RestorePermitted: GapRule = {
  id: 'BackupS3RestorePermitted',
  resourceTypes: ['AWS::IAM::Role'],
  description: 'The AWS Backup role attaches AWSBackupServiceRolePolicyForS3Restore, but its permissions boundary or its own policies deny ' +
    '(or its boundary does not allow) an action an S3 restore into a new bucket needs, e.g. s3:PutBucketVersioning on awsbackup-restore-test-*: ' +
    'restores and restore tests of S3 recovery points fail.',
  fix: 'Bound the role with HipaaPermissionsBoundary.applyTo(role, \'backup-service\'), which denies the audit-tamper actions a restore needs ' +
    'only outside awsbackup-restore-* buckets; do not add a deny of s3:PutBucketVersioning or s3:CreateBucket on * to it.',
  safeguard: '164.308(a)(7)(ii)(A) data backup',
  evaluate({ logicalId, resource, template }) {
    const trusted = statementsOf(resource.Properties?.AssumeRolePolicyDocument)
      .some((s) => s.Effect === 'Allow' && servicePrincipalsOf(s).includes('backup.amazonaws.com'));
    const { statements, awsManaged } = rolePolicies(template, logicalId);
    if (!trusted || !awsManaged.includes('AWSBackupServiceRolePolicyForS3Restore')) return RuleVerdict.NOT_APPLICABLE;
    const boundaryRef = (resource.Properties?.PermissionsBoundary as { Ref?: unknown } | undefined)?.Ref;
    const boundary = typeof boundaryRef === 'string' ? template.Resources?.[boundaryRef] : undefined;
    const boundaryStatements = boundary?.Type === 'AWS::IAM::ManagedPolicy' ? statementsOf(boundary.Properties?.PolicyDocument) : undefined;
    const denies = [...statements, ...(boundaryStatements ?? [])];
    for (const action of S3_RESTORE_ACTIONS) {
      const target = s3RestoreResource(action);
      if (denies.some((s) => mayDeny(s, action, target, flattenString))) return RuleVerdict.NON_COMPLIANT;
      const capped = boundaryStatements !== undefined && !boundaryStatements.some((s) => s.Effect === 'Allow'
        && asArray<unknown>(s.Action).some((a) => typeof a === 'string' && actionPatternMatches(a, action)));
      if (capped) return RuleVerdict.NON_COMPLIANT;
    }
    return RuleVerdict.COMPLIANT;
  },
};
