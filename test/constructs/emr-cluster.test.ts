import { CfnParameter, Duration, SecretValue, Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as emrL1 from 'aws-cdk-lib/aws-emr';
import { IConstruct } from 'constructs';
import { NagRuleCompliance, rules as nagRules } from 'cdk-nag';
import { HipaaBucket, HipaaEmrCluster, HipaaKey, HipaaPermissionsBoundary, HipaaVpc } from '../../lib';
import * as rules from '../../lib/compliance/rules';
import { RuleVerdict } from '../../lib/compliance/rules/rule';
import { FunctionDeadLetters } from '../../constructs/internal/function-dead-letters';
import { isSecretDynamicReference } from '../../lib/vocabulary/dynamic-reference';
import { testStack } from '../helpers';

/** The acknowledgements recorded on a construct, by rule id as given to suppress() (aws-cdk-lib prefixes bare ids with 'Annotation::'). */
function acknowledged(construct: IConstruct): Record<string, string> {
  const entries = construct.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').flatMap((m) => Object.entries(m.data as Record<string, string>));
  return Object.fromEntries(entries.map(([id, reason]) => [id.replace(/^Annotation::/, ''), reason]));
}

/** Evaluates one gate rule on one resource of a template. */
function judge(rule: rules.GapRule, template: Record<string, any>, logicalId: string): RuleVerdict {
  return rule.evaluate({ logicalId, resource: template.Resources[logicalId], template } as rules.RuleSubject);
}

function dedicated(): { stack: Stack; net: HipaaVpc } {
  const stack = testStack();
  return { stack, net: new HipaaVpc(stack, 'Net', { instanceTenancy: ec2.DefaultInstanceTenancy.DEDICATED }) };
}

describe('HipaaEmrCluster defaults', () => {
  const { stack, net } = dedicated();
  const phi = new HipaaBucket(stack, 'Phi');
  const emr = new HipaaEmrCluster(stack, 'Analytics', { vpc: net.vpc, dataBuckets: [phi.bucket], alarmEmails: ['oncall@example.org'] });
  const template = Template.fromStack(stack);
  const keyArn = { 'Fn::GetAtt': [stack.getLogicalId(emr.key.node.defaultChild as any), 'Arn'] };
  const securityConfiguration = () => Object.values(template.findResources('AWS::EMR::SecurityConfiguration'))[0].Properties.SecurityConfiguration;

  test('runs in a dedicated-tenancy VPC, in a private subnet, without key pair or public IP', () => {
    template.hasResourceProperties('AWS::EC2::VPC', { InstanceTenancy: 'dedicated' });
    const instances = Object.values(template.findResources('AWS::EMR::Cluster'))[0].Properties.Instances;
    expect(instances.Ec2SubnetId).toEqual({ Ref: expect.stringMatching(/NetVpcPrivateSubnet1/) });
    expect(instances.Ec2KeyName).toBeUndefined();
    expect(instances.TerminationProtected).toBe(true);
  });

  test('tears down: the cluster waits for the delete-time cleanup of its three managed groups, which may revoke rules of those groups only', () => {
    const [cleanupId, cleanup] = Object.entries(template.findResources('Custom::HipaaEmrSecurityGroupCleanup'))[0];
    const groupIds = Object.values(emr.securityGroups).map((g) => stack.getLogicalId(g.node.defaultChild as any));
    const named = JSON.stringify(cleanup.Properties.GroupIds);
    for (const id of groupIds) expect(named).toContain(`"${id}"`);
    expect(Object.values(template.findResources('AWS::EMR::Cluster'))[0].DependsOn).toContain(cleanupId);
    const revoke = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement)
      .find((st: any) => st.Sid === 'RevokeRulesOfTheClusterGroupsOnly');
    expect(revoke.Action).toBe('ec2:RevokeSecurityGroupIngress');
    const resources = JSON.stringify(revoke.Resource);
    for (const id of groupIds) expect(resources).toContain(`"${id}"`);
    expect(revoke.Resource).toHaveLength(4); // the three groups and their rules
  });

  test('deploys: the instance profile is named after its role, and the cluster waits for both roles, their policies and the profile', () => {
    const roleId = stack.getLogicalId(emr.instanceRole.node.defaultChild as any);
    template.hasResourceProperties('AWS::IAM::InstanceProfile', { InstanceProfileName: { Ref: roleId }, Roles: [{ Ref: roleId }] });
    const cluster = Object.values(template.findResources('AWS::EMR::Cluster'))[0];
    const policies = Object.keys(template.findResources('AWS::IAM::ManagedPolicy')).filter((id) => /Analytics(Instance|Service)Policy/.test(id));
    expect(policies).toHaveLength(2);
    expect(cluster.DependsOn).toEqual(expect.arrayContaining([...policies, roleId, stack.getLogicalId(emr.serviceRole.node.defaultChild as any),
      expect.stringMatching(/AnalyticsInstanceProfile/)]));
  });

  test('at-rest encryption: EMRFS SSE-KMS, local disks and EBS with the customer-managed key', () => {
    expect(securityConfiguration().EncryptionConfiguration).toMatchObject({
      EnableAtRestEncryption: true,
      AtRestEncryptionConfiguration: {
        S3EncryptionConfiguration: { EncryptionMode: 'SSE-KMS', AwsKmsKey: keyArn },
        LocalDiskEncryptionConfiguration: { EncryptionKeyProviderType: 'AwsKms', AwsKmsKey: keyArn, EnableEbsEncryption: true },
      },
    });
  });

  test('in-transit TLS with PEM certificates from the custom resource; IMDSv2 on the nodes', () => {
    expect(securityConfiguration().EncryptionConfiguration).toMatchObject({
      EnableInTransitEncryption: true,
      InTransitEncryptionConfiguration: { TLSCertificateConfiguration: { CertificateProviderType: 'PEM', S3Object: { 'Fn::GetAtt': [expect.stringMatching(/AnalyticsCertificates/), 'S3Object'] } } },
    });
    expect(securityConfiguration().InstanceMetadataServiceConfiguration).toEqual({ MinimumInstanceMetadataServiceVersion: 2, HttpPutResponseHopLimit: 1 });
    expect(securityConfiguration().AuthenticationConfiguration).toBeUndefined();
  });

  test('the certificate resource writes SSE-KMS into the encrypted artifacts bucket under tls/', () => {
    template.hasResourceProperties('Custom::HipaaEmrCertificates', {
      ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('AnalyticsCertificateGeneratorFunction'), 'Arn'] },
      BucketName: { Ref: Match.stringLikeRegexp('AnalyticsArtifactsBucket') }, ObjectKeyPrefix: 'tls', KmsKeyArn: keyArn,
      Region: { Ref: 'AWS::Region' }, ValidityDays: '365',
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([
        Match.objectLike({ Sid: 'WriteCertificates', Action: ['s3:DeleteObject', 's3:PutObject'], Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('AnalyticsArtifactsBucket'), 'Arn'] }, '/tls/*']] } }),
        Match.objectLike({ Sid: 'EncryptCertificates', Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Resource: keyArn }),
      ]) },
    });
  });

  test('the certificate function: newest Node.js on ARM, traced, environment and logs encrypted, no inline policy', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' }, KmsKeyArn: keyArn,
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('AnalyticsCertificateGeneratorLogs') } },
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('logs go to the encrypted bucket, encrypted with the key', () => {
    template.hasResourceProperties('AWS::EMR::Cluster', {
      LogUri: { 'Fn::Join': ['', ['s3://', { Ref: Match.stringLikeRegexp('AnalyticsArtifactsBucket') }, '/logs/']] },
      LogEncryptionKmsKeyId: keyArn,
      SecurityConfiguration: { Ref: Match.stringLikeRegexp('AnalyticsSecurityConfiguration') },
      Tags: Match.arrayWith([{ Key: 'DataClassification', Value: 'PHI' }]),
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } })] },
    });
  });

  test('node role: read TLS material and the PHI bucket, write logs, use the cluster key; nothing else', () => {
    const policy = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).find((p) => p.Properties.Description?.includes('nodes'))!;
    const actions = policy.Properties.PolicyDocument.Statement.flatMap((s: any) => [].concat(s.Action));
    expect(actions.sort()).toEqual(['kms:Decrypt', 'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext',
      'kms:ReEncryptFrom', 'kms:ReEncryptTo', 's3:GetObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject'].sort());
  });

  test('service role: trusted by EMR of this account only, v2 managed policy, may pass only the node role', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'elasticmapreduce.amazonaws.com' }, Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }) })] },
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AmazonEMRServicePolicy_v2']] }],
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'PassNodeRole', Action: 'iam:PassRole', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('AnalyticsInstanceRole'), 'Arn'] } })]) },
    });
  });

  test('EMR-managed security groups admit nothing from outside; groups and subnets carry the v2 policy tag', () => {
    for (const sg of Object.values(template.findResources('AWS::EC2::SecurityGroup')).filter((r) => r.Properties.GroupDescription.startsWith('EMR'))) {
      expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
      expect(sg.Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'for-use-with-amazon-emr-managed-policies', Value: 'true' }]));
    }
    template.hasResourceProperties('AWS::EC2::Subnet', { Tags: Match.arrayWith([{ Key: 'for-use-with-amazon-emr-managed-policies', Value: 'true' }]) });
  });

  test('nodes send only to each other, to the service-access group and to the VPC endpoints: no 0.0.0.0/0', () => {
    const groups = Object.entries(template.findResources('AWS::EC2::SecurityGroup')).filter(([, r]) => r.Properties.GroupDescription.startsWith('EMR'));
    expect(groups).toHaveLength(3);
    for (const [, sg] of groups) {
      expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', FromPort: 252, ToPort: 87 })]);
    }
    const egress = Object.values(template.findResources('AWS::EC2::SecurityGroupEgress')).map((r) => r.Properties);
    for (const p of egress) expect(p.CidrIp).toBeUndefined();
    const primary = egress.filter((p) => JSON.stringify(p.GroupId).includes('PrimarySecurityGroup'));
    expect(primary.map((p) => `${p.IpProtocol}:${p.FromPort ?? ''}`).sort()).toEqual(['-1:', '-1:', 'tcp:443', 'tcp:443', 'tcp:443', 'tcp:9443']);
  });

  test('Kerberos is acknowledged with the IAM-based access reason when not configured, true as built', () => {
    const acks = acknowledged(emr.cluster);
    expect(Object.keys(acks)).toEqual(expect.arrayContaining(['HIPAA.Security-EMRKerberosEnabled', 'NIST.800.53.R5-EMRKerberosEnabled', 'AwsSolutions-EMR6']));
    const reason = acks['HIPAA.Security-EMRKerberosEnabled'];
    // Each fact the reason states, checked on the template.
    expect(reason).toMatch(/no interactive application \(installed: Hadoop, Spark\)/);
    const cluster = Object.values(template.findResources('AWS::EMR::Cluster'))[0].Properties;
    expect(cluster.Applications).toEqual([{ Name: 'Hadoop' }, { Name: 'Spark' }]);
    expect(reason).toMatch(/no EC2 key pair/);
    expect(cluster.Instances.Ec2KeyName).toBeUndefined();
    expect(reason).toMatch(/no SSM permissions on the node role/);
    const nodePolicies = JSON.stringify(Object.values(template.findResources('AWS::IAM::ManagedPolicy')).filter((p) => JSON.stringify(p.Properties.Roles ?? []).includes('AnalyticsInstanceRole')));
    expect(nodePolicies).not.toMatch(/ssm|ssmmessages|ec2messages/);
    expect(cluster.ManagedPolicyArns).toBeUndefined();
  });

  test('cdk-nag EMR4/EMR5 read the encryption keys at the top level of the security configuration, so they are acknowledged with that reason', () => {
    // The acknowledgement's fact, on cdk-nag's own rules: they find our configuration (the cluster refers to it by Ref)
    // and still judge it non-compliant, although EMR reads at-rest and in-transit encryption under EncryptionConfiguration ...
    expect(securityConfiguration().EncryptionConfiguration).toMatchObject({ EnableAtRestEncryption: true, EnableInTransitEncryption: true });
    expect(Object.values(template.findResources('AWS::EMR::Cluster'))[0].Properties.SecurityConfiguration).toEqual({ Ref: stack.getLogicalId(emr.securityConfiguration) });
    expect(nagRules.emr.EMRLocalDiskEncryption(emr.cluster)).toBe(NagRuleCompliance.NON_COMPLIANT);
    expect(nagRules.emr.EMREncryptionInTransit(emr.cluster)).toBe(NagRuleCompliance.NON_COMPLIANT);
    // ... and pass the same settings written at the top level, a shape EMR's schema does not define.
    const other = testStack();
    const config = new emrL1.CfnSecurityConfiguration(other, 'TopLevel', { securityConfiguration: {
      EnableAtRestEncryption: true, AtRestEncryptionConfiguration: { LocalDiskEncryptionConfiguration: { EncryptionKeyProviderType: 'AwsKms' } },
      EnableInTransitEncryption: true, InTransitEncryptionConfiguration: { TLSCertificateConfiguration: { CertificateProviderType: 'PEM' } },
    } });
    const cluster = new emrL1.CfnCluster(other, 'C', { name: 'c', jobFlowRole: 'r', serviceRole: 's', instances: {}, securityConfiguration: config.ref });
    expect(nagRules.emr.EMRLocalDiskEncryption(cluster)).toBe(NagRuleCompliance.COMPLIANT);
    expect(nagRules.emr.EMREncryptionInTransit(cluster)).toBe(NagRuleCompliance.COMPLIANT);
    const acks = acknowledged(emr.cluster);
    for (const id of ['AwsSolutions-EMR4', 'AwsSolutions-EMR5']) expect(acks[id]).toMatch(/under EncryptionConfiguration.*cdk-nag 3\.0\.2 .*reads those keys at the top level/);
  });

  test('certificates: renewal counter, expiry warning and final reminder passed to the custom resource', () => {
    template.hasResourceProperties('Custom::HipaaEmrCertificates', { ValidityDays: '365', WarningDays: '30', ReminderDays: '7', Generation: '1' });
  });

  test('before the certificates expire, two one-time schedules (notice, final reminder) tell the alarm topic; nothing runs but Scheduler', () => {
    const certificates = Match.stringLikeRegexp('AnalyticsCertificates');
    const schedules = template.findResources('AWS::Scheduler::Schedule');
    expect(Object.keys(schedules)).toHaveLength(2);
    for (const attribute of ['WarnAt', 'RemindAt']) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: { 'Fn::Join': ['', ['at(', { 'Fn::GetAtt': [certificates, attribute] }, ')']] },
        GroupName: 'default', ScheduleExpressionTimezone: 'UTC', FlexibleTimeWindow: { Mode: 'OFF' }, State: 'ENABLED',
        Target: Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('AnalyticsAlarmTopic') }, RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AnalyticsCertificateExpiryNoticeRole'), 'Arn'] },
          Input: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [certificates, 'NotAfter'] }])] }) }),
      });
    }
  });

  test('a notice Scheduler cannot publish is retried for a day, then lands in the dead-letter queue whose alarm tells the topic', () => {
    const deadLetters = FunctionDeadLetters.of(stack);
    const queueArn = { 'Fn::GetAtt': [stack.getLogicalId(deadLetters.queue.node.defaultChild as any), 'Arn'] };
    for (const schedule of Object.values(template.findResources('AWS::Scheduler::Schedule'))) {
      expect(schedule.Properties.Target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 });
      expect(schedule.Properties.Target.DeadLetterConfig).toEqual({ Arn: queueArn });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [stack.getLogicalId(deadLetters.queue.node.defaultChild as any), 'QueueName'] } }],
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^AnalyticsAlarmTopic') }], OKActions: [{ Ref: Match.stringLikeRegexp('^AnalyticsAlarmTopic') }],
      InsufficientDataActions: [{ Ref: Match.stringLikeRegexp('^AnalyticsAlarmTopic') }],
    });
  });

  test('before the certificates expire: the stack has one alarm, on the dead-letter queue', () => {
    // A notice, not a CloudWatch alarm: it has no state, so there is no OK or INSUFFICIENT_DATA to route.
    // The stack's one alarm watches the functions' dead-letter queue.
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(1);
    expect(alarms[0].Properties).toMatchObject({ Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible' });
  });

  test('the notice role: trusted by Scheduler of this account for the default group only, publishes to the topic only, bounded', () => {
    const [roleId, role] = Object.entries(template.findResources('AWS::IAM::Role')).find(([id]) => id.startsWith('AnalyticsCertificateExpiryNoticeRole'))!;
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'scheduler.amazonaws.com' },
      Condition: {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnEquals: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':schedule-group/default']] } },
      },
    }]);
    expect(judge(rules.ServiceTrustConfusedDeputy, template.toJSON(), roleId)).toBe(RuleVerdict.COMPLIANT);
    expect(role.Properties.PermissionsBoundary).toEqual({ Ref: stack.getLogicalId(HipaaPermissionsBoundary.of(stack).policy.node.defaultChild as any) });
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.Policies).toBeUndefined();
    const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).filter((p) => JSON.stringify(p.Properties.Roles ?? []).includes(roleId));
    expect(policies.map((p) => p.Properties.PolicyDocument.Statement)).toEqual([[
      { Sid: 'PublishExpiryNotice', Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: expect.stringMatching(/^AnalyticsAlarmTopic/) } },
      { Sid: 'EncryptForTopic', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: { 'Fn::GetAtt': [expect.stringMatching(/^AnalyticsAlarmKey/), 'Arn'] },
        Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['sns.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } } },
      // Scheduler sends dead-letter events with this role: SendMessage on the queue, and its SSE-KMS key as every producer.
      { Sid: 'SendToDeadLetterQueue', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^CdkHipaaFunctionDeadLettersQueue/), 'Arn'] } },
      { Sid: 'EncryptDeadLetters', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: { 'Fn::GetAtt': [expect.stringMatching(/^CdkHipaaFunctionDeadLettersKey/), 'Arn'] } },
    ]]);
    // The topic's own policy refuses only publishing without TLS, which Scheduler does not do: the role's permission stands.
    const denies = Object.values(template.findResources('AWS::SNS::TopicPolicy')).flatMap((p) => p.Properties.PolicyDocument.Statement).filter((st: any) => st.Effect === 'Deny');
    for (const deny of denies) expect(deny.Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
  });

  test('the alarm topic is encrypted with a key of its own (not the PHI key) and the email subscribed', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('AnalyticsAlarmKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.org' });
    expect(emr.alarmTopic).toBeDefined();
  });
});

