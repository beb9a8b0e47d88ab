import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createOrganizationApp, FORWARDED_CONTEXT } from '../../../bin/organization';
import { referenceStackProps } from '../../../bin/app';
import { HIPAA_MANAGED_RULES } from '../../../lib';
import { findings } from '../../../lib/testing';
import { CDK_JSON_CONTEXT } from '../../helpers';
import { judge, render } from '../../s3-policy-eval';

describe('organization app', () => {
  // One synth with every check; ids and Regions are parameters (no context), as offline.
  const app = createOrganizationApp({
    builtinCloudFormationValidation: false,
    context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [] },
  });
  const gate = findings(app);
  const stack = (name: string) => Template.fromStack(app.node.findChild(name) as any);
  const archive = stack('CdkHipaaOrgLogArchive');
  const management = stack('CdkHipaaOrgManagement');
  const security = stack('CdkHipaaOrgSecurity');

  test('every stack passes every pack with zero unacknowledged findings', () => {
    expect(gate.findings).toEqual([]);
    for (const a of gate.acknowledgements) expect(a.reason.length).toBeGreaterThanOrEqual(30);
  });

  test('no account or organization id is invented: each is a parameter with a pattern and no default', () => {
    for (const [template, names] of [[archive, ['OrganizationId', 'ManagementAccountId']],
      [management, ['RootId', 'PhiOuId', 'SecurityAccountId', 'TrailBucketName', 'ArchiveKeyArn', 'ConfigBucketName']]] as const) {
      const parameters = template.toJSON().Parameters;
      for (const name of names) {
        expect(parameters[name]).toMatchObject({ Type: 'String', AllowedPattern: expect.any(String) });
        expect(parameters[name].Default).toBeUndefined();
      }
    }
  });

  test('without tooling context the delivery pipeline is left out: account ids are never invented', () => {
    expect(app.node.tryFindChild('CdkHipaaOrgTooling')).toBeUndefined();
    expect(app.node.children.filter((c) => c instanceof Stack).map((c) => c.node.id).sort())
      .toEqual(['CdkHipaaOrgLogArchive', 'CdkHipaaOrgManagement', 'CdkHipaaOrgSecurity']);
  });

  describe('log archive', () => {
    const buckets = archive.findResources('AWS::S3::Bucket');
    const withLock = Object.values(buckets).filter((b: any) => b.Properties.ObjectLockEnabled);
    test('the trail bucket has Object Lock, six years, GOVERNANCE by default; the Config bucket has none (Config refuses it)', () => {
      expect(withLock).toHaveLength(1);
      expect((withLock[0] as any).Properties.ObjectLockConfiguration).toEqual({
        ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 2192 } },
      });
    });

    const statements = Object.values(archive.findResources('AWS::S3::BucketPolicy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const sid = (name: string) => statements.filter((s: any) => s.Sid === name);
    test('only the organization trail writes the trail bucket, bound to its ARN', () => {
      const write = sid('AWSCloudTrailWrite')[0];
      expect(write.Principal).toEqual({ Service: 'cloudtrail.amazonaws.com' });
      expect(write.Condition.StringEquals['aws:SourceArn']).toEqual({ 'Fn::Join': ['', expect.arrayContaining([':trail/cdk-hipaa-organization-trail'])] });
      expect(write.Condition.StringEquals['s3:x-amz-acl']).toBe('bucket-owner-full-control');
    });
    test('the trail bucket takes the SSE-S3 digest files from the organization trail only, everything else SSE-KMS only', () => {
      // Digest files are SSE-S3 even on a KMS trail: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
      const resources = archive.toJSON().Resources;
      const bucketId = Object.keys(buckets).find((id) => buckets[id].Properties.ObjectLockEnabled)!;
      const policy = Object.values(archive.findResources('AWS::S3::BucketPolicy')).find((p: any) => p.Properties.Bucket.Ref === bucketId) as any;
      const rendered = render(policy.Properties.PolicyDocument.Statement, resources);
      const trail = rendered.find((st: any) => st.Sid === 'AWSCloudTrailWrite').Condition.StringEquals['aws:SourceArn'];
      const put = (key: string, sse: string, sourceArn: string | undefined) => judge(rendered, {
        action: 's3:PutObject', resource: `arn:aws:s3:::<${bucketId}>/${key}`, service: sourceArn ? 'cloudtrail.amazonaws.com' : undefined,
        context: { 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.3', 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': sourceArn, 's3:x-amz-server-side-encryption': sse },
      });
      const memberDigest = 'AWSLogs/<OrganizationId>/member/CloudTrail-Digest/r/2026/01/01/d.json.gz';
      expect(put(memberDigest, 'AES256', trail)).toBe('allowed');
      expect(put('AWSLogs/<ManagementAccountId>/CloudTrail-Digest/r/2026/01/01/d.json.gz', 'AES256', trail)).toBe('allowed');
      expect(put('AWSLogs/<OrganizationId>/member/CloudTrail/r/2026/01/01/l.json.gz', 'AES256', trail)).toBe('denied');
      expect(put(memberDigest, 'AES256', undefined)).toBe('denied');
      expect(put(memberDigest, 'AES256', trail.replace('cdk-hipaa-organization-trail', 'other'))).toBe('denied');
    });
    test('only member accounts\' Config roles of this organization write the Config bucket', () => {
      const write = sid('AllowMemberConfigWrite')[0];
      expect(write.Condition.StringEquals['aws:PrincipalOrgID']).toEqual({ Ref: 'OrganizationId' });
      expect(write.Condition.ArnLike['aws:PrincipalArn']).toEqual({ 'Fn::Join': ['', expect.arrayContaining([':iam::*:role/cdk-hipaa-guardrail-config-*'])] });
    });
    test('nobody but the break-glass role deletes evidence or bypasses retention, on both buckets', () => {
      const denies = sid('DenyEvidenceDeletionButBreakGlass');
      expect(denies).toHaveLength(2);
      for (const d of denies) {
        expect(d.Effect).toBe('Deny');
        expect(d.Action).toEqual(expect.arrayContaining(['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:BypassGovernanceRetention']));
        expect(JSON.stringify(d.Condition.ArnNotEquals)).toContain(':role/BreakGlass');
      }
      expect(sid('DenyArchiveReconfigurationButDeployment')).toHaveLength(2);
    });
    test('the key lets CloudTrail encrypt for the organization trail and Config roles only through S3', () => {
      const key = Object.values(archive.findResources('AWS::KMS::Key'))[0] as any;
      const byId = Object.fromEntries(key.Properties.KeyPolicy.Statement.map((s: any) => [s.Sid, s]));
      expect(byId.AllowOrganizationTrailEncrypt.Condition.StringEquals['aws:SourceArn']).toBeDefined();
      expect(byId.AllowOrganizationTrailDescribeAndBucketKey.Action).toEqual(['kms:Decrypt', 'kms:DescribeKey']);
      expect(byId.AllowOrganizationTrailEncrypt.Action).toBe('kms:GenerateDataKey*');
      expect(byId.AllowMemberConfigDelivery.Condition.StringEquals['kms:ViaService']).toEqual({ 'Fn::Join': ['', ['s3.', { Ref: 'AWS::Region' }, '.amazonaws.com']] });
    });
  });

  describe('management', () => {
    test('an organization trail: every account and Region, validated, KMS to the archive, CloudWatch copy, data events', () => {
      management.hasResourceProperties('AWS::CloudTrail::Trail', {
        IsOrganizationTrail: true, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, EnableLogFileValidation: true,
        IsLogging: true, KMSKeyId: { Ref: 'ArchiveKeyArn' }, S3BucketName: { Ref: 'TrailBucketName' },
      });
      const trail = Object.values(management.findResources('AWS::CloudTrail::Trail'))[0] as any;
      const types = trail.Properties.AdvancedEventSelectors.flatMap((s: any) => s.FieldSelectors.filter((f: any) => f.Field === 'resources.type').flatMap((f: any) => f.Equals));
      expect(types).toEqual(expect.arrayContaining(['AWS::S3::Object', 'AWS::DynamoDB::Table']));
      expect(trail.Properties.CloudWatchLogsLogGroupArn).toBeDefined();
      expect(trail.DependsOn.some((d: string) => d.startsWith('TrailLogsPolicy'))).toBe(true);
    });
    test('the guardrails attach to the root and the PHI OU', () => {
      management.resourceCountIs('AWS::Organizations::Policy', 2);
      management.hasResourceProperties('AWS::Organizations::Policy', { TargetIds: [{ Ref: 'RootId' }] });
      management.hasResourceProperties('AWS::Organizations::Policy', { TargetIds: [{ Ref: 'PhiOuId' }] });
    });
    test('the security account becomes delegated administrator of Security Hub, GuardDuty, Config and Access Analyzer', () => {
      management.hasResourceProperties('AWS::SecurityHub::DelegatedAdmin', { AdminAccountId: { Ref: 'SecurityAccountId' } });
      const calls = Object.values(management.findResources('Custom::HipaaOrganizationAdmin')).map((r: any) => r.Properties.ServicePrincipal).sort();
      expect(calls).toEqual(['access-analyzer.amazonaws.com', 'config-multiaccountsetup.amazonaws.com', 'config.amazonaws.com', 'guardduty.amazonaws.com']);
    });
    test('the account baseline is a service-managed StackSet with automatic deployment to every account in every governed Region', () => {
      management.hasResourceProperties('AWS::CloudFormation::StackSet', {
        PermissionModel: 'SERVICE_MANAGED',
        AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
        Capabilities: ['CAPABILITY_NAMED_IAM'],
        StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: [{ Ref: 'RootId' }] }, Regions: ['us-east-1', 'us-west-2'] }],
        Parameters: [{ ParameterKey: 'ConfigBucketName', ParameterValue: { Ref: 'ConfigBucketName' } }, { ParameterKey: 'ConfigKeyArn', ParameterValue: { Ref: 'ArchiveKeyArn' } },
          { ParameterKey: 'HomeRegion', ParameterValue: 'us-east-1' }],
      });
    });
    test('a second StackSet creates the guardrails\' break-glass role in every member account, in one Region (IAM is global)', () => {
      const sets = Object.values(management.findResources('AWS::CloudFormation::StackSet')) as any[];
      expect(sets).toHaveLength(2);
      const breakGlass = sets.find((s) => s.Properties.StackSetName === 'cdk-hipaa-break-glass');
      expect(breakGlass.Properties).toMatchObject({
        PermissionModel: 'SERVICE_MANAGED', AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
        StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: [{ Ref: 'RootId' }] }, Regions: ['us-east-1'] }],
        Parameters: [{ ParameterKey: 'TrustedAccountId', ParameterValue: { Ref: 'SecurityAccountId' } }],
      });
      const body = JSON.parse(breakGlass.Properties.TemplateBody);
      const roles = Object.values(body.Resources).filter((r: any) => r.Type === 'AWS::IAM::Role') as any[];
      expect(roles.map((r) => r.Properties.RoleName)).toEqual(['BreakGlass']);
      // The guardrails name the same role as the only key-deletion path.
      const organizationPolicy = Object.values(management.findResources('AWS::Organizations::Policy')).map((p: any) => JSON.stringify(p.Properties.Content)).join();
      expect(organizationPolicy).toContain('arn:aws:iam::*:role/BreakGlass');
    });
    test('the StackSet template records Config to the archive and heals account settings, with no bootstrap or asset dependency', () => {
      const set = Object.values(management.findResources('AWS::CloudFormation::StackSet'))[0] as any;
      const body = JSON.parse(set.Properties.TemplateBody);
      const types = Object.values(body.Resources).map((r: any) => r.Type);
      expect(types).toEqual(expect.arrayContaining(['AWS::Config::ConfigurationRecorder', 'AWS::Config::DeliveryChannel', 'AWS::Config::RemediationConfiguration']));
      expect(body.Parameters.BootstrapVersion).toBeUndefined();
      const recorder = Object.values(body.Resources).find((r: any) => r.Type === 'AWS::Config::ConfigurationRecorder') as any;
      expect(recorder.Properties.RecordingGroup.IncludeGlobalResourceTypes).toEqual({ 'Fn::If': ['IsHomeRegion', true, false] });
      expect(JSON.stringify(body)).not.toMatch(/cdk-hnb659fds|AssetParameters|\.zip/);
      const remediation = Object.values(body.Resources).filter((r: any) => r.Type === 'AWS::Config::RemediationConfiguration').map((r: any) => r.Properties.TargetId).sort();
      expect(remediation).toEqual(['AWSConfigRemediation-ConfigureS3PublicAccessBlock', 'AWSConfigRemediation-EnableEbsEncryptionByDefault']);
    });
  });

  describe('security', () => {
    test('GuardDuty and Security Hub auto-enabled for every member', () => {
      security.hasResourceProperties('AWS::GuardDuty::Detector', { Enable: true });
      security.hasResourceProperties('Custom::HipaaOrganizationAdmin', { Operation: 'GuardDutyAutoEnable' });
      security.hasResourceProperties('AWS::SecurityHub::OrganizationConfiguration', { AutoEnable: true, AutoEnableStandards: 'DEFAULT' });
    });
    test('an organization aggregator and the HIPAA pack in every account', () => {
      security.hasResourceProperties('AWS::Config::ConfigurationAggregator', { OrganizationAggregationSource: { AllAwsRegions: true } });
      const pack = Object.values(security.findResources('AWS::Config::OrganizationConformancePack'))[0] as any;
      const rules = Object.values(JSON.parse(pack.Properties.TemplateBody).Resources).map((r: any) => r.Properties.Source.SourceIdentifier);
      expect(rules.sort()).toEqual(HIPAA_MANAGED_RULES.map((r) => r.identifier).sort());
      security.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', { Type: 'ORGANIZATION' });
    });
    test('findings reach a person: four routes to an encrypted topic with a required email subscriber', () => {
      const rules = Object.values(security.findResources('AWS::Events::Rule')) as any[];
      expect(rules.map((r) => r.Properties.EventPattern.source[0]).sort()).toEqual(['aws.access-analyzer', 'aws.config', 'aws.guardduty', 'aws.securityhub']);
      for (const r of rules) expect(r.Properties.Targets).toHaveLength(1);
      const topics = Object.values(security.findResources('AWS::SNS::Topic')) as any[];
      expect(topics).toHaveLength(1);
      expect(topics[0].Properties.KmsMasterKeyId['Fn::GetAtt'][1]).toBe('Arn');
      security.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: { Ref: 'SecurityAlertEmail' } });
      expect(security.toJSON().Parameters.SecurityAlertEmail.Default).toBeUndefined();
      const topicId = Object.keys(security.findResources('AWS::SNS::Topic'))[0];
      for (const r of rules) expect(r.Properties.Targets[0].Arn).toEqual({ Ref: topicId });
      // The organization-admin function's dead-letter alarm reaches the same people, on every state.
      const alarms = Object.values(security.findResources('AWS::CloudWatch::Alarm')) as any[];
      expect(alarms.map((a) => [a.Properties.AlarmActions, a.Properties.OKActions, a.Properties.InsufficientDataActions]))
        .toEqual([[[{ Ref: topicId }], [{ Ref: topicId }], [{ Ref: topicId }]]]);
    });
  });
});

