import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { HipaaAutoScalingGroup, HipaaInstanceTenancy, HipaaKey, HipaaVpc } from '../../lib';
import { NO_SUBSCRIBER_WARNING } from '../../constructs/internal/alarm-topic';
import * as rules from '../../lib/compliance/rules';
import { testStack } from '../helpers';

describe('HipaaAutoScalingGroup defaults', () => {
  const stack = testStack();
  const net = new HipaaVpc(stack, 'Net');
  const tierAbove = new ec2.SecurityGroup(stack, 'TierAbove', { vpc: net.vpc });
  const web = new HipaaAutoScalingGroup(stack, 'Web', { vpc: net.vpc, notificationsNoSubscriberReason: 'A test fixture that is never deployed: nobody receives its scaling events.', userDataCommands: ['echo app-install'] });
  web.allowFrom(tierAbove);
  const template = Template.fromStack(stack);
  const launchData = () => Object.values(template.findResources('AWS::EC2::LaunchTemplate'))[0].Properties.LaunchTemplateData;
  const keyArn = { 'Fn::GetAtt': [stack.getLogicalId(web.key.node.defaultChild as any), 'Arn'] };

  test('launch template: dedicated tenancy, IMDSv2 with hop limit 1, detailed monitoring, no key pair, no public IP', () => {
    const data = launchData();
    expect(data.Placement).toEqual({ Tenancy: 'dedicated' });
    expect(data.MetadataOptions).toEqual({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 });
    expect(data.Monitoring).toEqual({ Enabled: true });
    expect(data.KeyName).toBeUndefined();
    expect(data.NetworkInterfaces[0].AssociatePublicIpAddress).toBe(false);
  });

  test('the group states its Availability Zones: the zones of its subnets, two distinct ones (Control Tower CT.AUTOSCALING.PR.1 reads them)', () => {
    const group = Object.values(template.findResources('AWS::AutoScaling::AutoScalingGroup'))[0].Properties;
    const zonesOfSubnets = net.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnets.map((s) => stack.resolve(s.availabilityZone));
    expect(group.AvailabilityZones).toEqual(zonesOfSubnets);
    expect(group.AvailabilityZones).toHaveLength(2);
    expect(new Set(group.AvailabilityZones.map((z: unknown) => JSON.stringify(z))).size).toBe(2);
    expect(group.VPCZoneIdentifier).toHaveLength(2);
  });

  test('root volume encrypted with the customer-managed key, gp3, deleted with the instance', () => {
    expect(launchData().BlockDeviceMappings).toEqual([{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true, KmsKeyId: keyArn, VolumeSize: 30, VolumeType: 'gp3', DeleteOnTermination: true } }]);
  });

  test('the key policy lets the Auto Scaling service-linked role use the key and grant it to AWS resources only', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([
        Match.objectLike({ Sid: 'AllowAutoScalingServiceLinkedRoleUse', Principal: { AWS: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'])] }) } }),
        Match.objectLike({ Sid: 'AllowAutoScalingServiceLinkedRoleGrants', Action: 'kms:CreateGrant', Condition: { Bool: { 'kms:GrantIsForAWSResource': true } } }),
      ]) },
    });
  });

  test('deploys on a fresh account: the key waits for the custom resource that creates the service-linked role when missing', () => {
    const [slrId] = Object.keys(template.findResources('Custom::HipaaServiceLinkedRole', {
      Properties: { AwsServiceName: 'autoscaling.amazonaws.com', RoleName: 'AWSServiceRoleForAutoScaling', PropagationSeconds: '15' },
    }));
    expect(slrId).toBeDefined();
    const key = template.toJSON().Resources[stack.getLogicalId(web.key.node.defaultChild as any)];
    expect(key.DependsOn).toContain(slrId);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([
        Match.objectLike({ Sid: 'ReadTheRole', Action: 'iam:GetRole' }),
        Match.objectLike({ Sid: 'CreateOnlyThisServiceLinkedRole', Action: 'iam:CreateServiceLinkedRole',
          Condition: { StringEquals: { 'iam:AWSServiceName': 'autoscaling.amazonaws.com' } },
          Resource: { 'Fn::Join': ['', Match.arrayWith([':role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'])] } }),
      ]) },
    });
  });

  test('one service-linked role resource per stack, however many groups', () => {
    const s = testStack('Two');
    const n = new HipaaVpc(s, 'Net');
    new HipaaAutoScalingGroup(s, 'A', { vpc: n.vpc, notificationsNoSubscriberReason: 'A test fixture that is never deployed: nobody receives its scaling events.' });
    new HipaaAutoScalingGroup(s, 'B', { vpc: n.vpc, notificationsNoSubscriberReason: 'A test fixture that is never deployed: nobody receives its scaling events.' });
    Template.fromStack(s).resourceCountIs('Custom::HipaaServiceLinkedRole', 1);
  });

  test('Amazon Linux 2023 for the architecture, resolved at deploy time from the public SSM parameter', () => {
    expect(launchData().ImageId).toEqual({ Ref: expect.stringMatching(/al2023amikernel61arm64/) });
    expect(launchData().InstanceType).toBe('m7g.large');
  });

  const instancePolicy = () => Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
    .find((p) => p.Properties.Roles?.some((r: any) => r.Ref?.startsWith('WebInstanceRole')))!.Properties.PolicyDocument.Statement as any[];
  const statement = (sid: string) => instancePolicy().find((s) => s.Sid === sid);

  test('instance role: no AWS managed policy, a customer-managed policy, bounded by HipaaPermissionsBoundary', () => {
    const roles = Object.values(template.findResources('AWS::IAM::Role', { Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'ec2.amazonaws.com' } })] } } }));
    expect(roles).toHaveLength(1);
    expect(roles[0].Properties.ManagedPolicyArns).toBeUndefined();
    expect(roles[0].Properties.PermissionsBoundary).toEqual({ Ref: expect.stringMatching(/^HipaaPermissionsBoundaryPolicy/) });
  });

  test('the CloudWatch agent writes only to the tier\'s own log group, metrics only to CWAgent', () => {
    const logGroupArn = { 'Fn::GetAtt': [stack.getLogicalId(web.logGroup.node.defaultChild as any), 'Arn'] };
    expect(statement('AgentWriteTierLogs')).toEqual(expect.objectContaining({ Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'], Resource: logGroupArn }));
    expect(statement('AgentPublishMetrics')).toEqual(expect.objectContaining({ Action: 'cloudwatch:PutMetricData', Condition: { StringEquals: { 'cloudwatch:namespace': 'CWAgent' } } }));
    const actions: string[] = instancePolicy().flatMap((s) => [].concat(s.Action));
    for (const forbidden of ['logs:CreateLogGroup', 'logs:PutRetentionPolicy', 'ssm:GetParameter', 'ssm:GetParameters', 'ssm:SendCommand']) {
      expect(actions).not.toContain(forbidden);
    }
  });

  test('Session Manager: register, open channels, log to the session log group, decrypt with the session key only', () => {
    expect(statement('SessionManagerChannels').Action).toEqual(['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel']);
    expect(JSON.stringify(statement('SessionManagerLogSessions').Resource)).toContain(':log-group:/hipaa/session-manager:*');
    expect(statement('SessionManagerDecryptSessions')).toEqual(expect.objectContaining({ Action: 'kms:Decrypt',
      Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/hipaa/session-manager' } } }));
  });

  test('passes HipaaGap-WorkloadRoleAuditTamper', () => {
    const json = template.toJSON();
    const roleId = stack.getLogicalId(web.role.node.defaultChild as any);
    expect(rules.WorkloadRoleAuditTamper.evaluate({ logicalId: roleId, resource: json.Resources[roleId], template: json })).toBe(rules.RuleVerdict.COMPLIANT);
  });

  test('private subnets, 2 to 4 instances, load balancer health checks, rolling updates, group metrics, scaling events to an encrypted topic', () => {
    template.hasResource('AWS::AutoScaling::AutoScalingGroup', {
      Properties: Match.objectLike({
        MinSize: '2', MaxSize: '4', HealthCheckType: 'ELB', HealthCheckGracePeriod: 300,
        VPCZoneIdentifier: [{ Ref: Match.stringLikeRegexp('NetVpcPrivateSubnet1') }, { Ref: Match.stringLikeRegexp('NetVpcPrivateSubnet2') }],
        MetricsCollection: [{ Granularity: '1Minute' }],
        NotificationConfigurations: [Match.objectLike({ NotificationTypes: Match.arrayWith(['autoscaling:EC2_INSTANCE_LAUNCH_ERROR']) })],
      }),
      UpdatePolicy: Match.objectLike({ AutoScalingRollingUpdate: Match.objectLike({ MaxBatchSize: 1, MinInstancesInService: 2 }) }),
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: keyArn });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) } });
  });

  test('security group: egress HTTPS to the VPC endpoints only (no internet), ingress only from the tier above on 443', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^Test/Web: HTTPS 443'),
      // Only the inert rule that keeps EC2's default allow-all egress revoked.
      SecurityGroupEgress: [{ CidrIp: '255.255.255.255/32', FromPort: 252, ToPort: 87, IpProtocol: 'icmp', Description: Match.anyValue() }],
      SecurityGroupIngress: Match.absent(),
    });
    const egress = Object.values(template.findResources('AWS::EC2::SecurityGroupEgress')).map((r) => r.Properties)
      .filter((p) => JSON.stringify(p.GroupId).includes('WebSecurityGroup'));
    expect(egress.map((p) => [p.FromPort, p.ToPort, Object.keys(p).find((k) => k.startsWith('Destination'))]).sort()).toEqual([
      [443, 443, 'DestinationPrefixListId'], [443, 443, 'DestinationPrefixListId'], [443, 443, 'DestinationSecurityGroupId']]);
    for (const p of egress) expect(p.CidrIp).toBeUndefined();
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('WebSecurityGroup'), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('TierAbove'), 'GroupId'] },
      FromPort: 443, ToPort: 443,
    });
  });

  test('user data runs the app hook first, then installs and starts the CloudWatch agent for the tier\'s log group', () => {
    const parts: unknown[] = launchData().UserData['Fn::Base64']['Fn::Join'][1];
    const text = parts.map((p: any) => typeof p === 'string' ? p : `<${p.Ref}>`).join('');
    const logGroupId = stack.getLogicalId(web.logGroup.node.defaultChild as any);
    expect(text.startsWith('#!/bin/bash\nset -euo pipefail\necho app-install\ndnf -y install amazon-cloudwatch-agent\n')).toBe(true);
    expect(text).toContain(`"log_group_name":"<${logGroupId}>"`);
    expect(text).toContain('amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:');
  });

  test('the self-signed certificate hook writes a key readable by root only', () => {
    const commands = HipaaAutoScalingGroup.selfSignedCertificateCommands('/srv/tls');
    expect(commands.join('\n')).toMatch(/openssl req -x509 -newkey rsa:2048 -sha256 .* -keyout \/srv\/tls\/server.key -out \/srv\/tls\/server.crt/);
    expect(commands).toContain('chmod 0600 /srv/tls/server.key');
  });
});