describe('HipaaEmrCluster with Kerberos and a generated KDC password', () => {
  const { stack, net } = dedicated();
  const emr = new HipaaEmrCluster(stack, 'Kerb', {
    vpc: net.vpc, kerberos: { realm: 'EC2.INTERNAL' }, alarmNoSubscriberReason: 'A unit test: nobody is paged by it.',
    applications: ['spark', 'Hadoop', 'JupyterHub'], interactiveApplicationsReason: 'Data scientists explore de-identified cohorts in notebooks under their own Kerberos principal.',
  });
  const template = Template.fromStack(stack).toJSON();
  const clusterProps = Object.values(template.Resources as Record<string, any>).find((r) => r.Type === 'AWS::EMR::Cluster').Properties;
  const secretId = stack.getLogicalId(emr.kdcAdminSecret!.node.defaultChild as any);

  test('the password is generated into Secrets Manager, encrypted with the cluster key', () => {
    expect(template.Resources[secretId]).toMatchObject({ Type: 'AWS::SecretsManager::Secret', Properties: {
      KmsKeyId: { 'Fn::GetAtt': [stack.getLogicalId(emr.key.node.defaultChild as any), 'Arn'] },
      GenerateSecretString: { PasswordLength: 32, ExcludePunctuation: true, IncludeSpace: false },
    } });
  });

  test('EMR gets it by dynamic reference: never plain text in the template', () => {
    expect(clusterProps.KerberosAttributes).toEqual({ Realm: 'EC2.INTERNAL',
      KdcAdminPassword: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']] } });
    // Scan the whole template: every password value anywhere is a dynamic reference, and no parameter carries one.
    const found: unknown[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (/password/i.test(k) && k !== 'PasswordLength') found.push(x);
          walk(x);
        }
      }
    };
    for (const resource of Object.values(template.Resources as Record<string, any>)) walk(resource.Properties);
    expect(found).toHaveLength(1);
    for (const value of found) expect(isSecretDynamicReference(value)).toBe(true);
    expect(Object.keys(template.Parameters ?? {})).toEqual(['BootstrapVersion']);
    expect(judge(rules.EmrKerberosPasswordReference, template, stack.getLogicalId(emr.cluster))).toBe(RuleVerdict.COMPLIANT);
  });

  test('the secret is granted to no role of the stack: only CloudFormation, resolving the reference with the deploying role, reads it', () => {
    // A permissions boundary grants nothing (it caps); its allow list names secretsmanager actions for workloads that hold grants.
    const boundaries = new Set(Object.values(template.Resources as Record<string, any>).map((r) => r.Properties?.PermissionsBoundary?.Ref).filter(Boolean));
    const grants = Object.entries(template.Resources as Record<string, any>)
      .filter(([logicalId, r]) => ['AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy', 'AWS::IAM::Role'].includes(r.Type) && !boundaries.has(logicalId))
      .map(([, r]) => r);
    expect(boundaries.size).toBeGreaterThan(0);
    expect(JSON.stringify(grants)).not.toMatch(/secretsmanager:/);
    expect(Object.values(template.Resources as Record<string, any>).some((r) => r.Type === 'AWS::SecretsManager::ResourcePolicy')).toBe(false);
  });

  test('the secret is not rotated, and the acknowledgement says why (the KDC keeps its own copy)', () => {
    const acks = acknowledged(emr.kdcAdminSecret!);
    expect(Object.keys(acks).sort()).toEqual(['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled', 'NIST.800.53.R5-SecretsManagerRotationEnabled']);
    expect(acks['AwsSolutions-SMG4']).toMatch(/once, when CloudFormation creates the cluster.*keeps its own copy/);
    // The facts it states: no rotation here, the cluster key and no grant (tests above).
    expect(Object.values(template.Resources as Record<string, any>).some((r) => r.Type === 'AWS::SecretsManager::RotationSchedule')).toBe(false);
  });

  test('applications in EMR\'s spelling; the interactive one acknowledged with the reason and the Kerberos fact', () => {
    expect(clusterProps.Applications).toEqual([{ Name: 'Spark' }, { Name: 'Hadoop' }, { Name: 'JupyterHub' }]);
    const acks = acknowledged(emr.cluster);
    expect(acks['HipaaGapChecks::HipaaGap-EmrInteractiveApplications']).toMatch(/^Data scientists explore .*JupyterHub; every user authenticates with Kerberos to the cluster-dedicated KDC of realm EC2.INTERNAL/);
    expect(Object.keys(acks).join(' ')).not.toMatch(/EMR6|EMRKerberosEnabled/);
  });
});

