import { GapRule, RuleVerdict } from '../rule';

/** Symmetric customer-managed keys rotate their key material automatically. */
export const KmsKeyRotation: GapRule = {
  id: 'KmsKeyRotation',
  resourceTypes: ['AWS::KMS::Key'],
  description: 'The symmetric KMS key does not have automatic key rotation enabled.',
  fix: 'Use HipaaKey, or set `enableKeyRotation: true`, and do not override EnableKeyRotation.',
  safeguard: '164.312(a)(2)(iv) encryption at rest',
  evaluate({ resource }) {
    const spec = resource.Properties?.KeySpec ?? 'SYMMETRIC_DEFAULT';
    // Rotation exists only for symmetric encryption keys (and HMAC keys since 2024, not used here).
    if (spec !== 'SYMMETRIC_DEFAULT') return RuleVerdict.NOT_APPLICABLE;
    const rotation = resource.Properties?.EnableKeyRotation;
    return rotation === true || rotation === 'true' ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