describe('HipaaAutoScalingGroup options', () => {
  test('host tenancy, x86 type, a data volume, capacity that cannot drop below min-1 during updates', () => {
    const stack = testStack();
    const net = new HipaaVpc(stack, 'Net');
    new HipaaAutoScalingGroup(stack, 'App', { vpc: net.vpc, notificationsNoSubscriberReason: 'A test fixture that is never deployed: nobody receives its scaling events.', tenancy: HipaaInstanceTenancy.HOST, instanceType: new ec2.InstanceType('m7i.large'), dataVolumeSize: 100, minCapacity: 2, maxCapacity: 2 });
    const template = Template.fromStack(stack);
    const data = Object.values(template.findResources('AWS::EC2::LaunchTemplate'))[0].Properties.LaunchTemplateData;
    expect(data.Placement).toEqual({ Tenancy: 'host' });
    expect(data.ImageId.Ref).toMatch(/x8664/);
    expect(data.BlockDeviceMappings[1]).toMatchObject({ DeviceName: '/dev/sdf', Ebs: { Encrypted: true, VolumeSize: 100 } });
    template.hasResource('AWS::AutoScaling::AutoScalingGroup', { UpdatePolicy: Match.objectLike({ AutoScalingRollingUpdate: Match.objectLike({ MinInstancesInService: 1 }) }) });
  });

  test('shared tenancy with a justification leaves a visible acknowledgement', () => {
    const stack = testStack();
    const net = new HipaaVpc(stack, 'Net');
    const reason = 'Synthetic test data only; no PHI is processed by this development fleet.';
    const asg = new HipaaAutoScalingGroup(stack, 'Dev', { vpc: net.vpc, notificationsNoSubscriberReason: 'A test fixture that is never deployed: nobody receives its scaling events.', tenancy: HipaaInstanceTenancy.DEFAULT, sharedTenancyJustification: reason });
    const acks = asg.autoScalingGroup.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').map((m) => m.data);
    expect(acks).toEqual(expect.arrayContaining([{ 'HipaaGapChecks::HipaaGap-DedicatedTenancy': reason }]));
  });
});

