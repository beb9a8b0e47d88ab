/**
 * Minimal read-only model of a synthesized CloudFormation template, as the gap
 * rules see it. Rules judge this final JSON (not the construct tree) so that an
 * escape-hatch override (`addPropertyOverride`, `addPropertyDeletionOverride`)
 * that removes a safeguard is still caught.
 */
export interface CfnTemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
  readonly Metadata?: Record<string, any>;
  readonly Condition?: string;
}

export interface CfnTemplate {
  readonly Resources?: Record<string, CfnTemplateResource>;
  readonly [key: string]: unknown;
}

/** One resource under evaluation, with the whole template for cross-references. */
export interface RuleSubject {
  readonly logicalId: string;
  readonly resource: CfnTemplateResource;
  readonly template: CfnTemplate;
}

/** True when `value` is `{ Ref: logicalId }` or `{ "Fn::GetAtt": [logicalId, ...] }`. */
export function refersTo(value: unknown, logicalId: string): boolean {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  if (v.Ref === logicalId) return true;
  const getAtt = v['Fn::GetAtt'];
  return Array.isArray(getAtt) && getAtt[0] === logicalId;
}

/** All resources of one CloudFormation type, as [logicalId, resource] pairs. */
export function resourcesOfType(template: CfnTemplate, type: string): Array<[string, CfnTemplateResource]> {
  return Object.entries(template.Resources ?? {}).filter(([, r]) => r.Type === type);
}

/** IAM policy statements as an array, whatever the template's shape. */
export function statementsOf(policyDocument: unknown): Array<Record<string, any>> {
  if (!policyDocument || typeof policyDocument !== 'object') return [];
  const statement = (policyDocument as Record<string, unknown>).Statement;
  if (Array.isArray(statement)) return statement as Array<Record<string, any>>;
  return statement && typeof statement === 'object' ? [statement as Record<string, any>] : [];
}

/** A scalar or array IAM value as an array. */
export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** True when the value is a literal (not an intrinsic function or Ref). */
export function isLiteral(value: unknown): boolean {
  return value === null || typeof value !== 'object' || Array.isArray(value);
}
