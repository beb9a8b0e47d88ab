import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { HipaaValidationError } from '../../lib/errors';
import { MIN_REASON_LENGTH, reasonProblem } from '../../lib/compliance/reason';
import { amountOf, describeValue, isDuration, parameterOf } from './describe';
import { boundNumberAtDeploy } from './deploy-time';

/**
 * One prop's check: throws a HipaaValidationError naming `prop`, the value and
 * the fix. Called only for a value that is not undefined, unless `required`.
 */
export interface Check {
  (scope: IConstruct, prop: string, value: unknown): void;
  readonly required?: boolean;
}

/** The checks of a props interface, by prop name. */
export type PropChecks<P> = { readonly [K in keyof P]-?: Check | undefined };

/**
 * Checks a construct's props before anything is built, as a JavaScript caller
 * (no compiler) may pass anything: each prop of `checks` that is given (or
 * required) is judged; props without a check are left to the construct.
 */
export function validateProps<P extends object>(scope: IConstruct, props: P | undefined, checks: Partial<PropChecks<P>>): void {
  if (props !== undefined && props !== null && (typeof props !== 'object' || Array.isArray(props))) {
    throw new HipaaValidationError(scope, 'props', 'INVALID_VALUE', `props is ${describeValue(scope, props)}; pass an object of props.`);
  }
  for (const [prop, check] of Object.entries(checks) as Array<[string, Check | undefined]>) {
    if (!check) continue;
    const value = (props as Record<string, unknown> | undefined | null)?.[prop];
    if (value === undefined && !check.required) continue;
    check(scope, prop, value);
  }
}

/** The check, also refusing an absent value. */
export function required(check: Check): Check {
  return Object.assign((scope: IConstruct, prop: string, value: unknown) => {
    if (value === undefined || value === null) {
      throw new HipaaValidationError(scope, prop, 'REQUIRED', `${prop} is ${describeValue(scope, value)}; it has no safe default, so pass it.`);
    }
    check(scope, prop, value);
  }, { required: true });
}

const fail = (scope: IConstruct, prop: string, code: Parameters<typeof failWith>[2], value: unknown, fix: string): never =>
  failWith(scope, prop, code, `${prop} is ${describeValue(scope, value)}; ${fix}`);

function failWith(scope: IConstruct, prop: string, code: ConstructorParameters<typeof HipaaValidationError>[2], message: string): never {
  throw new HipaaValidationError(scope, prop, code, message);
}

/**
 * A boolean. `'false'` is refused (it is truthy: `internetFacing: 'false'` would
 * give an internet-facing load balancer).
 */
export function bool(): Check {
  return (scope, prop, value) => {
    if (typeof value !== 'boolean') fail(scope, prop, 'INVALID_VALUE', value, 'use true or false (a boolean; a string such as \'false\' counts as true).');
  };
}

/** Options of {@link num}. */
export interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  /** Whole numbers only (AWS takes integers). */
  readonly integer?: boolean;
  /** The unit, for the message, e.g. 'GiB'. */
  readonly unit?: string;
  /**
   * Why the bound protects a safeguard. A token is then checked at deploy time
   * (parameter MinValue/MaxValue) or refused; without it a token that is not a
   * parameter is left for AWS to judge.
   */
  readonly safeguard?: string;
  /** The only values AWS accepts. */
  readonly allowed?: readonly number[];
}

/** A finite number within AWS's (or the safeguard's) limits. */
export function num(rule: NumberRule = {}): Check {
  return (scope, prop, value) => checkNumber(scope, prop, value, rule);
}

