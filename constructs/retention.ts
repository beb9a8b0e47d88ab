import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { HipaaValidationError } from '../lib/errors';

/** HIPAA documentation retention (§164.316(b)(2)(i)): six years, as CloudWatch counts them. */
export const SIX_YEARS = Duration.days(2192);

/** Whole days of a duration, or undefined when it is a token. */
export function daysOf(duration: Duration): number | undefined {
  const days = duration.toDays({ integral: false });
  return Token.isUnresolved(days) ? undefined : days;
}

/**
 * Throws when `value` (a prop named `propName`) is shorter than `minimum`:
 * used wherever a lifecycle could delete data that must be retained.
 */
export function requireAtLeast(scope: IConstruct, propName: string, value: Duration, minimum: Duration, why: string): void {
  const days = daysOf(value);
  const min = daysOf(minimum);
  if (days === undefined || min === undefined) return;
  if (days < min) {
    throw new HipaaValidationError(scope, propName, 'WEAKENS_SAFEGUARD', `${propName} is ${days} days, shorter than the ${min} days required (${why}). ` +
      `Use at least Duration.days(${min}), or lower the retention requirement explicitly.`);
  }
}

/** Throws unless `value` is a positive whole number of days. */
export function requireWholeDays(scope: IConstruct, propName: string, value: Duration): void {
  const days = daysOf(value);
  if (days === undefined) return;
  if (!Number.isInteger(days) || days < 1) {
    throw new HipaaValidationError(scope, propName, 'OUT_OF_RANGE', `${propName} is ${days} days; S3 lifecycle rules take a whole number of days of at least 1.`);
  }
}
