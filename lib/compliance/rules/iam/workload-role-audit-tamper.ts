import { AUDIT_TAMPER_AWS_MANAGED_POLICIES, tamperActionsAllowedBy } from '../../../policies/audit-tamper';
import { GapRule, RuleVerdict } from '../rule';
import { isWorkloadRole, rolePolicies } from './role-policies';

/**
 * A role of instances, functions or containers is allowed none of the
 * audit-tamper actions (log retention and deletion, CloudTrail, key deletion
 * and policy, bucket protections, backups, Config, GuardDuty, Security Hub):
 * not by an inline policy, a customer managed policy of the template, nor a
 * known AWS managed policy. A compromised workload must not be able to erase
 * its tracks. Judged on the role's own policies, so it holds whether or not a
 * permissions boundary is attached.
 */
export const WorkloadRoleAuditTamper: GapRule = {
  id: 'WorkloadRoleAuditTamper',
  resourceTypes: ['AWS::IAM::Role'],
  description: 'A workload role (EC2, Lambda, ECS task, EKS pod) is allowed an action that alters the audit trail or backups ' +
    '(e.g. logs:PutRetentionPolicy, cloudtrail:StopLogging, kms:ScheduleKeyDeletion, s3:PutBucketPolicy, backup:DeleteRecoveryPoint), ' +
    'directly or through an AWS managed policy such as CloudWatchAgentServerPolicy.',
  fix: 'Grant the workload only the actions it needs on its own resources (HipaaAutoScalingGroup writes only to its tier\'s log ' +
    'group), drop the AWS managed policy, and bound the role with HipaaPermissionsBoundary.applyTo(role).',
  safeguard: '164.312(b) audit controls',
  evaluate({ logicalId, resource, template }) {
    if (!isWorkloadRole(resource)) return RuleVerdict.NOT_APPLICABLE;
    const { statements, awsManaged } = rolePolicies(template, logicalId);
    if (awsManaged.some((name) => AUDIT_TAMPER_AWS_MANAGED_POLICIES.includes(name))) return RuleVerdict.NON_COMPLIANT;
    return statements.some((s) => tamperActionsAllowedBy(s).length > 0) ? RuleVerdict.NON_COMPLIANT : RuleVerdict.COMPLIANT;
  },
};