describe('HipaaEmrCluster with an existing alarm topic', () => {
  test('the expiry notice goes to it, through its key; no topic or alarm key is created', () => {
    const { stack, net } = dedicated();
    const key = new HipaaKey(stack, 'OnCallKey');
    const topic = new sns.Topic(stack, 'OnCall', { masterKey: key.key });
    new HipaaEmrCluster(stack, 'E', { vpc: net.vpc, alarmTopic: topic, alarmTopicKey: key.key, certificateGeneration: 2, certificateExpiryWarning: Duration.days(45) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    expect(Object.keys(template.findResources('AWS::KMS::Key')).some((id) => id.includes('AlarmKey'))).toBe(false);
    template.hasResourceProperties('AWS::Scheduler::Schedule', { Target: Match.objectLike({ Arn: { Ref: stack.getLogicalId(topic.node.defaultChild as any) } }) });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', { PolicyDocument: { Statement: Match.arrayWith([
      Match.objectLike({ Sid: 'EncryptForTopic', Resource: { 'Fn::GetAtt': [stack.getLogicalId(key.key.node.defaultChild as any), 'Arn'] } }),
    ]) } });
    template.hasResourceProperties('Custom::HipaaEmrCertificates', { Generation: '2', WarningDays: '45' });
  });
});

