import { GapRule, RuleVerdict } from '../rule';

/**
 * HIPAA documentation retention is six years (§164.316(b)(2)(i)); the nearest
 * CloudWatch Logs retention value is 2192 days.
 */
export const SIX_YEARS_IN_DAYS = 2192;

/** Log groups keep their events at least six years, or forever. */
export const LogGroupRetention: GapRule = {
  id: 'LogGroupRetention',
  resourceTypes: ['AWS::Logs::LogGroup'],
  description: `The log group retains events for less than ${SIX_YEARS_IN_DAYS} days (six years).`,
  fix: 'Set `retention: RetentionDays.SIX_YEARS` (or longer) on the log group.',
  safeguard: '164.312(b) audit controls',
  evaluate({ resource }) {
    const days = resource.Properties?.RetentionInDays;
    if (days === undefined) return RuleVerdict.COMPLIANT; // never expires
    return Number(days) >= SIX_YEARS_IN_DAYS ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
