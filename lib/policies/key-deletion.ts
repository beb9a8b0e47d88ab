import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * Deleting an audit or backup key destroys the evidence and the backups it encrypts
 * (KMS deletes the key material; nothing decrypts again). Design: one everyday
 * administrator must not be able to do it alone.
 *
 * - The key policy denies `kms:ScheduleKeyDeletion` to every principal but one break-glass
 *   role per region (`cdk-hipaa-key-deletion-<region>`, created by HipaaBaselineStack), named
 *   by ARN so no stack depends on another; until that role exists nobody can schedule deletion.
 * - The break-glass role is assumable only with MFA, and only by the principals given as
 *   `keyDeletionApprovers` (else by IAM principals of the account that are allowed to assume it);
 *   assuming it is an alarm of the trail, so the security topic hears of it.
 * - Scheduling deletion, changing a key policy and replacing a role's trust policy are CIS /
 *   audit alarms as well, and the pending window (30 days by default in HipaaKey) leaves the
 *   people told time to cancel with `kms:CancelKeyDeletion`, which stays allowed.
 *
 * In one account this is detection plus the pending window, not a two-person rule: an
 * administrator who may assume the role (or edit its trust) or replace the key policy can act
 * alone, and is seen. The two-person control is the organization SCP of constructs/guardrails
 * (DenyKeyDeletion, ProtectGuardrailRoles), managed from the management account.
 * https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys-adding-permission.html
 */
export const KEY_DELETION_ROLE_PREFIX = 'cdk-hipaa-key-deletion';

/** ARN of the break-glass role of this stack's region (a literal name: no cross-stack reference). */
export function keyDeletionRoleArn(): string {
  return `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${KEY_DELETION_ROLE_PREFIX}-${Aws.REGION}`;
}

/** Denies scheduling the key's deletion to everyone but the break-glass role. */
export function denyKeyDeletionStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'DenyKeyDeletionExceptBreakGlassRole',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:ScheduleKeyDeletion'],
    resources: ['*'],
    conditions: { ArnNotEquals: { 'aws:PrincipalArn': keyDeletionRoleArn() } },
  });
}