/** The number check of {@link num}, callable directly; returns the number, or undefined for a token. */
export function checkNumber(scope: IConstruct, prop: string, value: unknown, rule: NumberRule): number | undefined {
  const range = rangeOf(rule);
  if (typeof value !== 'number') {
    return fail(scope, prop, 'INVALID_VALUE', value, `use a number${range}${typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? ` (${value.trim()}, not a string)` : ''}.`);
  }
  if (Token.isUnresolved(value)) {
    if (rule.safeguard || parameterOf(scope, value)) {
      boundNumberAtDeploy(scope, prop, value, rule, rule.safeguard ?? `AWS accepts${range}`);
    }
    return undefined;
  }
  if (!Number.isFinite(value)) fail(scope, prop, 'OUT_OF_RANGE', value, `use a finite number${range}.`);
  const tooSmall = rule.min !== undefined && value < rule.min;
  const tooBig = rule.max !== undefined && value > rule.max;
  const notWhole = rule.integer && !Number.isInteger(value);
  const notAllowed = rule.allowed && !rule.allowed.includes(value);
  if (tooSmall || tooBig || notWhole || notAllowed) {
    const why = rule.safeguard && tooSmall ? ` (${rule.safeguard})` : '';
    fail(scope, prop, rule.safeguard && tooSmall ? 'WEAKENS_SAFEGUARD' : 'OUT_OF_RANGE', value,
      `use ${rule.integer ? 'a whole number' : 'a number'}${range}${why}${notAllowed ? `, one of ${rule.allowed!.join(', ')}` : ''}.`);
  }
  return value;
}

function rangeOf(rule: NumberRule): string {
  const unit = rule.unit ? ` ${rule.unit}` : '';
  if (rule.min !== undefined && rule.max !== undefined) return ` from ${rule.min} to ${rule.max}${unit}`;
  if (rule.min !== undefined) return ` of at least ${rule.min}${unit}`;
  if (rule.max !== undefined) return ` of at most ${rule.max}${unit}`;
  return '';
}

/** Options of {@link str}. */
export interface StringRule {
  /** The form AWS accepts. */
  readonly pattern?: RegExp;
  readonly maxLength?: number;
  /** The form in words, for the message, e.g. 'lower-case letters, digits, dots and hyphens, 3 to 63 characters'. */
  readonly rule?: string;
  /** An example of a good value, for the message. */
  readonly example?: string;
  /** Refuse a token (the value must be known at synth), saying why. */
  readonly literalBecause?: string;
  /** Accept '' (a prefix that may be empty). */
  readonly allowEmpty?: boolean;
  /** Extra judgement of the literal value: a problem in words, or undefined. */
  readonly judge?: (value: string) => string | undefined;
}

/** A non-empty string of the form AWS accepts; a token passes unless `literalBecause`. */
export function str(rule: StringRule = {}): Check {
  return (scope, prop, value) => {
    if (typeof value !== 'string') fail(scope, prop, 'INVALID_VALUE', value, `use a string${rule.rule ? ` of ${rule.rule}` : ''}.`);
    const text = value as string;
    if (Token.isUnresolved(text)) {
      if (rule.literalBecause) fail(scope, prop, 'UNRESOLVED_TOKEN', value, `${rule.literalBecause}; pass a literal string.`);
      return;
    }
    const example = rule.example ? ` e.g. '${rule.example}'` : '';
    if (text === '' && rule.allowEmpty) return;
    if (text.trim() === '') fail(scope, prop, 'INVALID_VALUE', value, `give a non-empty value${rule.rule ? ` of ${rule.rule}` : ''}${example ? `,${example}` : ''}.`);
    if ((rule.pattern && !rule.pattern.test(text)) || (rule.maxLength !== undefined && text.length > rule.maxLength)) {
      fail(scope, prop, 'INVALID_VALUE', value, `use ${rule.rule ?? `a value matching ${rule.pattern}`}${example ? `,${example}` : ''}.`);
    }
    const problem = rule.judge?.(text);
    if (problem) fail(scope, prop, 'INVALID_VALUE', value, problem);
  };
}

