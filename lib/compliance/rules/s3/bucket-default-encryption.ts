import { GapRule, RuleVerdict } from '../rule';
import { asArray } from '../template';

const ENCRYPTING_ALGORITHMS = new Set(['aws:kms', 'aws:kms:dsse', 'AES256']);

/**
 * The bucket declares default server-side encryption. cdk-nag judges the
 * construct's props, so an override deleting `BucketEncryption` slips past it;
 * this rule reads the final template.
 */
export const S3BucketDefaultEncryption: GapRule = {
  id: 'S3BucketDefaultEncryption',
  resourceTypes: ['AWS::S3::Bucket'],
  description: 'The S3 bucket has no default server-side encryption in the synthesized template.',
  fix: 'Use HipaaBucket (SSE-KMS with a customer-managed key) and do not override BucketEncryption.',
  safeguard: '164.312(a)(2)(iv) encryption at rest',
  evaluate({ resource }) {
    const rules = asArray(resource.Properties?.BucketEncryption?.ServerSideEncryptionConfiguration);
    const encrypted = rules.length > 0 && rules.every((r: any) =>
      ENCRYPTING_ALGORITHMS.has(r?.ServerSideEncryptionByDefault?.SSEAlgorithm));
    return encrypted ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
