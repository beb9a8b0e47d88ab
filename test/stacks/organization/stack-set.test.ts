import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { HipaaBaselineStackSet, HipaaBaselineStackSetProps, HipaaBreakGlassStack, HipaaMemberBaselineStack } from '../../../lib/stacks/organization';
import { findings } from '../../../lib/testing';
import { CDK_JSON_CONTEXT } from '../../helpers';

describe('StackSet templates (what every member account gets)', () => {
  // The StackSet renders its templates in an App of its own; the gate judges the same stacks here.
  const app = new App({ builtinCloudFormationValidation: false, context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
  const member = new HipaaMemberBaselineStack(app, 'MemberBaseline');
  const breakGlass = new HipaaBreakGlassStack(app, 'BreakGlass');
  const gate = findings(app);

  test('the member baseline and the break-glass stack pass every pack with zero unacknowledged findings', () => {
    expect(gate.findings).toEqual([]);
    for (const a of gate.acknowledgements) expect(a.reason.length).toBeGreaterThanOrEqual(30);
    expect(Template.fromStack(member).toJSON().Resources).toBeDefined();
  });

  test('the break-glass role: the guardrails\' name, MFA within the hour from one account, one-hour sessions', () => {
    const template = Template.fromStack(breakGlass);
    const role = Object.values(template.findResources('AWS::IAM::Role'))[0] as any;
    expect(role.Properties.RoleName).toBe('BreakGlass');
    expect(role.Properties.MaxSessionDuration).toBe(3600);
    const trust = role.Properties.AssumeRolePolicyDocument.Statement;
    expect(trust).toHaveLength(1);
    expect(trust[0].Principal.AWS).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'TrustedAccountId' }, ':root']] });
    expect(trust[0].Condition).toEqual({ Bool: { 'aws:MultiFactorAuthPresent': 'true' }, NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } });
    expect(template.toJSON().Parameters.TrustedAccountId).toMatchObject({ Type: 'String', AllowedPattern: '\\d{12}' });
    expect(template.toJSON().Parameters.TrustedAccountId.Default).toBeUndefined();
  });

  test.each([
    [{ roleName: 'Break*Glass' }, /roleName is 'Break\*Glass'; use a literal IAM role name/],
    [{ trustedAccountId: 'security' }, /trustedAccountId is 'security'; pass the 12-digit id/],
  ])('HipaaBreakGlassStack refuses %j', (props, message) => {
    expect(() => new HipaaBreakGlassStack(new App(), 'B', props)).toThrow(message);
  });
});

describe('HipaaBaselineStackSet input', () => {
  const props = (overrides: Partial<HipaaBaselineStackSetProps> = {}): HipaaBaselineStackSetProps => ({
    organizationalUnitIds: ['ou-ab12-cd34ef56'], regions: ['us-east-1'],
    template: (scope) => { const s = new Stack(scope, 'T'); new sns.Topic(s, 'Topic'); return s; },
    ...overrides,
  });
  const build = (overrides: Partial<HipaaBaselineStackSetProps>) => () => new HipaaBaselineStackSet(new Stack(new App(), 'M'), 'Set', props(overrides));

  test('a template with an asset is refused: a StackSet reaches accounts and Regions the CDK never bootstrapped', () => {
    expect(build({ template: (scope) => { const s = new Stack(scope, 'T'); new s3assets.Asset(s, 'Bundle', { path: __filename }); return s; } }))
      .toThrow(/template uses 1 asset\(s\) \(e\.g\. a Lambda bundle\); a StackSet template reaches accounts the CDK never bootstrapped/);
  });

  test.each([
    [{ regions: [] }, /regions is \[\]; list literal Region names/],
    [{ regions: ['US East'] }, /regions is \["US East"\]/],
    [{ organizationalUnitIds: [] }, /organizationalUnitIds is empty; pass the PHI OU ids/],
    [{ template: (scope: any) => { const s = new Stack(scope, 'T'); s.addTransform('AWS::Serverless-2016-10-31'); new sns.Topic(s, 'Topic'); return s; } },
      /template must build a plain Stack \(default synthesizer, no transforms\)/],
    [{ template: (scope: any) => { const s = new Stack(scope, 'T'); for (let i = 0; i < 400; i++) new sns.Topic(s, `Topic${i}`, { displayName: 'x'.repeat(90) }); return s; } },
      /template renders to \d+ bytes, over CloudFormation's 51200-byte TemplateBody limit/],
  ] as Array<[Partial<HipaaBaselineStackSetProps>, RegExp]>)('refuses %#', (overrides, message) => {
    expect(build(overrides)).toThrow(message);
  });

  test('the template loses the bootstrap check member accounts cannot satisfy; the StackSet is service-managed with automatic deployment', () => {
    const stack = new Stack(new App(), 'M');
    const set = new HipaaBaselineStackSet(stack, 'Set', props({ stackSetName: 'x', description: 'described' }));
    expect(set.templateBody.Parameters).toBeUndefined();
    expect(set.templateBody.Rules).toBeUndefined();
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'x', Description: 'described', PermissionModel: 'SERVICE_MANAGED', AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-cd34ef56'] }, Regions: ['us-east-1'] }],
    });
  });
});
