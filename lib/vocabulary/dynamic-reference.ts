/**
 * CloudFormation dynamic references to a secret: `{{resolve:secretsmanager:...}}` and
 * `{{resolve:ssm-secure:...}}`. CloudFormation resolves them at deploy time and never shows
 * the value in the template, its events or `describe-stacks`; a literal, or a parameter,
 * would sit in the template or the stack's parameters.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-ssm-secure-strings.html
 * A leaf module (no imports): constructs and gate rules judge a value the same way.
 */
const SECRET_REFERENCE = /^\{\{resolve:(secretsmanager|ssm-secure):/;

/**
 * True when `value`, as it appears in a template, is wholly one secret dynamic reference: a string, or an
 * `Fn::Join` with an empty separator whose first part opens the reference and whose last literal part closes
 * it (a secret named by a token, as aws-cdk-lib renders `SecretValue.secretsManager(secret.secretArn)`).
 */
export function isSecretDynamicReference(value: unknown): boolean {
  if (typeof value === 'string') return SECRET_REFERENCE.test(value) && value.endsWith('}}') && value.indexOf('}}') === value.length - 2;
  const join = value && typeof value === 'object' ? (value as Record<string, unknown>)['Fn::Join'] : undefined;
  if (!Array.isArray(join) || join[0] !== '' || !Array.isArray(join[1])) return false;
  const parts = join[1] as unknown[];
  const first = parts[0];
  const last = parts[parts.length - 1];
  return parts.length > 1 && typeof first === 'string' && SECRET_REFERENCE.test(first) && !first.includes('}}')
    && typeof last === 'string' && last.endsWith('}}') && last.indexOf('}}') === last.length - 2;
}