describe('HipaaAutoScalingGroup scaling events reach a person', () => {
  const stack = testStack();
  const net = new HipaaVpc(stack, 'Net');
  const mailed = new HipaaAutoScalingGroup(stack, 'Mailed', { vpc: net.vpc, notificationEmails: ['ops@clinic.example'] });
  const reasoned = new HipaaAutoScalingGroup(stack, 'Reasoned', { vpc: net.vpc, notificationsNoSubscriberReason: 'The on-call tool subscribes to this topic from the operations account.' });
  const alarmKey = new HipaaKey(stack, 'AlarmKey');
  const alarms = new sns.Topic(stack, 'Alarms', { masterKey: alarmKey.key, enforceSSL: true });
  const shared = new HipaaAutoScalingGroup(stack, 'Shared', { vpc: net.vpc, notificationsTopic: alarms });
  const template = Template.fromStack(stack);
  const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as any);
  const warningsOf = (c: { node: { metadata: Array<{ type: string; data: unknown }> } }) => c.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));

  test('a new topic without subscriber and without reason gets the alarm-topic no-subscriber warning (which fails a strict synth)', () => {
    // Its own stack: cdk.json's strictCfnValidateErrors turns the warning into a failed synth, as in a user's app.
    const s = testStack('Silent');
    const silent = new HipaaAutoScalingGroup(s, 'Silent', { vpc: new HipaaVpc(s, 'Net').vpc });
    expect(warningsOf(silent.notificationsTopic)).toEqual([expect.stringMatching(
      new RegExp(`Silent/Silent/ScalingEvents: the alarm topic has no subscriber, so its alarms reach nobody; pass notificationEmails.*\\[ack: ${NO_SUBSCRIBER_WARNING}\\]`))]);
    expect(() => Template.fromStack(s)).toThrow(/alarmTopicWithoutSubscriber/);
  });

  test('emails, a reason or a given topic: no warning', () => {
    for (const asg of [mailed, reasoned, shared]) expect(asg.node.findAll().flatMap(warningsOf)).toEqual([]);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('notificationEmails subscribes each address to the new topic; a reason silences the warning without subscribing anyone', () => {
    template.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@clinic.example', TopicArn: { Ref: id(mailed.notificationsTopic) } }, 1);
    template.resourceCountIs('AWS::SNS::Subscription', 1);
    expect(reasoned.notificationsTopic.node.path).toMatch(/Reasoned\/ScalingEvents$/);
  });

  test('a given topic (e.g. the stack\'s alarm topic) receives the events; its key admits the service-linked role to publish and waits for it', () => {
    expect(shared.notificationsTopic).toBe(alarms);
    expect(shared.node.tryFindChild('ScalingEvents')).toBeUndefined();
    const group = template.toJSON().Resources[id(shared.autoScalingGroup)];
    expect(group.Properties.NotificationConfigurations).toEqual([expect.objectContaining({ TopicARN: { Ref: id(alarms) } })]);
    const key = template.toJSON().Resources[id(alarmKey.key)];
    expect(key.Properties.KeyPolicy.Statement).toContainEqual({ Sid: 'AllowAutoScalingServiceLinkedRolePublish', Effect: 'Allow', Resource: '*',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Principal: { AWS: { 'Fn::Join': ['', expect.arrayContaining([':role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'])] } } });
    expect(key.DependsOn).toContain(Object.keys(template.findResources('Custom::HipaaServiceLinkedRole'))[0]);
  });

  test('an imported topic is noted: its owner must let the service-linked role use its key', () => {
    const s = testStack('Imported');
    const n = new HipaaVpc(s, 'Net');
    const asg = new HipaaAutoScalingGroup(s, 'G', { vpc: n.vpc, notificationsTopic: sns.Topic.fromTopicArn(s, 'OnCall', 'arn:aws:sns:us-east-1:111122223333:on-call') });
    const infos = asg.node.metadata.filter((m) => m.type === 'aws:cdk:info').map((m) => String(m.data));
    expect(infos).toEqual(expect.arrayContaining([expect.stringMatching(/notificationsTopic is imported: its key policy must let the Auto Scaling service-linked role/)]));
  });

  test.each<[string, object, RegExp]>([
    ['emails with a given topic', { notificationEmails: ['ops@clinic.example'] }, /notificationEmails is \["ops@clinic.example"\] while notificationsTopic is given/],
    ['a no-subscriber reason with a given topic', { notificationsNoSubscriberReason: 'x'.repeat(40) }, /notificationsNoSubscriberReason is "x+" while notificationsTopic is given/],
  ])('rejects %s', (_name, props, error) => {
    const s = testStack();
    const n = new HipaaVpc(s, 'Net');
    const topic = new sns.Topic(s, 'T', { masterKey: new HipaaKey(s, 'K').key });
    expect(() => new HipaaAutoScalingGroup(s, 'G', { vpc: n.vpc, notificationsTopic: topic, ...props })).toThrow(error);
  });

  test('rejects an address that is not one, and a short reason', () => {
    const n = () => { const s = testStack(); return { s, vpc: new HipaaVpc(s, 'Net').vpc }; };
    const a = n();
    expect(() => new HipaaAutoScalingGroup(a.s, 'G', { vpc: a.vpc, notificationEmails: ['ops'] })).toThrow(/notificationEmails/);
    const b = n();
    expect(() => new HipaaAutoScalingGroup(b.s, 'G', { vpc: b.vpc, notificationsNoSubscriberReason: 'later' })).toThrow(/notificationsNoSubscriberReason .*at least 30 characters/);
  });
});

