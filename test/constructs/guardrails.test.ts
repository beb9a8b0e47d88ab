import { CfnParameter } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { GLOBAL_SERVICE_ACTIONS, GUARDRAILS, HipaaGuardrails, HipaaValidationError, SCP_MAX_CHARACTERS } from '../../lib';
import { testStack } from '../helpers';

describe('HipaaGuardrails', () => {
  const stack = testStack();
  const rootId = new CfnParameter(stack, 'RootId').valueAsString;
  const phiOu = new CfnParameter(stack, 'PhiOuId').valueAsString;
  const guardrails = new HipaaGuardrails(stack, 'Guardrails', {
    targetIds: [rootId], phiTargetIds: [phiOu], allowedRegions: ['us-east-1', 'us-west-2'], breakGlassRoleName: 'BreakGlass',
  });
  const template = Template.fromStack(stack);
  const policies = Object.values(template.findResources('AWS::Organizations::Policy'));
  const statements = new Map<string, any>();
  for (const p of policies) for (const s of p.Properties.Content.Statement) statements.set(s.Sid, { ...s, targets: p.Properties.TargetIds });
  const exempt = ['arn:aws:iam::*:role/BreakGlass', 'arn:aws:iam::*:role/stacksets-exec-*', 'arn:aws:iam::*:role/cdk-hipaa-guardrail-*'];

  test('every guardrail lands in a service control policy, organization-wide ones on the root, PHI ones on the PHI OU', () => {
    expect([...statements.keys()].sort()).toEqual(GUARDRAILS.map((g) => g.sid).sort());
    for (const g of GUARDRAILS) {
      expect(statements.get(g.sid).targets).toEqual([{ Ref: g.scope === 'phi' ? 'PhiOuId' : 'RootId' }]);
      expect(g.reason.length).toBeGreaterThanOrEqual(30);
    }
    template.allResourcesProperties('AWS::Organizations::Policy', { Type: 'SERVICE_CONTROL_POLICY' });
    expect(guardrails.policies.length).toBe(policies.length);
    expect(policies.length).toBeLessThanOrEqual(4);
  });

  test('each policy fits the 5,120-character SCP limit', () => {
    for (const p of policies) expect(JSON.stringify(p.Properties.Content).length).toBeLessThanOrEqual(SCP_MAX_CHARACTERS);
  });

  test('no account may leave the organization', () => {
    expect(statements.get('DenyLeaveOrganization')).toMatchObject({ Effect: 'Deny', Action: ['organizations:LeaveOrganization'], Resource: '*' });
  });

  test('the root user is denied everything', () => {
    expect(statements.get('DenyRootUser')).toMatchObject({ Effect: 'Deny', Action: '*', Condition: { StringLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:root'] } } });
  });

  test('trail, Config, GuardDuty, Security Hub and Access Analyzer cannot be stopped or changed but by exempt roles', () => {
    const s = statements.get('DenyAuditTamper');
    expect(s.Effect).toBe('Deny');
    expect(s.Action).toEqual(expect.arrayContaining(['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail',
      'config:StopConfigurationRecorder', 'config:DeleteDeliveryChannel', 'guardduty:DeleteDetector',
      'securityhub:DisableSecurityHub', 'access-analyzer:DeleteAnalyzer']));
    expect(s.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalARN': exempt } });
  });

  test('reconfiguring those controls is left to reviewed deployments (CloudFormation\'s CDK execution role), never a person', () => {
    const s = statements.get('DenyAuditReconfiguration');
    expect(s.Action).toEqual(expect.arrayContaining(['cloudtrail:PutEventSelectors', 'config:PutConfigurationRecorder', 'guardduty:UpdateDetector', 'guardduty:CreateFilter']));
    expect(s.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalARN': [...exempt, 'arn:aws:iam::*:role/cdk-*-cfn-exec-role-*'] } });
    // Creating the controls (PutConfigurationRecorder) is how CloudFormation deploys them: not a Stop/Delete.
    expect(statements.get('DenyAuditTamper').Action).not.toContain('config:PutConfigurationRecorder');
  });

  test('only the break-glass role may schedule key deletion', () => {
    expect(statements.get('DenyKeyDeletion')).toMatchObject({
      Action: ['kms:ScheduleKeyDeletion', 'kms:DeleteImportedKeyMaterial'],
      Condition: { ArnNotLike: { 'aws:PrincipalARN': ['arn:aws:iam::*:role/BreakGlass', 'arn:aws:iam::*:role/cdk-hipaa-key-deletion-*'] } },
    });
  });

  test('Regions outside the allow list are denied except for global services', () => {
    const s = statements.get('DenyOutsideAllowedRegions');
    expect(s.NotAction).toEqual([...GLOBAL_SERVICE_ACTIONS]);
    expect(s.NotAction).toEqual(expect.arrayContaining(['iam:*', 'organizations:*', 'sts:*', 'support:*']));
    expect(s.Condition.StringNotEquals).toEqual({ 'aws:RequestedRegion': ['us-east-1', 'us-west-2'] });
  });

  test('EBS default encryption and the S3 account public access block cannot be turned off', () => {
    expect(statements.get('DenyEncryptionAndPublicAccessDowngrade').Action)
      .toEqual(['ec2:DisableEbsEncryptionByDefault', 's3:PutAccountPublicAccessBlock', 's3:DeleteAccountPublicAccessBlock']);
  });

  test('the exempt role names are protected from everyone else', () => {
    const s = statements.get('ProtectGuardrailRoles');
    expect(s.Resource).toEqual([...exempt, 'arn:aws:iam::*:role/cdk-hipaa-key-deletion-*']);
    expect(s.Action).toEqual(expect.arrayContaining(['iam:CreateRole', 'iam:UpdateAssumeRolePolicy', 'iam:AttachRolePolicy', 'iam:PutRolePolicy']));
  });

  test('PHI OUs: no shared tenancy, IMDSv2 at launch and kept, no unencrypted volumes', () => {
    expect(statements.get('DenySharedTenancyInstances')).toMatchObject({ Action: ['ec2:RunInstances'], Condition: { StringEquals: { 'ec2:Tenancy': 'default' } } });
    expect(statements.get('DenyInstancesWithoutImdsv2')).toMatchObject({ Condition: { StringNotEquals: { 'ec2:MetadataHttpTokens': 'required' } } });
    expect(statements.get('DenyImdsDowngrade')).toMatchObject({ Action: ['ec2:ModifyInstanceMetadataOptions'] });
    expect(statements.get('DenyUnencryptedVolumes')).toMatchObject({ Resource: 'arn:aws:ec2:*:*:volume/*', Condition: { Bool: { 'ec2:Encrypted': 'false' } } });
  });

  test('a disabled guardrail needs a reason, which the policy description shows', () => {
    const s = testStack();
    new HipaaGuardrails(s, 'G', {
      targetIds: ['r-ab12'], allowedRegions: ['eu-west-1'], breakGlassRoleName: 'BreakGlass',
      disabledGuardrails: { DenyOutsideAllowedRegions: 'Region policy is enforced by the landing zone region deny control.' },
    });
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::Organizations::Policy', { Description: Match.stringLikeRegexp('Disabled: DenyOutsideAllowedRegions \\(Region policy') });
    const all = Object.values(t.findResources('AWS::Organizations::Policy')).flatMap((p: any) => p.Properties.Content.Statement.map((x: any) => x.Sid));
    expect(all).not.toContain('DenyOutsideAllowedRegions');
  });

  test.each([
    [{ allowedRegions: [] }, 'allowedRegions', /list the Regions/],
    [{ allowedRegions: ['mars-1'] }, 'allowedRegions', /not a literal Region name/],
    [{ targetIds: [] }, 'targetIds', /pass the root, OU or account ids/],
    [{ targetIds: ['ou-bad'] }, 'targetIds', /not a root/],
    [{ breakGlassRoleName: 'Break*' }, 'breakGlassRoleName', /wildcard/],
    [{ breakGlassRoleName: 'has space' }, 'breakGlassRoleName', /literal IAM role name/],
    [{ disabledGuardrails: { DenyRootUser: 'no' } }, 'disabledGuardrails', /at least 30 characters/],
    [{ disabledGuardrails: { Nope: 'x'.repeat(40) } }, 'disabledGuardrails', /not a guardrail/],
    [{ exemptRoleNames: Array.from({ length: 60 }, (_, i) => `SomeVeryLongLandingZoneExecutionRoleName${i}`) }, 'allowedRegions', /SCP limit|policies/],
  ])('bad input %j is refused naming %s', (override, prop, message) => {
    const s = testStack();
    let error: unknown;
    try {
      new HipaaGuardrails(s, 'G', { targetIds: ['r-ab12'], allowedRegions: ['us-east-1'], breakGlassRoleName: 'BreakGlass', ...(override as object) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HipaaValidationError);
    expect((error as HipaaValidationError).prop).toBe(prop);
    expect((error as Error).message).toMatch(message);
  });
});
