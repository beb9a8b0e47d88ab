import { EC2Client, EnableEbsEncryptionByDefaultCommand, ModifyEbsDefaultKmsKeyIdCommand, ResetEbsDefaultKmsKeyIdCommand } from '@aws-sdk/client-ec2';
import { IAMClient, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { PutPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { CustomResourceEvent, CustomResourceResponse, putResponse } from '../../functions/cfn-response';

/** The account settings, as CloudFormation passes them (strings). */
export interface AccountSettingsProperties {
  readonly AccountId: string;
  readonly MinimumPasswordLength: string;
  readonly MaxPasswordAge: string;
  readonly PasswordReusePrevention: string;
  /** An ARN, or empty for the AWS managed key aws/ebs. */
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
}

/** The account calls (injected, so tests need no AWS). */
export interface AccountSettingsDeps {
  updatePasswordPolicy(policy: PasswordPolicy): Promise<void>;
  enableEbsEncryptionByDefault(kmsKeyArn: string | undefined): Promise<void>;
  blockPublicAccess(accountId: string): Promise<void>;
  respond(url: string, response: CustomResourceResponse): Promise<void>;
}

function wholeNumber(name: string, value: string | undefined, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} '${value}' must be a whole number from ${min} to ${max}.`);
  return n;
}

/**
 * Applies the account-level settings CloudFormation has no resource for: the
 * IAM password policy, EBS encryption by default (and its key) and the S3
 * account-level public access block. Delete leaves them in place: removing the
 * baseline stack must not silently weaken the account.
 */
export function createAccountSettingsHandler(deps: AccountSettingsDeps): (event: CustomResourceEvent<AccountSettingsProperties>) => Promise<CustomResourceResponse> {
  return async (event) => {
    const p = event.ResourceProperties;
    const base = { StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId };
    const physicalId = event.PhysicalResourceId ?? `account-settings-${p?.AccountId ?? 'unknown'}`;
    let response: CustomResourceResponse;
    try {
      if (event.RequestType !== 'Delete') {
        if (!/^\d{12}$/.test(p.AccountId ?? '')) throw new Error(`AccountId '${p.AccountId}' is not a 12-digit account id.`);
        const key = p.EbsDefaultKmsKeyArn ? p.EbsDefaultKmsKeyArn : undefined;
        if (key !== undefined && !key.startsWith('arn:')) throw new Error(`EbsDefaultKmsKeyArn '${key}' is not a key ARN.`);
        const policy: PasswordPolicy = {
          MinimumPasswordLength: wholeNumber('MinimumPasswordLength', p.MinimumPasswordLength, 14, 128),
          MaxPasswordAge: wholeNumber('MaxPasswordAge', p.MaxPasswordAge, 1, 90),
          PasswordReusePrevention: wholeNumber('PasswordReusePrevention', p.PasswordReusePrevention, 24, 24),
          RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true,
          AllowUsersToChangePassword: true,
        };
        await deps.updatePasswordPolicy(policy);
        await deps.enableEbsEncryptionByDefault(key);
        await deps.blockPublicAccess(p.AccountId);
      }
      response = { ...base, Status: 'SUCCESS', PhysicalResourceId: physicalId };
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
    async updatePasswordPolicy(policy) {
      await iam.send(new UpdateAccountPasswordPolicyCommand(policy));
    },
    async enableEbsEncryptionByDefault(kmsKeyArn) {
      await ec2.send(new EnableEbsEncryptionByDefaultCommand({}));
      if (kmsKeyArn) await ec2.send(new ModifyEbsDefaultKmsKeyIdCommand({ KmsKeyId: kmsKeyArn }));
      else await ec2.send(new ResetEbsDefaultKmsKeyIdCommand({}));
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
