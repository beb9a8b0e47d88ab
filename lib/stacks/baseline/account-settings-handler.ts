import { EC2Client, EnableEbsEncryptionByDefaultCommand, ModifyEbsDefaultKmsKeyIdCommand } from '@aws-sdk/client-ec2';
import { GetAccountPasswordPolicyCommand, IAMClient, NoSuchEntityException, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { PutPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { CustomResourceEvent, CustomResourceResponse, putResponse } from '../../../constructs/internal/cfn-response';

/** The account settings, as CloudFormation passes them (strings). */
export interface AccountSettingsProperties {
  readonly AccountId: string;
  readonly MinimumPasswordLength: string;
  readonly MaxPasswordAge: string;
  readonly PasswordReusePrevention: string;
  /** An ARN to make the EBS default key, or empty to leave the account's default key as it is. */
  readonly EbsDefaultKmsKeyArn?: string;
}

/** The password policy the handler applies. */
export interface PasswordPolicy {
  readonly MinimumPasswordLength: number;
  readonly MaxPasswordAge: number;
  readonly PasswordReusePrevention: number;
  readonly RequireSymbols: true;
  readonly RequireNumbers: true;
  readonly RequireUppercaseCharacters: true;
  readonly RequireLowercaseCharacters: true;
  readonly AllowUsersToChangePassword: true;
  /** Kept when the account already has it (stricter); never turned on by this library. */
  readonly HardExpiry?: true;
}

/** The account's password policy as IAM returns it (GetAccountPasswordPolicy), the fields the handler reads. */
export interface ExistingPasswordPolicy {
  readonly MinimumPasswordLength?: number;
  readonly ExpirePasswords?: boolean;
  readonly MaxPasswordAge?: number;
  readonly PasswordReusePrevention?: number;
  readonly HardExpiry?: boolean;
}

/** The account calls (injected, so tests need no AWS). */
export interface AccountSettingsDeps {
  /** The current policy, or undefined when the account has none (IAM's NoSuchEntity). */
  getPasswordPolicy(): Promise<ExistingPasswordPolicy | undefined>;
  updatePasswordPolicy(policy: PasswordPolicy): Promise<void>;
  /** Turns EBS encryption by default on; sets the default key only when one is given. */
  enableEbsEncryptionByDefault(kmsKeyArn: string | undefined): Promise<void>;
  blockPublicAccess(accountId: string): Promise<void>;
  respond(url: string, response: CustomResourceResponse): Promise<void>;
}

/**
 * UpdateAccountPasswordPolicy does not support partial updates: a value left out reverts to its default
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html), so the handler
 * reads the current policy first (GetAccountPasswordPolicy, NoSuchEntity when there is none:
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountPasswordPolicy.html) and sends every value.
 *
 * The stricter of the account's policy and ours, value by value: the longer minimum length, the shorter
 * maximum age, the longer reuse history, hard expiry kept if set. A deployment only ever tightens.
 */
export function tightenPasswordPolicy(ours: PasswordPolicy, existing: ExistingPasswordPolicy | undefined): PasswordPolicy {
  if (!existing) return ours;
  const existingAge = existing.ExpirePasswords !== false && (existing.MaxPasswordAge ?? 0) > 0 ? existing.MaxPasswordAge! : undefined;
  return {
    ...ours,
    MinimumPasswordLength: Math.max(ours.MinimumPasswordLength, existing.MinimumPasswordLength ?? 0),
    MaxPasswordAge: existingAge === undefined ? ours.MaxPasswordAge : Math.min(ours.MaxPasswordAge, existingAge),
    PasswordReusePrevention: Math.max(ours.PasswordReusePrevention, existing.PasswordReusePrevention ?? 0),
    ...(existing.HardExpiry === true ? { HardExpiry: true as const } : {}),
  };
}

function wholeNumber(name: string, value: string | undefined, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} '${value}' must be a whole number from ${min} to ${max}.`);
  return n;
}

/**
 * Applies the account-level settings CloudFormation has no resource for: the
 * IAM password policy, EBS encryption by default (and its key, only when one is
 * given: a customer-managed default key already in place is never reset to
 * aws/ebs) and the S3 account-level public access block. It only tightens: each
 * password policy value is the stricter of the account's and ours. Delete leaves
 * them in place: removing the baseline stack must not silently weaken the account.
 */
export function createAccountSettingsHandler(deps: AccountSettingsDeps): (event: CustomResourceEvent<AccountSettingsProperties>) => Promise<CustomResourceResponse> {
  return async (event) => {
    const p = event.ResourceProperties;
    const base = { StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId };
    const physicalId = event.PhysicalResourceId ?? `account-settings-${p?.AccountId ?? 'unknown'}`;
    let response: CustomResourceResponse;
    let data: Record<string, string> | undefined;
    try {
      if (event.RequestType !== 'Delete') {
        if (!/^\d{12}$/.test(p.AccountId ?? '')) throw new Error(`AccountId '${p.AccountId}' is not a 12-digit account id.`);
        const key = p.EbsDefaultKmsKeyArn ? p.EbsDefaultKmsKeyArn : undefined;
        if (key !== undefined && !key.startsWith('arn:')) throw new Error(`EbsDefaultKmsKeyArn '${key}' is not a key ARN.`);
        const ours: PasswordPolicy = {
          MinimumPasswordLength: wholeNumber('MinimumPasswordLength', p.MinimumPasswordLength, 14, 128),
          MaxPasswordAge: wholeNumber('MaxPasswordAge', p.MaxPasswordAge, 1, 90),
          PasswordReusePrevention: wholeNumber('PasswordReusePrevention', p.PasswordReusePrevention, 24, 24),
          RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true,
          AllowUsersToChangePassword: true,
        };
        const policy = tightenPasswordPolicy(ours, await deps.getPasswordPolicy());
        await deps.updatePasswordPolicy(policy);
        await deps.enableEbsEncryptionByDefault(key);
        await deps.blockPublicAccess(p.AccountId);
        data = { MinimumPasswordLength: String(policy.MinimumPasswordLength), MaxPasswordAge: String(policy.MaxPasswordAge) };
      }
      response = { ...base, Status: 'SUCCESS', PhysicalResourceId: physicalId, ...(data ? { Data: data } : {}) };
    } catch (e) {
      response = { ...base, Status: 'FAILED', Reason: `${(e as Error).message}`.slice(0, 1000), PhysicalResourceId: physicalId };
    }
    await deps.respond(event.ResponseURL, response);
    return response;
  };
}

function awsDeps(): AccountSettingsDeps {
  const iam = new IAMClient({});
  const ec2 = new EC2Client({});
  const s3control = new S3ControlClient({});
  return {
    async getPasswordPolicy() {
      try {
        return (await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy;
      } catch (e) {
        if (e instanceof NoSuchEntityException || (e as Error).name === 'NoSuchEntity' || (e as Error).name === 'NoSuchEntityException') return undefined;
        throw e;
      }
    },
    async updatePasswordPolicy(policy) {
      await iam.send(new UpdateAccountPasswordPolicyCommand(policy));
    },
    async enableEbsEncryptionByDefault(kmsKeyArn) {
      await ec2.send(new EnableEbsEncryptionByDefaultCommand({}));
      // No key given: the account's default key stays what it is (aws/ebs, or a customer-managed key someone chose).
      if (kmsKeyArn) await ec2.send(new ModifyEbsDefaultKmsKeyIdCommand({ KmsKeyId: kmsKeyArn }));
    },
    async blockPublicAccess(accountId) {
      await s3control.send(new PutPublicAccessBlockCommand({
        AccountId: accountId,
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      }));
    },
    respond: putResponse,
  };
}

let live: ((event: CustomResourceEvent<AccountSettingsProperties>) => Promise<CustomResourceResponse>) | undefined;

/** The Lambda entry point. */
export async function handler(event: CustomResourceEvent<AccountSettingsProperties>): Promise<void> {
  live ??= createAccountSettingsHandler(awsDeps());
  await live(event);
}
