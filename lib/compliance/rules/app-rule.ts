import { AppResourceRef, AppTemplate } from './cloudtrail/data-event-coverage';
import { HipaaSafeguard } from './rule';

/**
 * A gap rule judged across every template of the app at once (a trail in one
 * stack records the stores of the others): a pure function of the app's
 * synthesized templates that returns the non-compliant resources.
 */
export interface AppGapRule {
  /** Rule id without the pack prefix. */
  readonly id: string;
  /** What is wrong when the rule fails, phrased for the person reading the report. */
  readonly description: string;
  /** How to fix it. */
  readonly fix: string;
  /** The safeguard the rule protects. */
  readonly safeguard: HipaaSafeguard;
  evaluateApp(templates: readonly AppTemplate[]): AppResourceRef[];
}