describe('HipaaAutoScalingGroup rejects unsafe props', () => {
  test('a single Availability Zone', () => {
    const stack = testStack();
    const net = new HipaaVpc(stack, 'Net');
    expect(() => new HipaaAutoScalingGroup(stack, 'Asg', { vpc: net.vpc, vpcSubnets: { subnets: [net.vpc.privateSubnets[0]] } }))
      .toThrow(/vpcSubnets spans 1 Availability Zone\(s\); instances handling PHI needs subnets in at least 2/);
  });

  test.each<[string, object, RegExp]>([
    ['shared tenancy without a reason', { tenancy: HipaaInstanceTenancy.DEFAULT }, /tenancy 'default' puts PHI workloads on shared hardware/],
    ['shared tenancy with a short reason', { tenancy: HipaaInstanceTenancy.DEFAULT, sharedTenancyJustification: 'cheaper' }, /at least 30 characters/],
    ['a justification with dedicated tenancy', { sharedTenancyJustification: 'x'.repeat(40) }, /sharedTenancyJustification is set but tenancy is 'dedicated'/],
    ['public subnets', { vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }, /vpcSubnets selects public subnets/],
    ['burstable type', { instanceType: new ec2.InstanceType('t3.large') }, /t3.large is burstable; T instances cannot run with dedicated tenancy/],
    ['min above max', { minCapacity: 5, maxCapacity: 3 }, /capacity min=5, desired=-, max=3 is invalid/],
    ['desired below min', { minCapacity: 2, desiredCapacity: 1 }, /desired=1/],
    ['min 0', { minCapacity: 0 }, /minCapacity is 0; use a whole number from 1/],
  ])('%s', (_name, props, message) => {
    const stack = testStack();
    const net = new HipaaVpc(stack, 'Net');
    expect(() => new HipaaAutoScalingGroup(stack, 'Asg', { vpc: net.vpc, ...props })).toThrow(message);
  });
});
