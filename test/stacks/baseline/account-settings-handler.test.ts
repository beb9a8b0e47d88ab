import { createAccountSettingsHandler, PasswordPolicy } from '../../../lib/stacks/baseline/account-settings-handler';
import { CustomResourceEvent, CustomResourceResponse } from '../../../lib/functions/cfn-response';

// A random 12-digit id: the handler only checks the shape, and no account id belongs in the repository.
const ACCOUNT = String(100000000000 + Math.floor(Math.random() * 899999999999));
const props = { AccountId: ACCOUNT, MinimumPasswordLength: '14', MaxPasswordAge: '90', PasswordReusePrevention: '24', EbsDefaultKmsKeyArn: '' };

function fake(fail?: string) {
  const calls: string[] = [];
  const policies: PasswordPolicy[] = [];
  const responses: CustomResourceResponse[] = [];
  const handler = createAccountSettingsHandler({
    async updatePasswordPolicy(p) { if (fail === 'iam') throw new Error('AccessDenied: iam'); calls.push('password'); policies.push(p); },
    async enableEbsEncryptionByDefault(key) { calls.push(`ebs:${key ?? 'aws/ebs'}`); },
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
    expect(calls).toEqual(['password', 'ebs:aws/ebs', `bpa:${ACCOUNT}`]);
    expect(policies[0]).toEqual({ MinimumPasswordLength: 14, MaxPasswordAge: 90, PasswordReusePrevention: 24, RequireSymbols: true, RequireNumbers: true,
      RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, AllowUsersToChangePassword: true });
    expect(responses).toEqual([expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: `account-settings-${ACCOUNT}` })]);
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
