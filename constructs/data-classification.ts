import { Tags, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { HipaaValidationError } from '../lib/errors';
import { MIN_REASON_LENGTH, suppress } from '../lib/compliance/suppress';
import { AUDIT_LOG_CLASSIFICATION, DATA_CLASSIFICATION_TAG, PHI_CLASSIFICATION } from '../lib/vocabulary/data-classification';

/**
 * Tags a data store with its classification. `PHI` in any spelling (' phi ')
 * becomes `PHI`, so a typo cannot drop the store from the PHI key rule; any other
 * value needs `justification`, which becomes the visible acknowledgement of
 * `HipaaGap-DataStoreClassification` on `resource` (which gets the tag), except
 * `AuditLog` without one: the gate accepts that only on a bucket a trail of the same
 * template delivers to, and reports it anywhere else.
 * @returns the tag value written
 */
export function applyDataClassification(scope: IConstruct, resource: IConstruct, value: string | undefined, justification: string | undefined): string {
  if (value !== undefined && Token.isUnresolved(value)) {
    throw new HipaaValidationError(scope, 'dataClassification', 'UNRESOLVED_TOKEN', 'dataClassification is a token; the PHI key rule selects stores by ' +
      "this tag, so it must be known at synth. Use 'PHI' (the default) or a literal value with nonPhiJustification.");
  }
  const normalized = (value ?? PHI_CLASSIFICATION).trim();
  const tag = normalized.toUpperCase() === PHI_CLASSIFICATION ? PHI_CLASSIFICATION : normalized;
  if (tag === PHI_CLASSIFICATION) {
    if (justification !== undefined) {
      throw new HipaaValidationError(scope, 'nonPhiJustification', 'INCONSISTENT', "nonPhiJustification is set but dataClassification is 'PHI'; remove the justification.");
    }
  } else if (tag !== AUDIT_LOG_CLASSIFICATION || justification !== undefined) {
    // AuditLog without a justification is judged on the template by HipaaGap-DataStoreClassification instead.
    if (!/^[\w .:/=+@-]{1,256}$/.test(tag)) {
      throw new HipaaValidationError(scope, 'dataClassification', 'INVALID_VALUE', `dataClassification is '${value}'; use a tag value of letters, digits, spaces and _.:/=+-@ (at most 256).`);
    }
    if ((justification ?? '').trim().length < MIN_REASON_LENGTH) {
      throw new HipaaValidationError(scope, 'dataClassification', 'WEAKENS_SAFEGUARD', `dataClassification is '${value}', which takes the store out of ` +
        `the PHI key rule of HipaaConfigRules; keep 'PHI' (the default), or give nonPhiJustification (at least ${MIN_REASON_LENGTH} characters) ` +
        'saying why this store never holds PHI.');
    }
    suppress(resource, 'HipaaGap-DataStoreClassification', justification!.trim());
  }
  Tags.of(resource).add(DATA_CLASSIFICATION_TAG, tag);
  return tag;
}
