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
  evaluate({ resource, template }) {
    const days = resource.Properties?.RetentionInDays;
    if (days === undefined) return RuleVerdict.COMPLIANT; // never expires
    // A parameter: compliant only when CloudFormation itself refuses a shorter value (MinValue, or AllowedValues all long enough).
    const parameter = typeof days?.Ref === 'string' ? (template.Parameters as Record<string, any> | undefined)?.[days.Ref] : undefined;
    if (parameter) {
      const allowed: unknown[] | undefined = parameter.AllowedValues;
      const floor = Math.max(parameter.MinValue !== undefined ? Number(parameter.MinValue) : -Infinity, allowed ? Math.min(...allowed.map(Number)) : -Infinity);
      return parameter.Type === 'Number' && floor >= SIX_YEARS_IN_DAYS ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
    }
    return Number(days) >= SIX_YEARS_IN_DAYS ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
