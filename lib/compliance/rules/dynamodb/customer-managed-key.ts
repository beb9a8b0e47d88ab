import { GapRule, RuleVerdict } from '../rule';
import { namesAwsManagedKey } from '../kms/aws-managed-alias';
import { isTrue, replicasOf, TABLE_TYPES } from './replicas';

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
