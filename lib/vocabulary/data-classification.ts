/**
 * The data-classification vocabulary, written once: the tag constructs put on what holds PHI,
 * the value the gate rules and the Config rule handlers select by, and the report's wording.
 * A leaf module (no imports), so constructs, rules, Lambda handlers and the report can all
 * load it without loading each other.
 */

/** Tag key that classifies a data store or a compute resource. */
export const DATA_CLASSIFICATION_TAG = 'DataClassification';

/** Tag value of a resource that holds or processes PHI. */
export const PHI_CLASSIFICATION = 'PHI';

/**
 * Tag value of a bucket that holds audit records: the log files a CloudTrail trail delivers
 * (HipaaTrail's bucket). Not a PHI store of the workload; the gate accepts it only on a bucket
 * that a trail in the same template delivers to (HipaaGap-DataStoreClassification).
 */
export const AUDIT_LOG_CLASSIFICATION = 'AuditLog';
