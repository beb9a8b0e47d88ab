import { GapRule, RuleVerdict } from '../rule';
import { asArray, statementsOf } from '../template';
import { flattenString, servicePrincipalsOf } from '../iam/role-policies';

const CONTEXT_KEY = 'kms:encryptioncontext:aws:logs:arn';
const EXACT_OPERATORS = ['arnequals', 'stringequals'];
const PATTERN_OPERATORS = ['arnlike', 'stringlike'];

/** True for `logs.amazonaws.com` and `logs.<region>.amazonaws.com` in any form CDK writes it. */
function isLogsPrincipal(principal: string): boolean {
  return /^logs\.([^.]+\.)?amazonaws\.com(\.cn)?$/.test(principal);
}

/**
 * True when the statement binds the Logs encryption context to exactly one
 * log group: one value, and no wildcard in it.
 */
export function boundToOneLogGroup(statement: Record<string, any>): boolean {
  const condition = statement.Condition;
  if (!condition || typeof condition !== 'object') return false;
  for (const [operator, keys] of Object.entries(condition)) {
    const op = operator.toLowerCase();
    if (!EXACT_OPERATORS.includes(op) && !PATTERN_OPERATORS.includes(op)) continue;
    for (const [key, value] of Object.entries(keys as Record<string, unknown>)) {
      if (key.toLowerCase() !== CONTEXT_KEY) continue;
      const values = asArray<unknown>(value as unknown);
      if (values.length !== 1) return false;
      const text = flattenString(values[0]);
      if (text === undefined) return false;
      if (!/:log-group:[^:]+$/.test(text)) return false;
      return !PATTERN_OPERATORS.includes(op) || !/[*?]/.test(text);
    }
  }
  return false;
}

/**
 * Each key-policy statement that lets CloudWatch Logs use a key names the one
 * log group it serves (`kms:EncryptionContext:aws:logs:arn`), so no other log
 * group of the account can be encrypted with, or decrypted by, that key.
 */
export const LogsKeyOneLogGroup: GapRule = {
  id: 'LogsKeyOneLogGroup',
  resourceTypes: ['AWS::KMS::Key'],
  description: 'The key policy lets CloudWatch Logs use the key for more than one named log group (no kms:EncryptionContext:aws:logs:arn ' +
    'condition, a wildcard in it, or several values), so any log group of the account may be encrypted with it.',
  fix: 'Use HipaaLogGroup (one statement per log group) or HipaaKey.allowCloudWatchLogs(logGroupName) with an exact name.',
  safeguard: '164.312(a)(2)(iv) encryption at rest',
  evaluate({ resource }) {
    const logsStatements = statementsOf(resource.Properties?.KeyPolicy)
      .filter((s) => s.Effect === 'Allow' && servicePrincipalsOf(s).some(isLogsPrincipal));
    if (logsStatements.length === 0) return RuleVerdict.NOT_APPLICABLE;
    return logsStatements.every(boundToOneLogGroup) ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
