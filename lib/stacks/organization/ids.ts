import { CfnParameter, Stack, Token } from 'aws-cdk-lib';
import { HipaaValidationError } from '../../errors';

/**
 * An organization, account or OU id from the given value (context) or, when absent, a
 * CloudFormation parameter with no default and a pattern, so synth needs no account and no
 * id is ever invented. Literal values are checked against `pattern`.
 */
export function idOrParameter(stack: Stack, name: string, value: string | undefined, pattern: string, description: string): string {
  if (value !== undefined) {
    if (!Token.isUnresolved(value) && !new RegExp(`^${pattern}$`).test(value)) {
      throw new HipaaValidationError(stack, name, 'INVALID_VALUE', `${name} is '${String(value).slice(0, 80)}', which does not match ${pattern}; ${description}.`);
    }
    return value;
  }
  return new CfnParameter(stack, name.charAt(0).toUpperCase() + name.slice(1), {
    type: 'String',
    allowedPattern: pattern,
    description,
  }).valueAsString;
}

export const ACCOUNT_ID_PATTERN = '\\d{12}';
export const ORGANIZATION_ID_PATTERN = 'o-[a-z0-9]{10,32}';
export const OU_ID_PATTERN = '(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})';
export const BUCKET_NAME_PATTERN = '[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]';
export const KEY_ARN_PATTERN = 'arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[0-9a-f-]{36}';
