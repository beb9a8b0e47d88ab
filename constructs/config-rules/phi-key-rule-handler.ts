import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { configCalls } from './config-client';
import { isPhi, PHI_DATA_STORE_TYPES, PHI_TAG_KEY, PHI_TAG_VALUE } from './phi-scope';
import { annotate, changedItem, ComplianceType, ConfigRuleEvent, ConfigurationItem, Evaluation, GONE_STATUSES, InvokingEvent, prop, withRetry } from './rule-runtime';

export { PHI_DATA_STORE_TYPES, PHI_TAG_KEY, PHI_TAG_VALUE, withRetry };
export type { ComplianceType, ConfigRuleEvent, ConfigurationItem, Evaluation };

/** What KMS says of a key. */
export interface KeyFacts {
  readonly keyManager?: string;
  readonly keyState?: string;
  readonly rotationEnabled?: boolean;
}

/** The AWS calls the rule makes (injected, so tests need no AWS). */
export interface PhiKeyRuleDeps {
  describeKey(keyId: string): Promise<{ keyManager?: string; keyState?: string; keySpec?: string }>;
  getKeyRotationStatus(keyId: string): Promise<boolean>;
  getLatestConfigurationItem(resourceType: string, resourceId: string): Promise<ConfigurationItem | undefined>;
  putEvaluations(evaluations: Evaluation[], resultToken: string): Promise<void>;
  sleep(ms: number): Promise<void>;
}

/** The KMS key protecting the resource, or why there is none. */
export function keyOf(item: ConfigurationItem): { keyId: string } | { problem: string } {
  const c = item.configuration;
  switch (item.resourceType) {
    case 'AWS::S3::Bucket': {
      const rules = prop(item.supplementaryConfiguration, 'ServerSideEncryptionConfiguration', 'rules');
      const byDefault = prop(Array.isArray(rules) ? rules[0] : undefined, 'applyServerSideEncryptionByDefault');
      const algorithm = prop(byDefault, 'sseAlgorithm');
      const keyId = prop(byDefault, 'kmsMasterKeyID');
      if (typeof algorithm !== 'string' || !algorithm.startsWith('aws:kms')) return { problem: `default encryption is ${algorithm ?? 'not set'}, not SSE-KMS` };
      return typeof keyId === 'string' ? { keyId } : { problem: 'SSE-KMS with the AWS managed key aws/s3' };
    }
    case 'AWS::DynamoDB::Table': {
      const sse = prop(c, 'ssedescription');
      const keyArn = prop(sse, 'kmsmasterkeyarn');
      return typeof keyArn === 'string' ? { keyId: keyArn } : { problem: 'encrypted with an AWS owned key' };
    }
    case 'AWS::RDS::DBInstance':
    case 'AWS::RDS::DBCluster': {
      if (prop(c, 'storageEncrypted') !== true) return { problem: 'storage is not encrypted' };
      const keyId = prop(c, 'kmsKeyId');
      return typeof keyId === 'string' ? { keyId } : { problem: 'no KMS key reported' };
    }
    case 'AWS::EC2::Volume': {
      if (prop(c, 'encrypted') !== true) return { problem: 'the volume is not encrypted' };
      const keyId = prop(c, 'kmsKeyId');
      return typeof keyId === 'string' ? { keyId } : { problem: 'no KMS key reported' };
    }
    default:
      return { problem: `resource type ${item.resourceType} is not judged by this rule` };
  }
}


/**
 * AWS Config custom rule: every data store tagged DataClassification=PHI (S3
 * bucket, DynamoDB table, RDS instance or cluster, EBS volume) is encrypted
 * with a customer-managed KMS key that is enabled and rotating. Oversized
 * items are fetched from the configuration history. Throttled calls retry.
 */
export function createPhiKeyRule(deps: PhiKeyRuleDeps): (event: ConfigRuleEvent) => Promise<Evaluation[]> {
  return async (event) => {
    const invoking = JSON.parse(event.invokingEvent) as InvokingEvent;
    // Scheduled notifications carry no resource; this rule is change-triggered.
    const item = await changedItem(invoking, deps.getLatestConfigurationItem, deps.sleep);
    if (!item) return [];
    const evaluation = await evaluate(item, event.eventLeftScope === true, deps);
    await withRetry(() => deps.putEvaluations([evaluation], event.resultToken), deps.sleep);
    return [evaluation];
  };
}

async function evaluate(item: ConfigurationItem, leftScope: boolean, deps: PhiKeyRuleDeps): Promise<Evaluation> {
  const result = (type: ComplianceType, annotation?: string): Evaluation => ({
    ComplianceResourceType: item.resourceType,
    ComplianceResourceId: item.resourceId,
    ComplianceType: type,
    Annotation: annotation === undefined ? undefined : annotate(annotation),
    OrderingTimestamp: new Date(item.configurationItemCaptureTime),
  });
  const status = item.configurationItemStatus ?? 'OK';
  if (leftScope || GONE_STATUSES.includes(status)) return result('NOT_APPLICABLE');
  if (!(PHI_DATA_STORE_TYPES as readonly string[]).includes(item.resourceType) || !isPhi(item)) return result('NOT_APPLICABLE');

  const key = keyOf(item);
  if ('problem' in key) return result('NON_COMPLIANT', `PHI data store: ${key.problem}; use a customer-managed KMS key.`);
  let facts: { keyManager?: string; keyState?: string };
  try {
    facts = await withRetry(() => deps.describeKey(key.keyId), deps.sleep);
  } catch (e) {
    return result('NON_COMPLIANT', `Cannot describe key ${key.keyId}: ${(e as Error).name}. The rule's role needs kms:DescribeKey on it.`);
  }
  if (facts.keyManager !== 'CUSTOMER') return result('NON_COMPLIANT', `Key ${key.keyId} is ${facts.keyManager ?? 'not'} managed; PHI needs a customer-managed key.`);
  if (facts.keyState !== 'Enabled') return result('NON_COMPLIANT', `Key ${key.keyId} is ${facts.keyState}; it must be Enabled.`);
  let rotating: boolean;
  try {
    rotating = await withRetry(() => deps.getKeyRotationStatus(key.keyId), deps.sleep);
  } catch (e) {
    return result('NON_COMPLIANT', `Cannot read rotation of key ${key.keyId}: ${(e as Error).name}.`);
  }
  return rotating ? result('COMPLIANT') : result('NON_COMPLIANT', `Key ${key.keyId} does not rotate automatically; enable key rotation.`);
}

function awsDeps(): PhiKeyRuleDeps {
  const kms = new KMSClient({});
  return {
    ...configCalls(),
    async describeKey(keyId) {
      const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
      return { keyManager: KeyMetadata?.KeyManager, keyState: KeyMetadata?.KeyState, keySpec: KeyMetadata?.KeySpec };
    },
    async getKeyRotationStatus(keyId) {
      return (await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled === true;
    },
  };
}

let live: ((event: ConfigRuleEvent) => Promise<Evaluation[]>) | undefined;

/** The Lambda entry point. */
export async function handler(event: ConfigRuleEvent): Promise<void> {
  live ??= createPhiKeyRule(awsDeps());
  await live(event);
}
