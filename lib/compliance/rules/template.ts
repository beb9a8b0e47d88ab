import { disasterRecoveryOf } from '../../vocabulary/disaster-recovery';

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
  readonly DependsOn?: string | string[];
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
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

/** Logical ids of the resources of one of `types` that `value` refers to (Ref or GetAtt). */
export function idsReferredBy(template: CfnTemplate, types: readonly string[], value: unknown): string[] {
  return Object.entries(template.Resources ?? {}).filter(([id, r]) => types.includes(r.Type) && refersTo(value, id)).map(([id]) => id);
}

/**
 * Logical ids of the resources of one of `types` whose property `property` (a value or a list)
 * refers to `logicalId`: the policies naming a role, the load balancers naming a security group.
 */
export function idsReferringTo(template: CfnTemplate, types: readonly string[], property: string, logicalId: string): string[] {
  return Object.entries(template.Resources ?? {})
    .filter(([, r]) => types.includes(r.Type) && asArray<unknown>(r.Properties?.[property]).some((v) => refersTo(v, logicalId)))
    .map(([id]) => id);
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

/**
 * Every resource `logicalId` waits for before CloudFormation creates it: its DependsOn and the
 * resources its properties reference (Ref, Fn::GetAtt, `${X}` in Fn::Sub), transitively.
 */
export function dependencyClosure(template: CfnTemplate, logicalId: string): Set<string> {
  const resources = template.Resources ?? {};
  const seen = new Set<string>();
  const direct = (id: string): string[] => {
    const r = resources[id];
    if (!r) return [];
    const out = new Set<string>(asArray(r.DependsOn));
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) { v.forEach(walk); return; }
      if (!v || typeof v !== 'object') return;
      const o = v as Record<string, unknown>;
      if (typeof o.Ref === 'string' && resources[o.Ref]) out.add(o.Ref);
      const getAtt = o['Fn::GetAtt'];
      if (Array.isArray(getAtt) && typeof getAtt[0] === 'string' && resources[getAtt[0]]) out.add(getAtt[0]);
      const sub = o['Fn::Sub'];
      const subText = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
      for (const m of subText?.matchAll(/\$\{([A-Za-z0-9]+)(\.[A-Za-z0-9.]+)?\}/g) ?? []) if (resources[m[1]]) out.add(m[1]);
      Object.values(o).forEach(walk);
    };
    walk(r.Properties);
    return [...out];
  };
  const stack = direct(logicalId);
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...direct(id));
  }
  return seen;
}

/** An intrinsic value as text, for pattern checks: `Fn::Join` joined, `{Ref: X}` as `<X>`, other intrinsics as `<?>`. */
/**
 * The disaster-recovery region when this template is a primary stack of an app that declares
 * one (the region's copies are what the DR rules check); undefined otherwise.
 */
export function disasterRecoveryRegionOfPrimary(template: CfnTemplate): string | undefined {
  const dr = disasterRecoveryOf(template);
  return dr?.Role === 'primary' ? dr.Region : undefined;
}

/** True when an ARN (literal or built with intrinsics) names `service` in `region`, e.g. `:kms:us-west-2:`. */
export function arnInRegion(arn: unknown, service: string, region: string): boolean {
  return flattenValue(arn).includes(`:${service}:${region}:`);
}

export function flattenValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (!value || typeof value !== 'object' || Array.isArray(value)) return '<?>';
  const o = value as Record<string, unknown>;
  if (typeof o.Ref === 'string') return `<${o.Ref}>`;
  const join = o['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) return join[1].map(flattenValue).join(join[0]);
  return '<?>';
}

/** True when the value refers to the pseudo parameter AWS::StackId anywhere inside it. */
export function refersToStackId(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(refersToStackId);
  if (!value || typeof value !== 'object') return false;
  const o = value as Record<string, unknown>;
  if (o.Ref === 'AWS::StackId') return true;
  const sub = o['Fn::Sub'];
  if (typeof sub === 'string' && sub.includes('${AWS::StackId}')) return true;
  return Object.values(o).some(refersToStackId);
}