/** An array (not a string: `'Spark'` would be read character by character), each item passing `item`. */
export function list(item?: Check, options: { minItems?: number; maxItems?: number; what?: string } = {}): Check {
  return (scope, prop, value) => {
    const what = options.what ?? 'values';
    if (!Array.isArray(value)) {
      const hint = typeof value === 'string' ? ` ([${describeValue(scope, value)}], not a string)` : '';
      fail(scope, prop, 'INVALID_VALUE', value, `use an array of ${what}${hint}.`);
    }
    const items = value as unknown[];
    if (options.minItems !== undefined && items.length < options.minItems) fail(scope, prop, 'INVALID_VALUE', value, `give at least ${options.minItems} of ${what}.`);
    if (options.maxItems !== undefined && items.length > options.maxItems) fail(scope, prop, 'OUT_OF_RANGE', value, `give at most ${options.maxItems} ${what}.`);
    if (item) items.forEach((v, i) => item(scope, `${prop}[${i}]`, v));
  };
}

/** One of the listed values (an enum's members), compared with ===. */
export function oneOf(values: readonly unknown[], how: string): Check {
  return (scope, prop, value) => {
    if (!values.includes(value)) fail(scope, prop, 'INVALID_VALUE', value, `use ${how}.`);
  };
}

/** Options of {@link duration}. */
export interface DurationRule {
  /** Unit the bounds are in, and the unit a token must be given in. */
  readonly unit: 'seconds' | 'minutes' | 'hours' | 'days';
  readonly min?: number;
  readonly max?: number;
  /** Whole units only. */
  readonly whole?: boolean;
  /** Why the minimum protects a safeguard (a token is then bounded at deploy time or refused). */
  readonly safeguard?: string;
  /** Minimum enforced on a parameter at deploy time, when the construct judges a literal against it itself. @default min */
  readonly deployMin?: number;
}

/** A Duration (not a number: `rotationPeriod: 365` would fail later with a TypeError) within bounds. */
export function duration(rule: DurationRule): Check {
  return (scope, prop, value) => checkDuration(scope, prop, value, rule);
}

/** The check of {@link duration}, callable directly; the amount in `rule.unit`, or undefined for a token. */
export function checkDuration(scope: IConstruct, prop: string, value: unknown, rule: DurationRule): number | undefined {
  const unitName = rule.unit;
  const example = `Duration.${unitName}(${rule.min ?? 1})`;
  if (!isDuration(value)) {
    const hint = typeof value === 'number' && !Token.isUnresolved(value) ? ` (Duration.${unitName}(${value}), not a number)` : '';
    return fail(scope, prop, 'INVALID_VALUE', value, `use a Duration${hint}, e.g. ${example}.`);
  }
  if (value.isUnresolved()) {
    if (value.unitLabel() !== unitName) {
      fail(scope, prop, 'UNRESOLVED_TOKEN', value, `a duration from a token must be given in ${unitName} to be checked: Duration.${unitName}(parameter.valueAsNumber).`);
    }
    const amount = amountOf(value);
    if (rule.safeguard || parameterOf(scope, amount)) {
      boundNumberAtDeploy(scope, prop, amount, { min: rule.deployMin ?? rule.min, max: rule.max }, rule.safeguard ?? `AWS accepts${rangeOf({ ...rule, unit: unitName })}`);
    }
    return undefined;
  }
  const amount = convert(value, unitName);
  // Shown in the rule's unit ("rotationPeriod is 30 days"), the form of every other retention message.
  const shown = `${prop} is ${Number.isFinite(amount) ? Number(amount.toFixed(6)) : amount} ${unitName}`;
  if (!Number.isFinite(amount)) failWith(scope, prop, 'OUT_OF_RANGE', `${shown}; use a finite duration, e.g. ${example}.`);
  const tooSmall = rule.min !== undefined && amount < rule.min;
  if (tooSmall || (rule.max !== undefined && amount > rule.max) || (rule.whole && !Number.isInteger(amount))) {
    const why = rule.safeguard && tooSmall ? ` (${rule.safeguard})` : '';
    failWith(scope, prop, rule.safeguard && tooSmall ? 'WEAKENS_SAFEGUARD' : 'OUT_OF_RANGE',
      `${shown}; use ${rule.whole ? 'a whole number of ' : ''}${unitName}${rangeOf({ ...rule, unit: undefined })}${why}, e.g. ${example}.`);
  }
  return amount;
}

