import { Fn, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ThreeTierStack } from '../../lib';
import { findings } from '../../lib/testing';
import { portalCertificate } from '../../lib/stacks/three-tier/portal-certificate';
import { maskedTemplate, testApp } from '../helpers';

/** Every ingress rule of the template as [target SG logical id, source (SG logical id or CIDR), from port, to port]. */
function ingressRules(template: Template): Array<[string, string, number, number]> {
  const resources = template.toJSON().Resources as Record<string, any>;
  const rules: Array<[string, string, number, number]> = [];
  const source = (r: any) => r.SourceSecurityGroupId?.['Fn::GetAtt']?.[0] ?? r.CidrIp ?? r.CidrIpv6 ?? JSON.stringify(r.SourcePrefixListId);
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type === 'AWS::EC2::SecurityGroup') for (const i of r.Properties.SecurityGroupIngress ?? []) rules.push([id, source(i), i.FromPort, i.ToPort]);
    if (r.Type === 'AWS::EC2::SecurityGroupIngress') rules.push([r.Properties.GroupId['Fn::GetAtt'][0], source(r.Properties), r.Properties.FromPort, r.Properties.ToPort]);
  }
  return rules;
}

describe('ThreeTierStack', () => {
  const app = testApp();
  const stack = new ThreeTierStack(app, 'ThreeTier', { alarmEmail: 'ops@example.com' });
  const template = Template.fromStack(stack);
  const sg = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as any);
  const publicSg = sg(stack.publicLoadBalancer.securityGroup);
  const internalSg = sg(stack.internalLoadBalancer.securityGroup);
  const webSg = sg(stack.web.securityGroup);
  const appSg = sg(stack.app.securityGroup);
  const dbSg = sg(stack.database.securityGroup);
  const rules = ingressRules(template);
  const admits = (target: string) => rules.filter(([t]) => t === target).map(([, s, from, to]) => [s, from, to]);

  test('web and app instances serve HTTPS /health from first boot: certificate, then the health server, then the agent from the repositories', () => {
    const templates = Object.values(template.findResources('AWS::EC2::LaunchTemplate'));
    expect(templates).toHaveLength(2);
    for (const lt of templates) {
      const data = lt.Properties.LaunchTemplateData.UserData['Fn::Base64'];
      const script: string = typeof data === 'string' ? data : data['Fn::Join'][1].map((p: unknown) => typeof p === 'string' ? p : '<token>').join('');
      const order = ['openssl req -x509', 'cat > /usr/local/libexec/cdk-hipaa-health.py', 'systemctl enable --now cdk-hipaa-health.service', 'dnf -y install amazon-cloudwatch-agent']
        .map((marker) => script.indexOf(marker));
      expect(order.every((i) => i >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
    }
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { HealthCheckProtocol: 'HTTPS', HealthCheckPath: '/health', Port: 443 });
  });

  test('tier model: internet → public ALB on 443 only (HTTPS only: no port-80 redirect listener)', () => {
    expect(admits(publicSg)).toEqual([['0.0.0.0/0', 443, 443]]);
    expect(Object.values(template.findResources('AWS::ElasticLoadBalancingV2::Listener')).map((l) => l.Properties.Protocol)).toEqual(['HTTPS', 'HTTPS']);
  });

  test('tier model: the web tier admits only the public ALB, on 443', () => {
    expect(admits(webSg)).toEqual([[publicSg, 443, 443]]);
  });

  test('tier model: the internal ALB admits only the web tier, on 443', () => {
    expect(admits(internalSg)).toEqual([[webSg, 443, 443]]);
  });

  test('tier model: the app tier admits only the internal ALB, on 443', () => {
    expect(admits(appSg)).toEqual([[internalSg, 443, 443]]);
  });

  test('tier model: the database admits only the app tier, its own secret rotation and its user provisioner, on 5433', () => {
    const rotationSg = sg(stack.database.node.findChild('RotationSecurityGroup') as any);
    const provisionerSg = sg((stack.database.node.findChild('UserProvisioner') as any).provisioner.securityGroup);
    expect(admits(dbSg).sort()).toEqual([[appSg, 5433, 5433], [rotationSg, 5433, 5433], [provisionerSg, 5433, 5433]].sort());
  });

  test('the database listens on 5433, not PostgreSQL\'s default, and the data tier\'s network ACL admits only that port', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', { Engine: 'postgres', Port: '5433' });
    const dataAcl = stack.getLogicalId(stack.network.node.findChild('DataAcl').node.defaultChild as any);
    const inbound = Object.values(template.findResources('AWS::EC2::NetworkAclEntry'))
      .map((r) => r.Properties).filter((p) => p.NetworkAclId.Ref === dataAcl && !p.Egress);
    expect(inbound.length).toBe(2);
    for (const p of inbound) expect(p.PortRange).toEqual({ From: 5433, To: 5433 });
    const acks = stack.database.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((m) => Object.keys(m.data as Record<string, string>));
    expect(acks.filter((id) => /RDS11|CT\.RDS\.PR\.20/.test(id))).toEqual([]);
  });

  test('the app tier connects with IAM authentication as its own database user, never with the master secret', () => {
    const appRole = stack.getLogicalId(stack.app.role.node.defaultChild as any);
    const instance = stack.getLogicalId(stack.database.instance!.node.defaultChild as any);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: appRole }],
      PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'rds-db:connect', Resource: { 'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [instance, 'DbiResourceId'] }, '/app']) ] } }] },
    });
    template.hasResourceProperties('Custom::HipaaDatabaseUser', { UserName: 'app', DatabaseName: 'records', Privileges: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] });
    const appPolicies = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: appRole }]));
    expect(JSON.stringify(appPolicies)).not.toMatch(/secretsmanager/);
    template.hasOutput('DatabaseUser', { Value: 'app' });
  });

  test('no security group admits anything from the internet except the public ALB', () => {
    const open = rules.filter(([, s]) => s === '0.0.0.0/0' || s === '::/0').map(([t]) => t);
    expect([...new Set(open)]).toEqual([publicSg]);
  });

  const certificateId = stack.getLogicalId(stack.node.findChild('Certificate').node.defaultChild as any);

  test('without a certificate ARN the stack issues a DNS-validated ACM certificate for the DomainName parameter in the HostedZoneId zone', () => {
    template.hasParameter('DomainName', { Type: 'String', AllowedPattern: Match.anyValue(), Default: Match.absent() });
    // CloudFormation checks at deploy that the zone exists in the account.
    template.hasParameter('HostedZoneId', { Type: 'AWS::Route53::HostedZone::Id', Default: Match.absent() });
    expect(template.toJSON().Parameters?.CertificateArn).toBeUndefined();
    template.resourceCountIs('AWS::CertificateManager::Certificate', 1);
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: { Ref: 'DomainName' }, ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: { Ref: 'DomainName' }, HostedZoneId: { Ref: 'HostedZoneId' } }],
    });
  });

  test('both HTTPS listeners present that certificate, a template resource Control Tower CT.ELASTICLOADBALANCING.PR.2 reads: nothing acknowledged', () => {
    const listeners = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::Listener'));
    expect(listeners.map((l) => [l.Properties.Protocol, l.Properties.Certificates])).toEqual([
      ['HTTPS', [{ CertificateArn: { Ref: certificateId } }]], ['HTTPS', [{ CertificateArn: { Ref: certificateId } }]],
    ]);
    const acks = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((m) => Object.keys(m.data as Record<string, string>));
    expect(acks.filter((id) => id.includes('CT.ELASTICLOADBALANCING.PR.2'))).toEqual([]);
  });

  test('the portal name is an alias of the public load balancer in that zone, and the sign-in callback uses it', () => {
    const publicLb = stack.getLogicalId(stack.publicLoadBalancer.loadBalancer.node.defaultChild as any);
    template.resourceCountIs('AWS::Route53::RecordSet', 1);
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Type: 'A', HostedZoneId: { Ref: 'HostedZoneId' }, Name: { 'Fn::Join': ['', [{ Ref: 'DomainName' }, '.']] },
      AliasTarget: { DNSName: { 'Fn::Join': ['', ['dualstack.', { 'Fn::GetAtt': [publicLb, 'DNSName'] }]] }, HostedZoneId: { 'Fn::GetAtt': [publicLb, 'CanonicalHostedZoneID'] } },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: [{ 'Fn::Join': ['', ['https://', { Ref: 'DomainName' }, '/oauth2/idpresponse']] }],
    });
  });

  test('the DomainName parameter admits DNS host names only, never a wildcard (CT.ACM.PR.1)', () => {
    const pattern = new RegExp(template.toJSON().Parameters.DomainName.AllowedPattern);
    for (const name of ['portal.clinic.example', 'a.b.example', 'x-1.clinic.example']) expect([name, pattern.test(name)]).toEqual([name, true]);
    for (const name of ['*.clinic.example', 'clinic', 'portal.clinic.example.', 'https://portal.clinic.example', 'portal..example', '-a.example']) {
      expect([name, pattern.test(name)]).toEqual([name, false]);
    }
  });

  test('an alarm reaches the alarm topic on every state when the certificate has 45 days or fewer left', () => {
    const topic = { Ref: stack.getLogicalId((stack.alarmTopic as any).node.defaultChild) };
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/CertificateManager', MetricName: 'DaysToExpiry', Statistic: 'Minimum', Period: 86400,
      Dimensions: [{ Name: 'CertificateArn', Value: { Ref: certificateId } }],
      ComparisonOperator: 'LessThanOrEqualToThreshold', Threshold: 45, EvaluationPeriods: 1,
      AlarmActions: [topic], OKActions: [topic], InsufficientDataActions: [topic],
    });
  });

  test('one backup plan covers the database, the table and the PHI bucket', () => {
    const selections = Object.values(template.findResources('AWS::Backup::BackupSelection')).map((r) => JSON.stringify(r.Properties.BackupSelection.Resources));
    expect(selections).toHaveLength(3);
    expect(selections.join()).toMatch(/DatabaseInstance/);
    expect(selections.join()).toMatch(/RecordsTable/);
    expect(selections.join()).toMatch(/PhiObjectsBucket/);
  });

  test('the backup vault is locked: recovery points kept at least the 35 days of the daily rule (governance mode)', () => {
    template.hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: { MinRetentionDays: 35, ChangeableForDays: Match.absent() } });
  });

  test('the PHI stores share the stack data key', () => {
    const keyArn = { 'Fn::GetAtt': [stack.getLogicalId(stack.dataKey.key.node.defaultChild as any), 'Arn'] };
    template.hasResourceProperties('AWS::RDS::DBInstance', { KmsKeyId: keyArn });
    template.hasResourceProperties('AWS::DynamoDB::Table', { SSESpecification: Match.objectLike({ KMSMasterKeyId: keyArn }) });
    template.hasResourceProperties('AWS::S3::Bucket', { BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } })] } });
  });

  const keyArnOf = (k: { key: { node: { defaultChild?: unknown } } }) => ({ 'Fn::GetAtt': [stack.getLogicalId(k.key.node.defaultChild as any), 'Arn'] });

  test('keys as narrow as their data: database logs and the alarm topic have keys of their own', () => {
    const dataKey = keyArnOf(stack.dataKey);
    const logGroups = Object.values(template.findResources('AWS::Logs::LogGroup')).filter((g) => JSON.stringify(g.Properties.LogGroupName).includes('/aws/rds/'));
    expect(logGroups.length).toBeGreaterThan(0);
    for (const g of logGroups) expect(g.Properties.KmsKeyId).toEqual(keyArnOf(stack.logKey));
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: keyArnOf(stack.alarmKey!) });
    expect(JSON.stringify(template.findResources('AWS::SNS::Topic'))).not.toContain(JSON.stringify(dataKey));
  });

  test('both tiers\' scaling events (launch and terminate failures) go to the alarm topic; no scaling-event topic without subscriber', () => {
    const topicRef = { Ref: stack.getLogicalId(stack.alarmTopic.node.defaultChild as any) };
    const groups = Object.values(template.findResources('AWS::AutoScaling::AutoScalingGroup'));
    expect(groups).toHaveLength(2);
    for (const g of groups) {
      expect(g.Properties.NotificationConfigurations).toEqual([expect.objectContaining({
        TopicARN: topicRef, NotificationTypes: expect.arrayContaining(['autoscaling:EC2_INSTANCE_LAUNCH_ERROR', 'autoscaling:EC2_INSTANCE_TERMINATE_ERROR']) })]);
    }
    expect(Object.keys(template.findResources('AWS::SNS::Topic'))).toEqual([topicRef.Ref]);
  });

  test('the alarm key lets the Auto Scaling service-linked role publish (Decrypt, GenerateDataKey*) and waits for that role to exist', () => {
    const key = template.toJSON().Resources[stack.getLogicalId(stack.alarmKey!.key.node.defaultChild as any)];
    const statement = key.Properties.KeyPolicy.Statement.find((st: any) => st.Sid === 'AllowAutoScalingServiceLinkedRolePublish');
    expect(statement).toEqual({ Sid: 'AllowAutoScalingServiceLinkedRolePublish', Effect: 'Allow', Resource: '*', Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Principal: { AWS: { 'Fn::Join': ['', expect.arrayContaining([':role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'])] } } });
    const [slrId] = Object.keys(template.findResources('Custom::HipaaServiceLinkedRole'));
    expect(key.DependsOn).toContain(slrId);
  });

  test('the database log key (pgaudit and postgresql logs, six years) may be scheduled for deletion only by the break-glass role', () => {
    const policy = template.toJSON().Resources[stack.getLogicalId(stack.logKey.key.node.defaultChild as any)].Properties.KeyPolicy.Statement;
    expect(policy.find((s: any) => s.Sid === 'DenyKeyDeletionExceptBreakGlassRole')).toEqual(expect.objectContaining({
      Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:ScheduleKeyDeletion', Resource: '*',
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':role/cdk-hipaa-key-deletion-', { Ref: 'AWS::Region' }]] } } },
    }));
  });

  test('the data key denies use except through the PHI stores\' services or by the app tier role', () => {
    const key = template.toJSON().Resources[stack.getLogicalId(stack.dataKey.key.node.defaultChild as any)];
    const deny = key.Properties.KeyPolicy.Statement.find((s: any) => s.Sid === 'DenyUseExceptThroughNamedServicesOrPrincipals');
    expect(deny).toEqual(expect.objectContaining({ Effect: 'Deny', Principal: { AWS: '*' }, Resource: '*',
      Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'] }));
    const via = (svc: string) => ({ 'Fn::Join': ['', [`${svc}.`, { Ref: 'AWS::Region' }, '.amazonaws.com']] });
    expect(deny.Condition).toEqual({
      StringNotEquals: { 'kms:ViaService': ['rds', 'dynamodb', 's3', 'secretsmanager', 'backup'].map(via) },
      BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
      ArnNotEquals: { 'aws:PrincipalArn': [{ 'Fn::GetAtt': [stack.getLogicalId(stack.app.role.node.defaultChild as any), 'Arn'] }] },
    });
  });

  test('alarms on ALB 5xx, target health and the database, each notifying the encrypted topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const metrics = alarms.map((a) => a.MetricName).sort();
    // ApproximateNumberOfMessagesVisible: the dead-letter queue of the stack's functions (custom resources); DaysToExpiry: the certificate.
    expect(metrics).toEqual(['ApproximateNumberOfMessagesVisible', 'CPUUtilization', 'DaysToExpiry', 'FreeStorageSpace', 'HTTPCode_ELB_5XX_Count', 'HTTPCode_ELB_5XX_Count',
      'HTTPCode_Target_5XX_Count', 'HTTPCode_Target_5XX_Count', 'UnHealthyHostCount', 'UnHealthyHostCount']);
    for (const a of alarms) expect(a.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^AlarmTopic/) }]);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });

  test('the app tier gets data access through a customer-managed policy, not inline', () => {
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('AppInstanceRole') }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'Records' }), Match.objectLike({ Sid: 'DataKey' })]) },
    });
  });

  test('exports the PHI bucket and key ARNs for analytics stacks', () => {
    template.hasOutput('PhiBucketArn', { Export: { Name: 'ThreeTier-PhiBucketArn' } });
    template.hasOutput('DataKeyArn', { Export: { Name: 'ThreeTier-DataKeyArn' } });
  });

  test('the public portal signs people in (Cognito, MFA) before anything reaches the web tier', () => {
    const poolId = stack.getLogicalId(stack.users.userPool.node.defaultChild as any);
    const rules = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule')).map((r) => r.Properties);
    const portal = rules.filter((r) => JSON.stringify(r.ListenerArn).includes('PublicAlb'));
    expect(portal).toHaveLength(1);
    expect(portal[0].Actions.map((a: any) => [a.Order, a.Type])).toEqual([[1, 'authenticate-cognito'], [2, 'forward']]);
    expect(portal[0].Actions[0].AuthenticateCognitoConfig).toMatchObject({
      UserPoolArn: { 'Fn::GetAtt': [poolId, 'Arn'] }, OnUnauthenticatedRequest: 'authenticate', SessionTimeout: 3600,
    });
    template.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'ON', UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } });
    template.hasParameter('SignInDomainPrefix', { Type: 'String', AllowedPattern: Match.anyValue() });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: { Ref: 'SignInDomainPrefix' } });
  });

  test('no analytics warehouse unless asked for', () => {
    template.resourceCountIs('AWS::Redshift::Cluster', 0);
    expect(stack.warehouse).toBeUndefined();
  });

  test('matches the masked snapshot', () => {
    expect(maskedTemplate(stack)).toMatchSnapshot();
  });
});

