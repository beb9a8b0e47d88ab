import { GapRule, RuleVerdict } from '../rule';

const SETTINGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'] as const;

/** All four S3 Block Public Access settings are on in the final template. */
export const S3BucketPublicAccessBlock: GapRule = {
  id: 'S3BucketPublicAccessBlock',
  resourceTypes: ['AWS::S3::Bucket'],
  description: 'The S3 bucket does not turn on all four Block Public Access settings.',
  fix: 'Use HipaaBucket, or set `blockPublicAccess: BlockPublicAccess.BLOCK_ALL`, and do not override it.',
  safeguard: '164.312(a)(1) access control',
  evaluate({ resource }) {
    const config = resource.Properties?.PublicAccessBlockConfiguration ?? {};
    return SETTINGS.every((s) => config[s] === true || config[s] === 'true')
      ? RuleVerdict.COMPLIANT
      : RuleVerdict.NON_COMPLIANT;
  },
};
