import { createAccountSettingsHandler, ExistingPasswordPolicy, PasswordPolicy } from '../../../lib/stacks/baseline/account-settings-handler';
import { CustomResourceEvent, CustomResourceResponse } from '../../../constructs/internal/cfn-response';

// A random 12-digit id: the handler only checks the shape, and no account id belongs in the repository.
const ACCOUNT = String(100000000000 + Math.floor(Math.random() * 899999999999));
const props = { AccountId: ACCOUNT, MinimumPasswordLength: '14', MaxPasswordAge: '90', PasswordReusePrevention: '24', EbsDefaultKmsKeyArn: '' };

function fake(fail?: string, existing?: ExistingPasswordPolicy) {
  const calls: string[] = [];
  const policies: PasswordPolicy[] = [];
  const responses: CustomResourceResponse[] = [];
  const handler = createAccountSettingsHandler({
    async getPasswordPolicy() { return existing; },
    async updatePasswordPolicy(p) { if (fail === 'iam') throw new Error('AccessDenied: iam'); calls.push('password'); policies.push(p); },
    async enableEbsEncryptionByDefault(key) { calls.push(`ebs:${key ?? 'default key unchanged'}`); },
    async blockPublicAccess(account) { calls.push(`bpa:${account}`); },
    async respond(_url, r) { responses.push(r); },
  });
  return { handler, calls, policies, responses };
}
const event = (over: Partial<CustomResourceEvent<typeof props>> = {}): CustomResourceEvent<typeof props> => ({
  RequestType: 'Create', ResponseURL: 'https://example.invalid/r', StackId: 's', RequestId: 'r', LogicalResourceId: 'AccountSettings', ResourceProperties: props, ...over,
});

describe('account settings handler', () => {
  test('Create: password policy of the HIPAA pack, EBS encryption by default, account public access block', async () => {
    const { handler, calls, policies, responses } = fake();
    await handler(event());
    expect(calls).toEqual(['password', 'ebs:default key unchanged', `bpa:${ACCOUNT}`]);
    expect(policies[0]).toEqual({ MinimumPasswordLength: 14, MaxPasswordAge: 90, PasswordReusePrevention: 24, RequireSymbols: true, RequireNumbers: true,
      RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, AllowUsersToChangePassword: true });
    expect(responses).toEqual([expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: `account-settings-${ACCOUNT}` })]);
  });

  test('an account with a stricter password policy keeps every stricter value (longer, younger, longer history, hard expiry)', async () => {
    const { handler, policies, responses } = fake(undefined, { MinimumPasswordLength: 20, ExpirePasswords: true, MaxPasswordAge: 30, PasswordReusePrevention: 24, HardExpiry: true });
    await handler(event());
    expect(policies[0]).toMatchObject({ MinimumPasswordLength: 20, MaxPasswordAge: 30, PasswordReusePrevention: 24, HardExpiry: true, RequireSymbols: true });
    expect(responses[0]).toMatchObject({ Status: 'SUCCESS', Data: { MinimumPasswordLength: '20', MaxPasswordAge: '30' } });
  });

  test('an account with a weaker policy is raised to the pack (and hard expiry is not switched on)', async () => {
    const { handler, policies } = fake(undefined, { MinimumPasswordLength: 8, ExpirePasswords: true, MaxPasswordAge: 365, PasswordReusePrevention: 3, HardExpiry: false });
    await handler(event());
    expect(policies[0]).toEqual({ MinimumPasswordLength: 14, MaxPasswordAge: 90, PasswordReusePrevention: 24, RequireSymbols: true, RequireNumbers: true,
      RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, AllowUsersToChangePassword: true });
  });

  test('a mixed policy: each value is the stricter of the two; passwords that never expire get the pack\'s 90 days', async () => {
    const { handler, policies } = fake(undefined, { MinimumPasswordLength: 32, ExpirePasswords: false, MaxPasswordAge: 0, PasswordReusePrevention: 5 });
    await handler(event({ ResourceProperties: { ...props, MinimumPasswordLength: '16', MaxPasswordAge: '60' } }));
    expect(policies[0]).toMatchObject({ MinimumPasswordLength: 32, MaxPasswordAge: 60, PasswordReusePrevention: 24 });
    expect(policies[0].HardExpiry).toBeUndefined();
  });

  test('without an EBS key prop the account\'s default key (customer-managed or aws/ebs) is never reset', async () => {
    const { handler, calls } = fake();
    await handler(event({ RequestType: 'Update', PhysicalResourceId: 'account-settings-x' }));
    expect(calls).toContain('ebs:default key unchanged');
  });

  test('Update with a default EBS key', async () => {
    const { handler, calls } = fake();
    await handler(event({ RequestType: 'Update', PhysicalResourceId: 'account-settings-x', ResourceProperties: { ...props, EbsDefaultKmsKeyArn: 'arn:aws:kms:region:account:key/ebs' } }));
    expect(calls).toContain('ebs:arn:aws:kms:region:account:key/ebs');
  });

  test('Delete leaves the account settings in place', async () => {
    const { handler, calls, responses } = fake();
    await handler(event({ RequestType: 'Delete', PhysicalResourceId: 'account-settings-x' }));
    expect(calls).toEqual([]);
    expect(responses[0]).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'account-settings-x' });
  });

  test.each<[string, object, RegExp]>([
    ['short passwords', { MinimumPasswordLength: '8' }, /MinimumPasswordLength '8' must be a whole number from 14 to 128/],
    ['passwords that never expire', { MaxPasswordAge: '0' }, /MaxPasswordAge '0'/],
    ['account id', { AccountId: 'abc' }, /AccountId 'abc' is not a 12-digit account id/],
    ['key', { EbsDefaultKmsKeyArn: 'alias/x' }, /EbsDefaultKmsKeyArn 'alias\/x' is not a key ARN/],
  ])('bad input (%s): FAILED, nothing changed', async (_name, bad, reason) => {
    const { handler, calls, responses } = fake();
    await handler(event({ ResourceProperties: { ...props, ...bad } }));
    expect(calls).toEqual([]);
    expect(responses[0]).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(reason) });
  });

  test('an API error becomes a FAILED answer', async () => {
    const { handler, responses } = fake('iam');
    await handler(event());
    expect(responses[0]).toMatchObject({ Status: 'FAILED', Reason: 'AccessDenied: iam' });
  });
});