test('ThreeTierStack without alarm email: a CloudFormation parameter without default subscribes', () => {
  const t = Template.fromStack(new ThreeTierStack(testApp(), 'Bare'));
  t.hasParameter('AlarmEmail', { Type: 'String', Default: Match.absent() });
  t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: { Ref: 'AlarmEmail' } });
});

describe('ThreeTierStack with analytics', () => {
  const app = testApp();
  const stack = new ThreeTierStack(app, 'Analytics', { alarmEmail: 'ops@example.com', analytics: true, signInDomainPrefix: 'clinic-portal-test' });
  const gate = findings(app);
  const template = Template.fromStack(stack);

  test('zero unacknowledged findings from every pack', () => {
    expect(gate.findings).toEqual([]);
  });

  test('a HipaaRedshiftCluster in the isolated tier that admits only the app tier, on 5439', () => {
    const warehouseSg = stack.getLogicalId(stack.warehouse!.securityGroup.node.defaultChild as any);
    const appSg = stack.getLogicalId(stack.app.securityGroup.node.defaultChild as any);
    expect(ingressRules(template).filter(([t]) => t === warehouseSg).map(([, s, from, to]) => [s, from, to])).toEqual([[appSg, 5439, 5439]]);
    template.hasResourceProperties('AWS::Redshift::Cluster', { PubliclyAccessible: false, Encrypted: true, EnhancedVpcRouting: true });
  });

  test('the data tier\'s network ACL admits 5439 from the private tier', () => {
    template.hasResourceProperties('AWS::EC2::NetworkAclEntry', { PortRange: { From: 5439, To: 5439 }, Egress: false, RuleAction: 'allow' });
  });
});

