import { CfnParameter, Duration, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

const MAX_SHOWN = 80;

/**
 * A prop's value as an error message shows it: strings quoted and shortened,
 * numbers as written (NaN, Infinity), durations as `Duration.days(n)`, arrays
 * and objects by their members, and a token never as `${Token[...]}` or
 * `-1.888e+289` but as what it stands for (`a token (CloudFormation parameter X)`).
 */
export function describeValue(scope: IConstruct, value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (isDuration(value)) {
    return value.isUnresolved() ? `Duration.${value.unitLabel()}(${describeToken(scope, amountOf(value))})` : value.toString();
  }
  if (typeof value === 'string') {
    if (Token.isUnresolved(value)) return describeToken(scope, value);
    return `'${value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value}'`;
  }
  if (typeof value === 'number') return Token.isUnresolved(value) ? describeToken(scope, value) : String(value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) {
    if (Token.isUnresolved(value)) return describeToken(scope, value);
    const shown = value.slice(0, 8).map((v) => describeValue(scope, v));
    return `[${shown.join(', ')}${value.length > 8 ? `, … (${value.length} items)` : ''}]`;
  }
  if (typeof value === 'symbol') return 'a symbol';
  if (Token.isUnresolved(value)) return describeToken(scope, value);
  const named = (value as { node?: { path?: unknown } }).node?.path;
  if (typeof named === 'string') return named;
  const ctor = (value as object).constructor?.name;
  if (ctor && ctor !== 'Object') return `a ${ctor}`;
  const keys = Object.keys(value as object);
  return keys.length === 0 ? '{}' : `an object with ${keys.slice(0, 6).join(', ')}`;
}

/**
 * What a token stands for, e.g. `a token (CloudFormation parameter RetentionDays)`,
 * `a token (attribute Arn of resource Key1234)`, or `a token (a CloudFormation expression)`.
 */
export function describeToken(scope: IConstruct, token: unknown): string {
  const parameter = parameterOf(scope, token);
  if (parameter) return `a token (CloudFormation parameter ${parameter.logicalId})`;
  let resolved: unknown;
  try {
    resolved = Stack.of(scope).resolve(token);
  } catch {
    return 'a token (resolved only at deploy time)';
  }
  if (resolved && typeof resolved === 'object' && !Array.isArray(resolved)) {
    const r = resolved as Record<string, unknown>;
    if (typeof r.Ref === 'string') return r.Ref.startsWith('AWS::') ? `a token (pseudo parameter ${r.Ref})` : `a token (reference to ${r.Ref})`;
    if (Array.isArray(r['Fn::GetAtt'])) return `a token (attribute ${String(r['Fn::GetAtt'][1])} of resource ${String(r['Fn::GetAtt'][0])})`;
    if (r['Fn::ImportValue'] !== undefined) return 'a token (an imported stack output)';
  }
  return 'a token (a CloudFormation expression resolved at deploy time)';
}

/** The CfnParameter a token is a plain `Ref` to, with its logical id, or undefined. */
export function parameterOf(scope: IConstruct, token: unknown): { parameter: CfnParameter; logicalId: string } | undefined {
  let stack: Stack;
  let resolved: unknown;
  try {
    stack = Stack.of(scope);
    resolved = stack.resolve(token);
  } catch {
    return undefined;
  }
  const ref = resolved && typeof resolved === 'object' ? (resolved as Record<string, unknown>).Ref : undefined;
  if (typeof ref !== 'string' || ref.startsWith('AWS::')) return undefined;
  for (const child of stack.node.findAll()) {
    if (child instanceof CfnParameter && stack.resolve(child.logicalId) === ref) return { parameter: child, logicalId: ref };
  }
  return undefined;
}

/** Duck-typed Duration check, so a Duration from another copy of aws-cdk-lib still counts. */
export function isDuration(value: unknown): value is Duration {
  return value instanceof Duration || (typeof value === 'object' && value !== null &&
    typeof (value as Duration).toDays === 'function' && typeof (value as Duration).unitLabel === 'function' && typeof (value as Duration).isUnresolved === 'function');
}

/** The raw amount of a duration (a number token when the duration is unresolved). */
export function amountOf(duration: Duration): number {
  return (duration as unknown as { amount: number }).amount;
}
