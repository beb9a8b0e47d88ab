import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Annotations, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { HipaaValidationError } from '../lib/errors';

/**
 * Rejects a topic defined in this app without a KMS key: its messages (scaling
 * events name instances and groups of a PHI tier) would be stored unencrypted.
 * An imported topic cannot be inspected at synth: noted, and the user owns it.
 */
export function requireEncryptedTopic(scope: IConstruct, propName: string, topic: sns.ITopic): void {
  const cfn = topic.node.defaultChild;
  if (!(cfn instanceof sns.CfnTopic)) {
    Annotations.of(scope).addInfo(`${propName} is imported, so its encryption cannot be checked at synth; it must use a customer-managed KMS key.`);
    return;
  }
  if (cfn.kmsMasterKeyId === undefined) {
    throw new HipaaValidationError(scope, propName, 'WEAKENS_SAFEGUARD', `${propName} is ${topic.node.path}, which has no KMS key; ` +
      'create it with masterKey (a HipaaKey) or leave the prop out to get an encrypted topic.');
  }
}

/**
 * Accepts as an AWS log-delivery destination only a bucket encrypted with
 * SSE-S3 (the only encryption ELB access-log delivery supports): a bucket with
 * no default encryption setting, or with SSE-KMS (deliveries would fail), is
 * rejected in favour of HipaaLogBucket. An imported bucket is noted.
 */
export function requireSseS3LogBucket(scope: IConstruct, propName: string, bucket: s3.IBucket): void {
  const cfn = bucket.node.defaultChild;
  if (!(cfn instanceof s3.CfnBucket)) {
    Annotations.of(scope).addInfo(`${propName} is imported, so its encryption cannot be checked at synth; it must use SSE-S3 and deny plain HTTP.`);
    return;
  }
  const config = Stack.of(cfn).resolve(cfn.bucketEncryption)?.serverSideEncryptionConfiguration;
  const algorithms: string[] = (config ?? []).map((r: any) => r?.serverSideEncryptionByDefault?.sseAlgorithm);
  if (algorithms.length === 0 || algorithms.some((a) => a !== 'AES256')) {
    throw new HipaaValidationError(scope, propName, algorithms.length === 0 ? 'WEAKENS_SAFEGUARD' : 'INVALID_VALUE',
      `${propName} is ${bucket.node.path}, encrypted with ${algorithms.length === 0 ? 'no explicit default encryption' : algorithms.join(', ')}; ` +
      'access logs need an SSE-S3 bucket with versioning, Block Public Access and TLS-only access: use new HipaaLogBucket(...).bucket or leave the prop out.');
  }
}
