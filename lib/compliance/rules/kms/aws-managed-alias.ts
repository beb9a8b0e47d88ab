/**
 * Whether a key reference in a template names an AWS managed key (`alias/aws/...`),
 * in any form CloudFormation accepts: a plain string, an `Fn::Join` (which
 * `kms.Alias.fromAliasName` and ARNs built with `Aws.PARTITION` produce), an
 * `Fn::Sub` template, or nested inside other functions. AWS managed keys have
 * policies the account cannot scope or audit, so a rule that requires a
 * customer-managed key refuses them however they are written.
 */
export function namesAwsManagedKey(value: unknown): boolean {
  return textsOf(value).some((text) => /(^|[:/])alias\/aws\//.test(text) || text.startsWith('alias/aws/'));
}

/** The literal texts a CloudFormation value can produce, with Fn::Join parts joined (non-literal parts as a NUL). */
function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (value === null || typeof value !== 'object') return [];
  const v = value as Record<string, unknown>;
  const join = v['Fn::Join'];
  const joined: string[] = [];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    joined.push(join[1].map((p) => (typeof p === 'string' ? p : '\u0000')).join(join[0]));
  }
  return [...joined, ...Object.values(v).flatMap(textsOf)];
}
