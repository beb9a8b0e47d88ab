import { Stack, Token } from 'aws-cdk-lib';
import { HipaaValidationError } from '../../lib/errors';
import { namesAwsManagedKey } from '../../lib/compliance/rules/kms/aws-managed-alias';
import { Check } from './checks';
import { describeValue } from './describe';

/**
 * A customer-managed KMS key (an `IKey`): an AWS managed key (`alias/aws/s3`,
 * `alias/aws/dynamodb`, ... by alias, alias ARN or `kms.Alias.fromAliasName`)
 * is refused, as its policy cannot be scoped or audited and its use cannot be
 * revoked; the customer-managed key is the safeguard (§164.312(a)(2)(iv)).
 */
export function customerManagedKey(): Check {
  return (scope, prop, value) => {
    const key = value as { keyArn?: unknown; keyId?: unknown; aliasName?: unknown } | null;
    if (typeof key !== 'object' || key === null || typeof key.keyArn !== 'string') {
      throw new HipaaValidationError(scope, prop, 'INVALID_VALUE', `${prop} is ${describeValue(scope, value)}; pass a KMS key (an IKey), ` +
        'e.g. new HipaaKey(this, \'Key\').key or kms.Key.fromKeyArn(...) for a customer-managed key of your own.');
    }
    const stack = Stack.of(scope);
    const alias = typeof key.aliasName === 'string' && !Token.isUnresolved(key.aliasName) ? key.aliasName : undefined;
    const resolve = (v: unknown) => { try { return stack.resolve(v); } catch { return undefined; } };
    if ((alias !== undefined && alias.startsWith('alias/aws/')) || namesAwsManagedKey(resolve(key.keyArn)) || namesAwsManagedKey(resolve(key.keyId))) {
      throw new HipaaValidationError(scope, prop, 'WEAKENS_SAFEGUARD', `${prop} is ${alias ? `'${alias}'` : describeValue(scope, value)}, an AWS managed key; ` +
        'PHI needs a customer-managed key whose policy the account controls and audits. Leave the prop out for a new HipaaKey, or pass one.');
    }
  };
}
