import { GapRule, RuleVerdict } from '../rule';
import { refersTo, resourcesOfType } from '../template';

/** HIPAA documentation retention in days (six years). */
const SIX_YEARS_DAYS = 2192;

/**
 * The bucket a trail delivers to has S3 Object Lock with a default retention of at least six
 * years, so no log file version can be deleted or overwritten before then.
 */
export const CloudTrailLogFileLock: GapRule = {
  id: 'CloudTrailLogFileLock',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  description: 'The trail delivers to a bucket without S3 Object Lock and a default retention of six years or more: one administrator could delete or overwrite log files.',
  fix: 'Use HipaaTrail (logFileLock defaults to GOVERNANCE for six years), or create the trail bucket with ObjectLockEnabled and a DefaultRetention of at least 2192 days.',
  safeguard: '164.312(c)(1) integrity',
  evaluate({ resource, template }) {
    const bucket = resourcesOfType(template, 'AWS::S3::Bucket').find(([id]) => refersTo(resource.Properties?.S3BucketName, id))?.[1];
    // A bucket of another template or account (an organization trail delivering to a log-archive
    // account): this template cannot show its lock; the bucket's own stack is judged where it is built.
    if (!bucket) return RuleVerdict.NOT_APPLICABLE;
    const p = bucket.Properties ?? {};
    const retention = p.ObjectLockConfiguration?.Rule?.DefaultRetention ?? {};
    const days = Number(retention.Days ?? 0) || Number(retention.Years ?? 0) * 365;
    const enabled = p.ObjectLockEnabled === true || p.ObjectLockEnabled === 'true';
    return enabled && p.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled' && ['GOVERNANCE', 'COMPLIANCE'].includes(retention.Mode) && days >= SIX_YEARS_DAYS
      ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