function convert(value: { toSeconds(o?: object): number }, unit: DurationRule['unit']): number {
  const seconds = value.toSeconds({ integral: false });
  return seconds / { seconds: 1, minutes: 60, hours: 3600, days: 86400 }[unit];
}

/** A plain object whose values each pass `item` (keys are shown as `prop.key`). */
export function record(item?: Check, what = 'values'): Check {
  return (scope, prop, value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || Token.isUnresolved(value)) {
      fail(scope, prop, 'INVALID_VALUE', value, `use an object of ${what}, e.g. { name: value }.`);
    }
    if (item) for (const [k, v] of Object.entries(value as object)) item(scope, `${prop}.${k}`, v);
  };
}

/** A nested props object, its members checked like props (names shown as `prop.member`). */
export function shape<P extends object>(checks: Partial<PropChecks<P>>): Check {
  return (scope, prop, value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(scope, prop, 'INVALID_VALUE', value, 'use an object.');
    for (const [member, check] of Object.entries(checks) as Array<[string, Check | undefined]>) {
      const v = (value as Record<string, unknown>)[member];
      if (check && (v !== undefined || check.required)) check(scope, `${prop}.${member}`, v);
    }
  };
}

/** An object with the named methods or properties, e.g. an ec2.IVpc (`selectSubnets`). */
export function hasMembers(what: string, ...members: string[]): Check {
  return (scope, prop, value) => {
    if (typeof value !== 'object' || value === null || members.some((m) => (value as Record<string, unknown>)[m] === undefined)) {
      fail(scope, prop, 'INVALID_VALUE', value, `pass ${what}.`);
    }
  };
}

/**
 * A justification, judged like an acknowledgement reason: at least 30
 * characters that are not only punctuation, spaces or the rule id repeated.
 */
export function reason(ruleId: string): Check {
  return (scope, prop, value) => {
    if (typeof value !== 'string') fail(scope, prop, 'INVALID_VALUE', value, 'use a sentence that tells an auditor why.');
    if (reasonProblem(ruleId, value as string) !== undefined) {
      fail(scope, prop, 'WEAKENS_SAFEGUARD', value, `give at least ${MIN_REASON_LENGTH} characters besides punctuation, spaces and the rule id ` +
        'that tell an auditor why (it is shown as the acknowledgement in the evidence report).');
    }
  };
}

/** CloudWatch Logs retention values (days) that keep six years or more; INFINITE (9999 in aws-cdk-lib) keeps events forever. */
export const SIX_YEAR_RETENTION_VALUES: readonly number[] = [2192, 2557, 2922, 3288, 3653];
const INFINITE_RETENTION = 9999;

/**
 * A `logs.RetentionDays` of six years or more (HIPAA documentation retention,
 * §164.316(b)(2)(i)). A CfnParameter gets AllowedValues of the six-year-or-longer
 * values CloudWatch Logs accepts, checked at deploy time.
 */
export function logRetention(): Check {
  return (scope, prop, value) => {
    if (typeof value === 'number' && Token.isUnresolved(value)) {
      boundNumberAtDeploy(scope, prop, value, { min: 2192, allowed: SIX_YEAR_RETENTION_VALUES }, 'audit logs are kept at least six years');
      return;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      fail(scope, prop, 'INVALID_VALUE', value, 'use a logs.RetentionDays member of six years or longer, e.g. logs.RetentionDays.SIX_YEARS.');
    }
    if (value === INFINITE_RETENTION || SIX_YEAR_RETENTION_VALUES.includes(value as number)) return;
    failWith(scope, prop, (value as number) < 2192 ? 'WEAKENS_SAFEGUARD' : 'INVALID_VALUE', `${prop} is ${value} days; audit logs must be kept at least ` +
      '2192 days (six years, §164.316(b)(2)(i)), in a value CloudWatch Logs accepts. Use logs.RetentionDays.SIX_YEARS or longer.');
  };
}