describe('ThreeTierStack restore tests', () => {
  const app = testApp();
  const tested = new ThreeTierStack(app, 'Tested', { alarmEmail: 'ops@example.com' });
  const reason = 'A two-day load-test deployment: its backups are never restored and it is destroyed afterwards.';
  const untested = new ThreeTierStack(app, 'Untested', { alarmEmail: 'ops@example.com', restoreTestingDisabledReason: reason });
  const template = Template.fromStack(tested);
  const ref = (c: { node: { defaultChild?: unknown } }) => tested.getLogicalId(c.node.defaultChild as any);

  test('on by default, built by the stack itself (same construct path as the app wiring had, so the same logical ids)', () => {
    expect(tested.restoreTesting?.node.path).toBe('Tested/RestoreTesting');
    template.resourceCountIs('AWS::Backup::RestoreTestingPlan', 1);
    template.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      RecoveryPointSelection: Match.objectLike({ IncludeVaults: [{ 'Fn::GetAtt': [ref(tested.backupPlan.vault), 'BackupVaultArn'] }] }),
    });
    const selections = Object.values(template.findResources('AWS::Backup::RestoreTestingSelection')).map((r) => r.Properties);
    expect(selections.map((p) => [p.ProtectedResourceType, p.ProtectedResourceArns])).toEqual(expect.arrayContaining([
      ['DynamoDB', [{ 'Fn::GetAtt': [ref(tested.table.table), 'Arn'] }]],
      ['S3', [{ 'Fn::GetAtt': [ref(tested.phiBucket.bucket), 'Arn'] }]],
    ]));
    expect(selections).toHaveLength(2);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ source: ['aws.backup'] }),
      Targets: [Match.objectLike({ Arn: { Ref: ref(tested.alarmTopic as any) } })],
    });
  });

  test('off only with a reason, which acknowledges the restoreTestingOff warning (visible in the evidence report)', () => {
    expect(untested.restoreTesting).toBeUndefined();
    const t = Template.fromStack(untested);
    t.resourceCountIs('AWS::Backup::RestoreTestingPlan', 0);
    // The warning is raised and acknowledged on the stack (aws-cdk-lib drops an acknowledged warning from the metadata): synth passes.
    const ack = findings(untested).acknowledgements.filter((a) => /restoreTestingOff/.test(a.rule));
    expect(ack.map((a) => [a.rule.replace(/^Annotation::/, ''), a.reason])).toEqual([['cdk-hipaa:restoreTestingOff', reason]]);
    expect(findings(untested).findings).toEqual([]);
  });

  test('a short reason is rejected', () => {
    expect(() => new ThreeTierStack(testApp(), 'Short', { alarmEmail: 'ops@example.com', restoreTestingDisabledReason: 'not needed' }))
      .toThrow(/restoreTestingDisabledReason is 'not needed'; leave it out to keep the weekly restore tests/);
  });
});

