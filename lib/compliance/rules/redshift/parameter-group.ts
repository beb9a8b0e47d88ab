import { CfnTemplate } from '../template';

/**
 * The value of `parameter` in the cluster parameter group `groupRef` points to, when that
 * group is defined in the same template; undefined for Redshift's default group or one
 * outside the template, which cannot be verified.
 */
export function redshiftParameterValue(template: CfnTemplate, groupRef: unknown, parameter: string): string | undefined {
  const logicalId = groupRef && typeof groupRef === 'object' ? (groupRef as { Ref?: unknown }).Ref : undefined;
  if (typeof logicalId !== 'string') return undefined;
  const group = template.Resources?.[logicalId];
  if (!group || group.Type !== 'AWS::Redshift::ClusterParameterGroup') return undefined;
  const parameters: unknown = group.Properties?.Parameters;
  if (!Array.isArray(parameters)) return undefined;
  const entry = parameters.find((p) => p && typeof p === 'object' && String((p as Record<string, unknown>).ParameterName).toLowerCase() === parameter);
  const value = entry ? (entry as Record<string, unknown>).ParameterValue : undefined;
  return value === undefined ? undefined : String(value).toLowerCase();
}
