import { App, CfnParameter, Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createOrganizationApp } from '../../../bin/organization';
import { OrganizationToolingStack, OrganizationToolingStackProps } from '../../../lib/stacks/organization';
import { findings } from '../../../lib/testing';
import { CDK_JSON_CONTEXT } from '../../helpers';

// AWS's documentation placeholder account ids: the tests never name a real account.
const TOOLING = '111122223333';
const STAGING = '444455556666';
const PRODUCTION = '777788889999';
const CONNECTION = `arn:aws:codestar-connections:us-east-1:${TOOLING}:connection/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`;
const certificate = (account: string) => `arn:aws:acm:us-east-1:${account}:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`;
const azs = (account: string) => ({ [`availability-zones:account=${account}:region=us-east-1`]: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });

describe('organization app: the delivery pipeline (tooling account)', () => {
  // One synth with every check, the tooling context given, as `npm run synth:org -- -c …` would.
  const app = createOrganizationApp({
    builtinCloudFormationValidation: false,
    context: {
      ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [], ...azs(STAGING), ...azs(PRODUCTION),
      toolingAccount: TOOLING, stagingAccount: STAGING, productionAccount: PRODUCTION, connectionArn: CONNECTION,
      repository: 'example-org/cdk-hipaa', alarmEmail: 'security@example.com',
      'staging.certificateArn': certificate(STAGING), 'production.certificateArn': certificate(PRODUCTION),
      // The portal's Cognito sign-in domain prefix: another deploy-time value a pipeline stage must get as context.
      'staging.signInDomainPrefix': 'clinic-portal-staging', 'production.signInDomainPrefix': 'clinic-portal',
    },
  });
  const gate = findings(app);
  const stack = app.node.findChild('CdkHipaaOrgTooling') as OrganizationToolingStack;
  const template = Template.fromStack(stack);
  const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as any;
  const stages: any[] = pipeline.Properties.Stages;
  const stageNamed = (name: string) => stages.find((s) => s.Name === name);
  const projects = template.findResources('AWS::CodeBuild::Project');
  const synthProject = projects[stack.getLogicalId(stack.pipeline.synthProject.node.defaultChild as any)] as any;

  test('every stack, the pipeline and both stages of the reference app pass every pack with zero unacknowledged findings', () => {
    expect(gate.findings).toEqual([]);
    for (const a of gate.acknowledgements) expect(a.reason.length).toBeGreaterThanOrEqual(30);
    expect(gate.acknowledgements.some((a) => a.constructPath.startsWith('CdkHipaaOrgTooling/Pipeline'))).toBe(true);
  });

  test('the tooling stack lives in the tooling account; the pipeline goes source, gate, self-update, assets, staging, production', () => {
    expect(stack.account).toBe(TOOLING);
    expect(stages.map((s) => s.Name)).toEqual(['Source', 'Build', 'UpdatePipeline', 'Assets', 'Staging', 'Production']);
    expect(stageNamed('Source').Actions[0].ActionTypeId.Provider).toBe('CodeStarSourceConnection');
    expect(stageNamed('Source').Actions[0].Configuration).toMatchObject({ ConnectionArn: CONNECTION, FullRepositoryId: 'example-org/cdk-hipaa', BranchName: 'main' });
  });

  test('the synth step is the gate: it synthesizes this app with every check and the same context, and keeps cdk.out (with the evidence report)', () => {
    const spec = JSON.parse(synthProject.Properties.Source.BuildSpec);
    const commands: string[] = spec.phases.build.commands;
    expect(commands[0]).toBe('npm ci');
    expect(commands[1]).toMatch(/^npm run synth:org -- /);
    for (const key of ['toolingAccount', 'stagingAccount', 'productionAccount', 'connectionArn', 'repository', 'staging.certificateArn', 'alarmEmail']) {
      expect(commands[1]).toContain(`-c ${key}=`);
    }
    expect(spec.artifacts).toEqual({ 'base-directory': 'cdk.out', 'files': '**/*' });
    expect(stack.evidencePath).toBe('cdk.out/evidence');
    // The synth output is the artifact every later stage reads: kept in the encrypted bucket.
    const synthOutput = stageNamed('Build').Actions[0].OutputArtifacts[0].Name;
    expect(stageNamed('Staging').Actions.some((a: any) => (a.InputArtifacts ?? []).some((i: any) => i.Name === synthOutput))).toBe(true);
  });

  test('staging deploys into the staging account, production into the production account, after a manual approval', () => {
    const roleAccount = (a: any) => JSON.stringify(a.RoleArn).match(/iam::(\d{12}):role\/cdk-hnb659fds-deploy-role/)?.[1];
    const deploys = (name: string) => stageNamed(name).Actions.filter((a: any) => a.ActionTypeId.Provider === 'CloudFormation');
    expect(deploys('Staging').length).toBeGreaterThanOrEqual(6);
    for (const a of deploys('Staging')) expect(roleAccount(a)).toBe(STAGING);
    for (const a of deploys('Production')) expect(roleAccount(a)).toBe(PRODUCTION);
    const approval = stageNamed('Production').Actions.find((a: any) => a.ActionTypeId.Category === 'Approval');
    expect(approval).toMatchObject({ Name: 'PromoteToProduction', ActionTypeId: { Provider: 'Manual' } });
    expect(approval.Configuration.CustomData).toContain('cdk.out/evidence');
    for (const a of deploys('Production')) expect(a.RunOrder).toBeGreaterThan(approval.RunOrder);
    expect(stageNamed('Staging').Actions.some((a: any) => a.ActionTypeId.Category === 'Approval')).toBe(false);
    const stackNames = deploys('Production').map((a: any) => a.Configuration.StackName);
    expect(new Set(stackNames)).toEqual(new Set(['Production-CdkHipaaBaseline', 'Production-CdkHipaaThreeTier', 'Production-CdkHipaaEmr']));
  });

  test('artifacts (cloud assemblies, evidence reports) sit in a versioned bucket under a customer-managed key of the tooling account', () => {
    const key = stack.getLogicalId(stack.artifactBucket.key.node.defaultChild as any);
    const bucket = stack.getLogicalId(stack.artifactBucket.bucket.node.defaultChild as any);
    expect(pipeline.Properties.ArtifactStore).toEqual({ Type: 'S3', Location: { Ref: bucket }, EncryptionKey: { Type: 'KMS', Id: { 'Fn::GetAtt': [key, 'Arn'] } } });
    const bucketProps = (template.findResources('AWS::S3::Bucket')[bucket] as any).Properties;
    expect(bucketProps.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucketProps.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [key, 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('the staging and production deploy roles may read the artifacts and decrypt them, nothing more', () => {
    const deployRole = (account: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${account}:role/cdk-hnb659fds-deploy-role-${account}-us-east-1`]] });
    const readers = [deployRole(STAGING), deployRole(PRODUCTION)];
    const bucketStatements = Object.values(template.findResources('AWS::S3::BucketPolicy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const bucketGrant = bucketStatements.find((s: any) => JSON.stringify(s.Principal ?? {}).includes('deploy-role'));
    expect(bucketGrant.Principal.AWS).toEqual(expect.arrayContaining(readers));
    expect(bucketGrant.Action).toEqual(['s3:GetBucket*', 's3:GetObject*', 's3:List*']);
    const key = (template.findResources('AWS::KMS::Key')[stack.getLogicalId(stack.artifactBucket.key.node.defaultChild as any)] as any);
    const keyGrant = key.Properties.KeyPolicy.Statement.find((s: any) => JSON.stringify(s.Principal ?? {}).includes('deploy-role'));
    expect(keyGrant.Principal.AWS).toEqual(expect.arrayContaining(readers));
    expect(keyGrant.Action).toEqual(['kms:Decrypt', 'kms:DescribeKey']);
  });

  test('every build project encrypts with that key, logs to the encrypted log group and runs unprivileged; the CLI is pinned', () => {
    const list = Object.values(projects) as any[];
    expect(list.length).toBeGreaterThanOrEqual(3);
    const key = stack.getLogicalId(stack.artifactBucket.key.node.defaultChild as any);
    for (const p of list) {
      expect(p.Properties.EncryptionKey).toEqual({ 'Fn::GetAtt': [key, 'Arn'] });
      expect(p.Properties.LogsConfig.CloudWatchLogs.Status).toBe('ENABLED');
      expect(p.Properties.Environment.PrivilegedMode).toBe(false);
    }
    const selfMutation = projects[stack.getLogicalId(stack.pipeline.selfMutationProject.node.defaultChild as any)] as any;
    expect(selfMutation.Properties.Source.BuildSpec).toContain(`npm install -g aws-cdk@${require('../../../package.json').devDependencies['aws-cdk']}`);
  });
});

describe('OrganizationToolingStack input', () => {
  const base = (): OrganizationToolingStackProps => ({
    env: { account: TOOLING, region: 'us-east-1' }, repository: 'example-org/app', connectionArn: CONNECTION,
    staging: { account: STAGING, region: 'us-east-1' }, production: { account: PRODUCTION, region: 'us-east-1' },
    application: (stage: Stage) => { new Stack(stage, 'App'); },
  });
  const build = (props: Partial<OrganizationToolingStackProps>) => () =>
    new OrganizationToolingStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Tooling', { ...base(), ...props });

  test.each([
    [{ env: { region: 'us-east-1' } }, /env\.account is missing; CDK Pipelines deploys across accounts by literal id/],
    [{ staging: { account: STAGING } }, /staging\.region is missing/],
    [{ production: { account: 'production', region: 'us-east-1' } }, /production\.account is 'production'/],
    [{ production: { account: STAGING, region: 'us-east-1' } }, /production\.account is 444455556666, the same as staging\.account; deploy staging and production to separate accounts/],
    [{ repository: 'https://github.com/x/y' }, /repository is 'https:\/\/github\.com\/x\/y'; use 'owner\/name'/],
    [{ connectionArn: 'arn:aws:iam::111122223333:role/x' }, /connectionArn is 'arn:aws:iam::111122223333:role\/x'; pass the ARN of the CodeStar connection/],
    [{ synthCommands: [] }, /synthCommands is empty/],
    [{ application: (stage: Stage) => { new CfnParameter(new Stack(stage, 'App'), 'AlarmEmail'); } },
      /application leaves Tooling\/Staging\/App\/AlarmEmail without a value .*CDK Pipelines passes no parameter values/],
  ] as Array<[Partial<OrganizationToolingStackProps>, RegExp]>)('%j is refused', (props, message) => {
    expect(build(props)).toThrow(message);
  });

  test('a valid pipeline builds', () => {
    expect(build({})).not.toThrow();
  });
});
