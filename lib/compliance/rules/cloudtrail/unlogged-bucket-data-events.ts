import { AppGapRule } from '../app-rule';
import { dataEventCoverage, trailsOf } from './data-event-coverage';

/**
 * Every bucket without S3 server access logging has its object reads and writes recorded as
 * CloudTrail data events by a logging trail of the app: otherwise nothing records who read or
 * changed its objects. This is the fact `HipaaLogBucket`'s acknowledgement of its missing access
 * logging states (a log bucket cannot log into itself). Applies only when the app defines a
 * trail: an app without one relies on a trail managed elsewhere (an organization trail), which
 * a template cannot show.
 */
export const UnloggedBucketDataEvents: AppGapRule = {
  id: 'UnloggedBucketDataEvents',
  description: 'A bucket without S3 server access logging (e.g. a HipaaLogBucket) has no trail in the app recording its object reads and writes as data events: ' +
    'nothing records who read or changed its objects, and the acknowledgement of its missing access logging is not true.',
  fix: 'Let a HipaaTrail record it: the default TrailDataEvents.allBucketsAndTables(), or TrailDataEvents.of({ buckets }) naming it too (HipaaLogBucket.forStack(scope).bucket).',
  safeguard: '164.312(b) audit controls',
  evaluateApp(templates) {
    if (trailsOf(templates).length === 0) return [];
    return dataEventCoverage(templates, (r) => r.Type === 'AWS::S3::Bucket' && r.Properties?.LoggingConfiguration === undefined)
      .filter((c) => c.trails.length === 0).map((c) => ({ templatePath: c.store.templatePath, logicalId: c.store.logicalId }));
  },
};
