import { GapRule, RuleVerdict } from '../rule';
import { namesAwsManagedKey } from '../kms/aws-managed-alias';

const TABLE_TYPES = ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'];
const isTrue = (v: unknown) => v === true || v === 'true';

/** The per-replica settings of a global table, or the table itself. */
function replicasOf(resource: { Type: string; Properties?: Record<string, any> }): Array<Record<string, any>> {
  const props = resource.Properties ?? {};
  return resource.Type === 'AWS::DynamoDB::GlobalTable' ? (Array.isArray(props.Replicas) ? props.Replicas : []) : [props];
}

/**
 * DynamoDB tables are encrypted with a customer-managed key; the packs check
 * only `AWS::DynamoDB::Table` and accept the AWS owned key.
 */
export const DynamoDbCustomerManagedKey: GapRule = {
  id: 'DynamoDbCustomerManagedKey',
  resourceTypes: TABLE_TYPES,
  description: 'The DynamoDB table is not encrypted with a customer-managed KMS key.',
  fix: 'Use HipaaTable, or set encryption to CUSTOMER_MANAGED with an encryptionKey (SSEType KMS and KMSMasterKeyId).',
  safeguard: '164.312(a)(2)(iv) encryption at rest',
  evaluate({ resource }) {
    const sse = resource.Properties?.SSESpecification ?? {};
    if (!isTrue(sse.SSEEnabled) || sse.SSEType !== 'KMS') return RuleVerdict.NON_COMPLIANT;
    const keys = resource.Type === 'AWS::DynamoDB::GlobalTable'
      ? replicasOf(resource).map((r) => r.SSESpecification?.KMSMasterKeyId)
      : [sse.KMSMasterKeyId];
    const ok = keys.length > 0 && keys.every((k) => k !== undefined && !namesAwsManagedKey(k));
    return ok ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};

/** Point-in-time recovery and deletion protection on every table (and replica). */
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
