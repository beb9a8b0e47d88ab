/**
 * The disaster-recovery declaration, written once: the template metadata an app's stacks carry
 * (written by declareDisasterRecoveryRegion) and the gate's DR rules read. A leaf module (no
 * imports), so the construct layer and the rules load it without loading each other.
 */

/** Template metadata key under which an app declares its disaster-recovery region. */
export const DR_METADATA_KEY = 'cdk-hipaa:DisasterRecovery';

/** What a template's `cdk-hipaa:DisasterRecovery` metadata says. */
export interface DisasterRecoveryDeclaration {
  /** The disaster-recovery region of the app. */
  readonly Region: string;
  /** `primary`: the stack holds the live data; `recovery`: the stack holds the copies in the DR region. */
  readonly Role: 'primary' | 'recovery';
}

/** The app's disaster-recovery declaration as this template carries it, if any. */
export function disasterRecoveryOf(template: { readonly [key: string]: unknown }): DisasterRecoveryDeclaration | undefined {
  const metadata = template.Metadata as Record<string, unknown> | undefined;
  const d = metadata?.[DR_METADATA_KEY] as Partial<DisasterRecoveryDeclaration> | undefined;
  if (!d || typeof d.Region !== 'string' || (d.Role !== 'primary' && d.Role !== 'recovery')) return undefined;
  return { Region: d.Region, Role: d.Role };
}
