import { GapRule, RuleVerdict } from '../rule';
import { statementsOf } from '../template';
import { flattenString, servicePrincipalsOf } from './role-policies';

/**
 * Services that assume roles (or invoke functions) on behalf of a resource and
 * tell IAM which one, through `aws:SourceAccount` / `aws:SourceArn`. Without
 * one of those conditions another account's resource could make the service
 * act with this account's role (the cross-service confused deputy,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
 * Each service documents the keys it sets, e.g. AWS Backup:
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-service-confused-deputy-prevention.html
 * and AWS Config (which invokes custom-rule functions):
 * https://docs.aws.amazon.com/config/latest/developerguide/evaluate-config_develop-rules_nodejs.html#restricted-lambda-policy
 * EC2 and Lambda execution roles are absent: those services set neither key
 * when they assume a role.
 */
export const CONFUSED_DEPUTY_SERVICES: readonly string[] = [
  'backup.amazonaws.com', 'config.amazonaws.com', 'vpc-flow-logs.amazonaws.com', 'cloudtrail.amazonaws.com',
  'monitoring.rds.amazonaws.com', 'elasticmapreduce.amazonaws.com', 'delivery.logs.amazonaws.com', 'events.amazonaws.com',
  'states.amazonaws.com', 'sns.amazonaws.com', 'firehose.amazonaws.com', 's3.amazonaws.com', 'logging.s3.amazonaws.com',
  'scheduler.amazonaws.com', 'ssm.amazonaws.com',
];

const CONFUSED_DEPUTY_KEYS = ['aws:sourceaccount', 'aws:sourcearn', 'aws:sourceorgid', 'aws:sourceorgpaths'];

/** True when a statement's Condition pins the calling resource (any operator, any key case). */
export function hasConfusedDeputyCondition(statement: Record<string, any>): boolean {
  const condition = statement.Condition;
  if (!condition || typeof condition !== 'object') return false;
  return Object.values(condition).some((keys) => keys && typeof keys === 'object'
    && Object.keys(keys).some((k) => CONFUSED_DEPUTY_KEYS.includes(k.toLowerCase())));
}

function isConfusedDeputyService(principal: string): boolean {
  return CONFUSED_DEPUTY_SERVICES.includes(principal);
}

/**
 * Every role trusted by a service of {@link CONFUSED_DEPUTY_SERVICES}, and every
 * Lambda permission granted to a service principal, names the source account
 * or resource (`aws:SourceAccount`, `aws:SourceArn`, `SourceAccount`/`SourceArn`).
 */
export const ServiceTrustConfusedDeputy: GapRule = {
  id: 'ServiceTrustConfusedDeputy',
  resourceTypes: ['AWS::IAM::Role', 'AWS::Lambda::Permission'],
  description: 'A role trusted by an AWS service (or a Lambda permission for one) does not name the account or resource the service ' +
    'acts for (aws:SourceAccount / aws:SourceArn), so the service can be made to use it for another account (confused deputy).',
  fix: 'Add a condition on aws:SourceAccount (and aws:SourceArn where the service sets it) to the trust statement, e.g. ' +
    "new iam.ServicePrincipal('backup.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }); " +
    'for a Lambda permission set sourceAccount and sourceArn.',
  safeguard: '164.312(a)(1) access control',
  evaluate({ resource }) {
    const p = resource.Properties ?? {};
    if (resource.Type === 'AWS::Lambda::Permission') {
      const principal = flattenString(p.Principal) ?? '';
      if (!principal.endsWith('.amazonaws.com')) return RuleVerdict.NOT_APPLICABLE;
      return p.SourceAccount !== undefined || p.SourceArn !== undefined ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
    }
    const trusts = statementsOf(p.AssumeRolePolicyDocument)
      .filter((s) => s.Effect === 'Allow' && servicePrincipalsOf(s).some(isConfusedDeputyService));
    if (trusts.length === 0) return RuleVerdict.NOT_APPLICABLE;
    return trusts.every(hasConfusedDeputyCondition) ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
