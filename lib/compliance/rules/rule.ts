import { RuleSubject } from './template';

/** What a rule concluded about one resource. */
export enum RuleVerdict {
  COMPLIANT = 'COMPLIANT',
  NON_COMPLIANT = 'NON_COMPLIANT',
  /** The rule does not apply (e.g. an asymmetric key for a rotation rule). */
  NOT_APPLICABLE = 'NOT_APPLICABLE',
}

/** The HIPAA Security Rule technical safeguards (45 CFR §164.312) our rules map to. */
export type HipaaSafeguard =
  | '164.312(a)(1) access control'
  | '164.312(a)(2)(iv) encryption at rest'
  | '164.312(b) audit controls'
  | '164.312(c)(1) integrity'
  | '164.312(d) person or entity authentication'
  | '164.312(e)(1) transmission security'
  | '164.308(a)(7)(ii)(A) data backup'
  | '164.308(a)(7)(ii)(B) disaster recovery plan';

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