describe('HipaaEmrCluster with Kerberos', () => {
  test('cluster-dedicated KDC in the security configuration, no Kerberos acknowledgement', () => {
    const { stack, net } = dedicated();
    const emr = new HipaaEmrCluster(stack, 'Kerb', { vpc: net.vpc, kerberos: { realm: 'EC2.INTERNAL', kdcAdminPassword: SecretValue.secretsManager('emr/kdc') }, alarmNoSubscriberReason: 'A unit test: nobody is paged by it.' });
    const template = Template.fromStack(stack);
    const config = Object.values(template.findResources('AWS::EMR::SecurityConfiguration'))[0].Properties.SecurityConfiguration;
    expect(config.AuthenticationConfiguration).toEqual({ KerberosConfiguration: { Provider: 'ClusterDedicatedKdc', ClusterDedicatedKdcConfiguration: { TicketLifetimeInHours: 24 } } });
    template.hasResourceProperties('AWS::EMR::Cluster', { KerberosAttributes: { Realm: 'EC2.INTERNAL', KdcAdminPassword: '{{resolve:secretsmanager:emr/kdc:SecretString:::}}' } });
    expect(Object.keys(acknowledged(emr.cluster)).join(' ')).not.toMatch(/EMR6|EMRKerberosEnabled/);
    // A given password: no secret is generated, so no rotation acknowledgement either.
    expect(emr.kdcAdminSecret).toBeUndefined();
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
  });

  test('an SSM SecureString reference is accepted too', () => {
    const { stack, net } = dedicated();
    new HipaaEmrCluster(stack, 'Kerb', { vpc: net.vpc, kerberos: { realm: 'EC2.INTERNAL', kdcAdminPassword: SecretValue.ssmSecure('/emr/kdc', '3') }, alarmNoSubscriberReason: 'A unit test: nobody is paged by it.' });
    Template.fromStack(stack).hasResourceProperties('AWS::EMR::Cluster', { KerberosAttributes: { KdcAdminPassword: '{{resolve:ssm-secure:/emr/kdc:3}}' } });
  });
});

