import { AppGapRule } from '../app-rule';
import { dataEventCoverage, trailsOf } from './data-event-coverage';

/**
 * Every bucket and table classified PHI (`DataClassification=PHI`) has its reads and
 * writes recorded by a logging trail of the app, and a table with a stream the reads of its
 * stream too (a stream record holds the item). Applies only when the app defines a
 * trail: an app without one relies on a trail managed elsewhere (an organization trail),
 * which a template cannot show.
 */
export const PhiStoreDataEvents: AppGapRule = {
  id: 'PhiStoreDataEvents',
  description: 'A bucket or table classified PHI has no trail in the app recording its data-plane reads and writes (for a table with a stream: and its stream reads), so nobody can tell who read or changed a record.',
  fix: 'Let a HipaaTrail record it: the default TrailDataEvents.allBucketsAndTables() (every bucket, table and stream), or TrailDataEvents.of({ buckets, tables }) naming it (a table\'s stream reads come with it).',
  safeguard: '164.312(b) audit controls',
  evaluateApp(templates) {
    if (trailsOf(templates).length === 0) return [];
    return dataEventCoverage(templates).filter((c) => c.trails.length === 0).map((c) => ({ templatePath: c.store.templatePath, logicalId: c.store.logicalId }));
  },
};
