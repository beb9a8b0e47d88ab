/**
 * The HIPAA safeguard vocabulary, written once: the sections our rules, the Config rule
 * mapping and the evidence report map their work to, with the words each audience reads.
 * A leaf module (no imports), so constructs, rules and the report all load it without
 * loading each other.
 */

/** §164.312(a)(1) access control. */
export const ACCESS_CONTROL = '164.312(a)(1) access control';
/** §164.312(a)(2)(iv) encryption and decryption (at rest). */
export const ENCRYPTION_AT_REST = '164.312(a)(2)(iv) encryption at rest';
/** §164.312(b) audit controls. */
export const AUDIT_CONTROLS = '164.312(b) audit controls';
/** §164.312(c)(1) integrity. */
export const INTEGRITY = '164.312(c)(1) integrity';
/** §164.312(d) person or entity authentication. */
export const AUTHENTICATION = '164.312(d) person or entity authentication';
/** §164.312(e)(1) transmission security. */
export const TRANSMISSION_SECURITY = '164.312(e)(1) transmission security';
/** §164.308(a)(7)(ii)(A) data backup plan. */
export const DATA_BACKUP = '164.308(a)(7)(ii)(A) data backup';
/** §164.308(a)(7)(ii)(B) disaster recovery plan. */
export const DISASTER_RECOVERY_PLAN = '164.308(a)(7)(ii)(B) disaster recovery plan';

/** A HIPAA Security Rule section a rule, a Config rule or a construct's default protects. */
export type HipaaSafeguard =
  | typeof ACCESS_CONTROL
  | typeof ENCRYPTION_AT_REST
  | typeof AUDIT_CONTROLS
  | typeof INTEGRITY
  | typeof AUTHENTICATION
  | typeof TRANSMISSION_SECURITY
  | typeof DATA_BACKUP
  | typeof DISASTER_RECOVERY_PLAN;

/**
 * A safeguard as the evidence report words it: what the resource does first, then the
 * citation (EVIDENCE_WORDING maps each section to it).
 */
export type EvidenceSafeguard =
  | 'encryption at rest §164.312(a)(2)(iv)'
  | 'encryption in transit §164.312(e)(1)'
  | 'audit controls §164.312(b)'
  | 'integrity §164.312(c)(1)'
  | 'access control §164.312(a)(1)'
  | 'authentication §164.312(d)'
  | 'backup §164.308(a)(7)(ii)(A)';

/**
 * The evidence report's words for each section a resource can implement. Disaster recovery
 * is judged per app, not per resource, so it has no entry.
 */
export const EVIDENCE_WORDING: Readonly<Record<Exclude<HipaaSafeguard, typeof DISASTER_RECOVERY_PLAN>, EvidenceSafeguard>> = {
  [ENCRYPTION_AT_REST]: 'encryption at rest §164.312(a)(2)(iv)',
  [TRANSMISSION_SECURITY]: 'encryption in transit §164.312(e)(1)',
  [AUDIT_CONTROLS]: 'audit controls §164.312(b)',
  [INTEGRITY]: 'integrity §164.312(c)(1)',
  [ACCESS_CONTROL]: 'access control §164.312(a)(1)',
  [AUTHENTICATION]: 'authentication §164.312(d)',
  [DATA_BACKUP]: 'backup §164.308(a)(7)(ii)(A)',
};
