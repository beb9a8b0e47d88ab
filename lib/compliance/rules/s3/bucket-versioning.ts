import { GapRule, RuleVerdict } from '../rule';

/** Versioning is enabled, so an overwrite or delete never destroys PHI. */
export const S3BucketVersioning: GapRule = {
  id: 'S3BucketVersioning',
  resourceTypes: ['AWS::S3::Bucket'],
  description: 'The S3 bucket does not have versioning enabled in the synthesized template.',
  fix: 'Use HipaaBucket, or set `versioned: true`, and do not override VersioningConfiguration.',
  safeguard: '164.312(c)(1) integrity',
  evaluate({ resource }) {
    return resource.Properties?.VersioningConfiguration?.Status === 'Enabled'
      ? RuleVerdict.COMPLIANT
      : RuleVerdict.NON_COMPLIANT;
  },
};