describe('organization app with -c securityFindingsTopicArn', () => {
  // AWS's documentation example account: no real account id in the repository.
  const onCall = 'arn:aws:sns:us-east-1:111122223333:security-on-call';
  const appWith = (context: Record<string, string>) => createOrganizationApp({
    builtinCloudFormationValidation: false, context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [], ...context },
  });

  test('the security stack sends its findings to that topic: no topic, no subscription, no SecurityAlertEmail parameter', () => {
    const security = Template.fromStack(appWith({ securityFindingsTopicArn: onCall }).node.findChild('CdkHipaaOrgSecurity') as Stack);
    for (const type of ['AWS::SNS::Topic', 'AWS::SNS::Subscription']) security.resourceCountIs(type, 0);
    expect(security.toJSON().Parameters?.SecurityAlertEmail).toBeUndefined();
    const targets = Object.values(security.findResources('AWS::Events::Rule')).flatMap((r: any) => r.Properties.Targets.map((t: any) => t.Arn));
    expect(targets).toEqual([onCall, onCall, onCall, onCall]);
  });

  test('with -c securityAlertEmail too is refused, naming both keys and the fix', () => {
    expect(() => appWith({ securityFindingsTopicArn: onCall, securityAlertEmail: 'security@example.com' }))
      .toThrow("securityAlertEmail is 'security@example.com' while securityFindingsTopicArn is given; subscribe people to that topic where it is managed " +
        'and drop -c securityAlertEmail, or drop -c securityFindingsTopicArn to get a new findings topic.');
  });

  test('a bad ARN is refused under its context key\'s prop, with the context key in the fix', () => {
    expect(() => appWith({ securityFindingsTopicArn: 'security-on-call' }))
      .toThrow(/findingsTopicArn is 'security-on-call', which is not the ARN of a standard SNS topic; .*-c securityFindingsTopicArn=/);
  });
});

describe('the delivery pipeline synthesizes the app it was given', () => {
  test('every context key the reference stacks read is forwarded to the pipeline\'s synth step, plain and per stage', () => {
    const read = new Set<string>();
    referenceStackProps((key) => { read.add(key); return undefined; });
    expect(read.size).toBeGreaterThan(10);
    const missing = [...read].flatMap((key) => [key, `staging.${key}`, `production.${key}`]).filter((key) => !FORWARDED_CONTEXT.test(key));
    expect(missing).toEqual([]);
  });
});
