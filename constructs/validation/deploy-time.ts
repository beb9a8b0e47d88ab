import { CfnRule, Fn, Names, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { HipaaValidationError } from '../../lib/errors';
import { describeToken, parameterOf } from './describe';

/** Bounds a numeric token must meet when CloudFormation resolves it. */
export interface NumberBounds {
  readonly min?: number;
  readonly max?: number;
  /** The only values AWS accepts (e.g. CloudWatch Logs retention days); those within min..max are kept. */
  readonly allowed?: readonly number[];
}

/**
 * Makes CloudFormation check a numeric token at deploy time, or refuses it.
 *
 * A token that is a plain `Ref` to a `CfnParameter` of type `Number` gets the
 * bound as the parameter's `MinValue` / `MaxValue` (and `AllowedValues` when AWS
 * accepts only a set): CloudFormation rejects a stack create or update whose
 * parameter value falls outside them before it touches any resource
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html).
 * Bounds already on the parameter are kept when they are tighter. A template
 * `Rules` assertion cannot do this: rule functions compare strings only
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-rules.html).
 * Any other token (an attribute, an import, an expression) cannot be checked
 * before the safeguard depends on it, so it is refused with a clear error.
 */
export function boundNumberAtDeploy(scope: IConstruct, prop: string, token: unknown, bounds: NumberBounds, why: string): void {
  const found = parameterOf(scope, token);
  if (!found) {
    throw new HipaaValidationError(scope, prop, 'UNRESOLVED_TOKEN', `${prop} is ${describeToken(scope, token)}; ${why}, so it must be known at synth ` +
      "or be a CloudFormation parameter of type 'Number' (CfnParameter.valueAsNumber), which CloudFormation checks at deploy time.");
  }
  const { parameter, logicalId } = found;
  if (parameter.type !== 'Number') {
    throw new HipaaValidationError(scope, prop, 'UNRESOLVED_TOKEN', `${prop} is ${describeToken(scope, token)} of type '${parameter.type}'; declare the parameter ` +
      `with type: 'Number' so CloudFormation can enforce ${rangeText(bounds)} at deploy time (${why}).`);
  }
  const min = Math.max(parameter.minValue ?? -Infinity, bounds.min ?? -Infinity);
  const max = Math.min(parameter.maxValue ?? Infinity, bounds.max ?? Infinity);
  if (min > max) {
    throw new HipaaValidationError(scope, prop, 'INCONSISTENT', `${prop} is CloudFormation parameter ${logicalId}, whose MaxValue ${parameter.maxValue} ` +
      `is below the ${bounds.min} required (${why}); raise or remove its MaxValue.`);
  }
  if (Number.isFinite(min)) parameter.minValue = min;
  if (Number.isFinite(max)) parameter.maxValue = max;
  if (bounds.allowed) {
    const existing = parameter.allowedValues?.map(Number);
    const allowed = bounds.allowed.filter((v) => v >= min && v <= max && (existing === undefined || existing.includes(v)));
    if (allowed.length === 0) {
      throw new HipaaValidationError(scope, prop, 'INCONSISTENT', `${prop} is CloudFormation parameter ${logicalId}, whose AllowedValues leave no value ` +
        `that meets ${rangeText(bounds)} (${why}); widen its AllowedValues.`);
    }
    parameter.allowedValues = allowed.map(String);
  }
}

/**
 * Makes CloudFormation check a string token against the only values that keep a
 * safeguard, with a template `Rules` assertion (`Fn::Contains` over the
 * parameter), or refuses a token that is not a plain parameter. CloudFormation
 * evaluates rule assertions before it creates or updates any resource and fails
 * the operation with the assertion's description
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/rules-section-structure.html).
 */
export function assertStringAtDeploy(scope: IConstruct, prop: string, token: string, allowed: readonly string[], why: string): void {
  const found = parameterOf(scope, token);
  if (!found) {
    throw new HipaaValidationError(scope, prop, 'UNRESOLVED_TOKEN', `${prop} is ${describeToken(scope, token)}; ${why}, so it must be known at synth ` +
      'or be a CloudFormation parameter (CfnParameter.valueAsString), which a template rule checks at deploy time.');
  }
  const stack = Stack.of(scope);
  const id = `HipaaAssert${Names.uniqueId(scope).slice(-40)}${prop.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 200);
  if (stack.node.tryFindChild(id)) return;
  new CfnRule(stack, id, {
    assertions: [{
      assert: Fn.conditionContains([...allowed], token),
      assertDescription: `${scope.node.path}: ${prop} (parameter ${found.logicalId}) must be one of ${allowed.join(', ')}: ${why}.`,
    }],
  });
}

function rangeText(bounds: NumberBounds): string {
  if (bounds.min !== undefined && bounds.max !== undefined) return `${bounds.min} to ${bounds.max}`;
  if (bounds.min !== undefined) return `at least ${bounds.min}`;
  return `at most ${bounds.max}`;
}
