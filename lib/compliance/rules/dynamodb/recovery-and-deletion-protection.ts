import { GapRule, RuleVerdict } from '../rule';
import { isTrue, replicasOf, TABLE_TYPES } from './replicas';

/** Point-in-time recovery and deletion protection on every table and every replica of a global table (both are per replica). */
export const DynamoDbRecoveryAndDeletionProtection: GapRule = {
  id: 'DynamoDbRecoveryAndDeletionProtection',
  resourceTypes: TABLE_TYPES,
  description: 'The DynamoDB table (or a replica) lacks point-in-time recovery or deletion protection.',
  fix: 'Use HipaaTable, or enable pointInTimeRecoverySpecification and deletionProtection on the table and each replica.',
  safeguard: '164.308(a)(7)(ii)(A) data backup',
  evaluate({ resource }) {
    const replicas = replicasOf(resource);
    const ok = replicas.length > 0 && replicas.every((r) =>
      isTrue(r.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled) && isTrue(r.DeletionProtectionEnabled));
    return ok ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
