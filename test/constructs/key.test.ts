import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { HipaaKey } from '../../lib';
import { testStack } from '../helpers';

describe('HipaaKey defaults', () => {
  const stack = testStack();
  const admin = new iam.Role(stack, 'Admin', { assumedBy: new iam.AccountRootPrincipal() });
  new HipaaKey(stack, 'Key');
  const withAdmin = new HipaaKey(stack, 'Administered', { alias: 'alias/team/phi', admins: [admin] });
  withAdmin.allowCloudWatchLogs('/app/web');
  const template = Template.fromStack(stack);

  test('is a symmetric customer-managed key with automatic rotation every 365 days', () => {
    template.resourceCountIs('AWS::KMS::Key', 2);
    template.allResourcesProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      RotationPeriodInDays: 365,
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
      PendingWindowInDays: 30,
    });
  });

  test('is retained when the stack is deleted', () => {
    const keys = template.findResources('AWS::KMS::Key');
    for (const key of Object.values(keys)) {
      expect(key.DeletionPolicy).toBe('Retain');
      expect(key.UpdateReplacePolicy).toBe('Retain');
    }
  });

  test('gets an alias, generated when none is given', () => {
    template.resourceCountIs('AWS::KMS::Alias', 2);
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/team/phi' });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: Match.stringLikeRegexp('^alias/hipaa/.+') });
  });

  test('key policy: account root through IAM, named admins manage without using the key', () => {
    const keys = template.findResources('AWS::KMS::Key');
    const administered = Object.values(keys).find((k) => k.Properties.KeyPolicy.Statement.some((st: any) => st.Sid === 'KeyAdministration'))!;
    const statements = administered.Properties.KeyPolicy.Statement;
    const adminStatement = statements.find((s: any) => s.Sid === 'KeyAdministration');
    expect(adminStatement.Action).toEqual(expect.arrayContaining(['kms:ScheduleKeyDeletion', 'kms:Disable*']));
    expect(adminStatement.Action).not.toEqual(expect.arrayContaining(['kms:Decrypt*']));
    expect(adminStatement.Action).not.toContain('kms:*');
    expect(statements.find((s: any) => s.Sid === 'EnableIamPoliciesOfThisAccount')).toBeDefined();
  });

  test('grants are denied unless they are for AWS resources or to AWS services (CT.KMS.PR.3)', () => {
    template.allResourcesProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([{
        Sid: 'DenyGrantsExceptForAwsResources', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:CreateGrant', Resource: '*',
        Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      }]) },
    });
  });

  test('allowCloudWatchLogs admits CloudWatch Logs for the one named log group of this account and region', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AllowCloudWatchLogsGroup1',
          Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
          Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:',
            { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':log-group:/app/web']] } } },
        })]),
      },
    });
  });

  test.each(['*', '/app/*', 'web-?', ''])('allowCloudWatchLogs rejects the pattern %j', (name) => {
    expect(() => withAdmin.allowCloudWatchLogs(name)).toThrow(/logGroupName is '.*'; name the one log group/);
  });
});

describe('HipaaKey rejects bad props', () => {
  test.each([
    [{ rotationPeriod: Duration.days(30) }, /rotationPeriod is 30 days.*90 to 2560/],
    [{ rotationPeriod: Duration.days(3000) }, /rotationPeriod is 3000 days/],
    [{ pendingWindow: Duration.days(3) }, /pendingWindow is 3 days.*7 to 30/],
    [{ alias: 'alias/aws/s3' }, /alias 'alias\/aws\/s3' starts with 'alias\/aws\/'/],
    [{ alias: 'bad alias!' }, /alias 'bad alias!' is not a valid KMS alias/],
  ])('%j', (props, message) => {
    expect(() => new HipaaKey(testStack(), 'Key', props)).toThrow(message);
  });
});

describe('HipaaKey.restrictUse', () => {
  const stack = testStack();
  const role = new iam.Role(stack, 'Envelope', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  const key = new HipaaKey(stack, 'Data', { restrictUse: { viaServices: ['rds', 's3'], principals: [role] } });
  const open = new HipaaKey(stack, 'Open');
  const statements = (k: HipaaKey) => Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(k.key.node.defaultChild as any)].Properties.KeyPolicy.Statement as any[];

  test('denies key use to anyone not calling through the named services, not a named principal, not an AWS service', () => {
    const deny = statements(key).find((s) => s.Sid === 'DenyUseExceptThroughNamedServicesOrPrincipals');
    expect(deny.Effect).toBe('Deny');
    expect(deny.Condition.StringNotEquals['kms:ViaService']).toEqual([
      { 'Fn::Join': ['', ['rds.', { Ref: 'AWS::Region' }, '.amazonaws.com']] }, { 'Fn::Join': ['', ['s3.', { Ref: 'AWS::Region' }, '.amazonaws.com']] }]);
    expect(deny.Condition.ArnNotEquals['aws:PrincipalArn']).toEqual([{ 'Fn::GetAtt': [stack.getLogicalId(role.node.defaultChild as any), 'Arn'] }]);
    expect(deny.Condition.BoolIfExists).toEqual({ 'aws:PrincipalIsAWSService': 'false' });
  });

  test('is off unless asked for', () => expect(statements(open).map((s) => s.Sid)).not.toContain('DenyUseExceptThroughNamedServicesOrPrincipals'));

  test('rejects no service, a full endpoint name, and a second call', () => {
    expect(() => new HipaaKey(testStack(), 'K', { restrictUse: { viaServices: [] } })).toThrow(/restrictUse.viaServices is \[\]/);
    expect(() => new HipaaKey(testStack(), 'K', { restrictUse: { viaServices: ['rds.us-east-1.amazonaws.com'] } })).toThrow(/endpoint name/);
    expect(() => key.restrictUse({ viaServices: ['s3'] })).toThrow(/already applied/);
  });
});
