import { GapRule, RuleVerdict } from '../rule';
import { namesAwsManagedKey } from '../kms/aws-managed-alias';
import { flattenValue } from '../template';
import { isTrue, replicasOf, TABLE_TYPES } from './replicas';

/** The region a key ARN names in its literal text (`arn:<p>:kms:<region>:…`), if any. */
function keyRegion(key: unknown): string | undefined {
  return /:kms:([a-z]{2}(?:-[a-z]+)+-\d):/.exec(flattenValue(key))?.[1];
}

/**
 * DynamoDB tables are encrypted with a customer-managed key; the packs check
 * only `AWS::DynamoDB::Table` and accept the AWS owned key. A global table names a key
 * in every replica, of that replica's region.
 */
export const DynamoDbCustomerManagedKey: GapRule = {
  id: 'DynamoDbCustomerManagedKey',
  resourceTypes: TABLE_TYPES,
  description: 'The DynamoDB table (or a replica of a global table) is not encrypted with a customer-managed KMS key of its region.',
  fix: 'Use HipaaTable (with `replicas: [{ region, keyArn }]` for a global table), or set encryption to CUSTOMER_MANAGED with an ' +
    'encryptionKey (SSEType KMS and KMSMasterKeyId; for a global table a KMSMasterKeyId of its region in every replica).',
  safeguard: '164.312(a)(2)(iv) encryption at rest',
  evaluate({ resource }) {
    const sse = resource.Properties?.SSESpecification ?? {};
    if (!isTrue(sse.SSEEnabled) || sse.SSEType !== 'KMS') return RuleVerdict.NON_COMPLIANT;
    if (resource.Type !== 'AWS::DynamoDB::GlobalTable') {
      return sse.KMSMasterKeyId !== undefined && !namesAwsManagedKey(sse.KMSMasterKeyId) ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
    }
    const replicas = replicasOf(resource);
    const ok = replicas.length > 0 && replicas.every((r) => {
      const key = r.SSESpecification?.KMSMasterKeyId;
      if (key === undefined || namesAwsManagedKey(key)) return false;
      // A key written with a literal region must be of the replica's (literal) region.
      const region = keyRegion(key);
      return region === undefined || typeof r.Region !== 'string' || region === r.Region;
    });
    return ok ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
