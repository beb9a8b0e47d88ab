import { RuleSubject } from './template';
import { HipaaSafeguard } from '../../vocabulary/safeguards';

/** What a rule concluded about one resource. */
export enum RuleVerdict {
  COMPLIANT = 'COMPLIANT',
  NON_COMPLIANT = 'NON_COMPLIANT',
  /** The rule does not apply (e.g. an asymmetric key for a rotation rule). */
  NOT_APPLICABLE = 'NOT_APPLICABLE',
}

// The safeguard vocabulary lives in one leaf module; the rules name it from there.
export type { HipaaSafeguard } from '../../vocabulary/safeguards';

/**
 * One gap-filling rule: a pure function of one synthesized resource, in the
 * style of cdk-nag's rules (`src/rules/<service>/<Rule>.ts`).
 */
export interface GapRule {
  /** Rule id without the pack prefix, e.g. `S3BucketTlsPolicy`. */
  readonly id: string;
  /** CloudFormation types this rule evaluates. */
  readonly resourceTypes: readonly string[];
  /** What is wrong when the rule fails, phrased for the person reading the report. */
  readonly description: string;
  /** How to fix it. */
  readonly fix: string;
  /** The safeguard the rule protects. */
  readonly safeguard: HipaaSafeguard;
  evaluate(subject: RuleSubject): RuleVerdict;
}