describe('ThreeTierStack rejects bad input', () => {
  test('an alarm email that is not an address', () => {
    expect(() => new ThreeTierStack(testApp(), 'Bad', { alarmEmail: 'ops team' })).toThrow(/alarmEmail has 'ops team', which is not an email address/);
  });
});


describe('ThreeTierStack with deploy-time values', () => {
  test('a certificate ARN given as a prop (context in the app): no certificate, zone or alias of its own, the expiry alarm watches it, the control is acknowledged', () => {
    const app = testApp();
    // Any string works; an import keeps account ids and ARNs out of the repository.
    const stack = new ThreeTierStack(app, 'WithCert', { certificateArn: Fn.importValue('shared-certificate-arn') });
    const template = Template.fromStack(stack);
    for (const parameter of ['CertificateArn', 'DomainName', 'HostedZoneId']) expect([parameter, template.toJSON().Parameters?.[parameter]]).toEqual([parameter, undefined]);
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Certificates: [{ CertificateArn: { 'Fn::ImportValue': 'shared-certificate-arn' } }] });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DaysToExpiry', Dimensions: [{ Name: 'CertificateArn', Value: { 'Fn::ImportValue': 'shared-certificate-arn' } }] });
    const acks = stack.publicLoadBalancer.listener.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').flatMap((m) => Object.keys(m.data as Record<string, string>));
    expect(acks.filter((id) => id.includes('CT.ELASTICLOADBALANCING.PR.2'))).toHaveLength(1);
  });
});