describe('HipaaEmrCluster rejects unsafe props', () => {
  test('a VPC with default tenancy', () => {
    const stack = testStack();
    const net = new HipaaVpc(stack, 'Net');
    expect(() => new HipaaEmrCluster(stack, 'E', { vpc: net.vpc })).toThrow(/has instance tenancy 'default'; EMR runs on dedicated hardware only in a VPC with dedicated tenancy/);
  });
  test.each<[string, object, RegExp]>([
    ['public subnets', { vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }, /vpcSubnets selects public subnets/],
    ['certificate validity over 825 days', { certificateValidity: Duration.days(1000) }, /certificateValidity is 1000 days; use a whole number of days from 1 to 825/],
    ['no core nodes', { coreInstanceCount: 0 }, /coreInstanceCount is 0/],
    ['lower-case realm', { kerberos: { realm: 'ec2.internal', kdcAdminPassword: SecretValue.unsafePlainText('x') } }, /kerberos.realm is 'ec2.internal'; use upper case/],
    ['plain-text KDC password', { kerberos: { realm: 'EC2.INTERNAL', kdcAdminPassword: SecretValue.unsafePlainText('hunter2hunter2') } }, /kdcAdminPassword is a plain-text value/],
    ['an application off the allow-list', { applications: ['Spark', 'Ganglia'] }, /applications has 'Ganglia', which is not on the allow-list; use batch applications \(Hadoop, Spark/],
    ['an interactive application without Kerberos', { applications: ['Spark', 'Livy'], interactiveApplicationsReason: 'Notebook users submit Spark sessions through Livy.' },
      /applications has Livy, which give people interactive sessions with PHI on the cluster, but kerberos is not set/],
    ['an interactive application without a reason', { applications: ['Hue'], kerberos: { realm: 'EC2.INTERNAL' } }, /interactiveApplicationsReason is ''; applications has Hue/],
    ['a reason without an interactive application', { interactiveApplicationsReason: 'Notebook users submit Spark sessions through Livy.' }, /interactiveApplicationsReason is set, but applications has no interactive application/],
    ['no renewal generation', { certificateGeneration: 0 }, /certificateGeneration is 0/],
    ['a KDC password from a CloudFormation parameter', { kerberos: { realm: 'EC2.INTERNAL', kdcAdminPassword: 'PARAMETER' } },
      /kerberos.kdcAdminPassword is a token that is not a Secrets Manager or SSM SecureString dynamic reference \(e.g. a CloudFormation parameter/],
    ['alarmTopicKey without alarmTopic', { alarmTopicKey: 'KEY' }, /alarmTopicKey is set without alarmTopic/],
    ['alarmEmails with alarmTopic', { alarmTopic: 'TOPIC', alarmEmails: ['oncall@example.org'] }, /alarmEmails is set with alarmTopic, which gets no subscriber/],
    ['an expiry warning in hours', { certificateExpiryWarning: Duration.hours(12) }, /certificateExpiryWarning is 0.5 days/],
  ])('%s', (_name, given, message) => {
    const { stack, net } = dedicated();
    // Placeholders for values that need the stack: a NoEcho parameter as the password, a key, a topic.
    const props: Record<string, any> = { ...given };
    if (props.kerberos?.kdcAdminPassword === 'PARAMETER') {
      props.kerberos = { ...props.kerberos, kdcAdminPassword: SecretValue.cfnParameter(new CfnParameter(stack, 'KdcPassword', { noEcho: true })) };
    }
    if (props.alarmTopicKey === 'KEY') props.alarmTopicKey = new HipaaKey(stack, 'K').key;
    if (props.alarmTopic === 'TOPIC') props.alarmTopic = new sns.Topic(stack, 'T');
    expect(() => new HipaaEmrCluster(stack, 'E', { vpc: net.vpc, ...props })).toThrow(message);
  });
});
