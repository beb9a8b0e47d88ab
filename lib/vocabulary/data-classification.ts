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