describe('ThreeTierStack certificate props', () => {
  test('a domain name and zone given as props (context in the app) replace the parameters', () => {
    const stack = new Stack(testApp(), 'Portal');
    const portal = portalCertificate(stack, { domainName: 'portal.clinic.example', hostedZoneId: 'Z0123456789ABCDEFGHIJ' });
    const template = Template.fromStack(stack);
    expect(template.toJSON().Parameters ?? {}).not.toHaveProperty('DomainName');
    expect(template.toJSON().Parameters ?? {}).not.toHaveProperty('HostedZoneId');
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'portal.clinic.example', ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'portal.clinic.example', HostedZoneId: 'Z0123456789ABCDEFGHIJ' }],
    });
    expect(portal.domainName).toBe('portal.clinic.example');
  });

  test.each([
    [{ certificateArn: 'arn:aws:iam::111122223333:server-certificate/portal' }, /certificateArn is 'arn:aws:iam::111122223333:server-certificate\/portal'; use an ACM certificate ARN/],
    [{ domainName: '*.clinic.example' }, /domainName is '\*\.clinic\.example'; use a DNS host name without wildcard/],
    [{ hostedZoneId: '/hostedzone/Z0123' }, /hostedZoneId is '\/hostedzone\/Z0123'; use a Route 53 hosted zone id/],
    [{ certificateArn: Fn.importValue('shared-certificate-arn'), hostedZoneId: 'Z0123456789ABCDEFGHIJ' }, /hostedZoneId is 'Z0123456789ABCDEFGHIJ' with certificateArn; .*give either certificateArn .* or hostedZoneId, not both/],
  ])('refuses %j with an error naming the prop and the fix', (props, message) => {
    expect(() => new ThreeTierStack(testApp(), 'Bad', { alarmEmails: ['ops@example.com'], ...props })).toThrow(message);
  });
});
