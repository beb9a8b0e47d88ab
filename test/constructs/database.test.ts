import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { HipaaDatabase, HipaaDatabaseEngine, HipaaVpc } from '../../lib';
import { testStack } from '../helpers';

/** The first group of the stack id's GUID, as CloudFormation resolves it. */
const STACK_GUID_GROUP = { 'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }] }] };

function withVpc(): { stack: Stack; net: HipaaVpc } {
  const stack = testStack();
  return { stack, net: new HipaaVpc(stack, 'Net') };
}

describe('HipaaDatabase (PostgreSQL) defaults', () => {
  const { stack, net } = withVpc();
  const client = new ec2.SecurityGroup(stack, 'Client', { vpc: net.vpc });
  const db = new HipaaDatabase(stack, 'Db', { vpc: net.vpc });
  db.allowFrom(client);
  const template = Template.fromStack(stack);
  const ref = (c: { node: { defaultChild?: unknown } } | undefined) => stack.getLogicalId(c!.node.defaultChild as any);

  test('Multi-AZ, not public, storage encrypted with the customer-managed key, gp3 with autoscaling', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'postgres', EngineVersion: '17', MultiAZ: true, PubliclyAccessible: false,
      StorageEncrypted: true, KmsKeyId: { 'Fn::GetAtt': [ref(db.key), 'Arn'] },
      StorageType: 'gp3', AllocatedStorage: '100', MaxAllocatedStorage: 1000,
    });
  });

  test('in the isolated subnets only', () => {
    template.hasResourceProperties('AWS::RDS::DBSubnetGroup', {
      SubnetIds: [{ Ref: Match.stringLikeRegexp('NetVpcDataSubnet1') }, { Ref: Match.stringLikeRegexp('NetVpcDataSubnet2') }],
    });
  });

  test('TLS forced by a parameter group of the engine family', () => {
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Family: 'postgres17', Parameters: { 'rds.force_ssl': '1' } });
    template.hasResourceProperties('AWS::RDS::DBInstance', { DBParameterGroupName: { Ref: Match.stringLikeRegexp('DbParameters') }, CACertificateIdentifier: 'rds-ca-rsa2048-g1' });
  });

  test('pgAudit: loaded, DDL and role changes logged, never statement parameters, connections and disconnections logged', () => {
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Family: 'postgres17',
      Parameters: {
        'rds.force_ssl': '1', 'shared_preload_libraries': 'pg_stat_statements,pgaudit', 'pgaudit.log': 'ddl,role',
        'pgaudit.log_parameter': '0', 'log_connections': '1', 'log_disconnections': '1',
      },
    });
    const parameters = Object.values(template.findResources('AWS::RDS::DBParameterGroup'))[0].Properties.Parameters;
    expect(parameters.log_statement).toBeUndefined(); // never 'all': query text carries PHI
  });

  test('IAM authentication, 35 days of backups, deletion protection, SNAPSHOT on removal, tags copied, minor upgrades', () => {
    template.hasResource('AWS::RDS::DBInstance', {
      Properties: Match.objectLike({
        EnableIAMDatabaseAuthentication: true, BackupRetentionPeriod: 35, DeletionProtection: true,
        CopyTagsToSnapshot: true, AutoMinorVersionUpgrade: true,
        Tags: Match.arrayWith([{ Key: 'DataClassification', Value: 'PHI' }]),
      }),
      DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot',
    });
  });

  test('every log type exported to a log group created first, encrypted with its own log key and kept six years', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', { EnableCloudwatchLogsExports: ['postgresql', 'upgrade'] });
    for (const type of ['postgresql', 'upgrade']) {
      template.hasResourceProperties('AWS::Logs::LogGroup', {
        // Retained, so unique per stack instance: the identifier ends in the stack id's first GUID group.
        LogGroupName: { 'Fn::Join': ['', [Match.stringLikeRegexp('^/aws/rds/instance/db-test-db-[0-9a-f]+-$'), STACK_GUID_GROUP, `/${type}`]] },
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbLogKey'), 'Arn'] }, RetentionInDays: 2192,
      });
    }
    // The logs have a key of their own: readers of logs cannot decrypt the database, and the reverse.
    for (const group of Object.values(template.findResources('AWS::Logs::LogGroup'))) expect(group.Properties.KmsKeyId).not.toEqual({ 'Fn::GetAtt': [ref(db.key), 'Arn'] });
    const instance = Object.values(template.findResources('AWS::RDS::DBInstance'))[0];
    expect(instance.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/DbLogpostgresql/), expect.stringMatching(/DbLogupgrade/)]));
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: Match.stringLikeRegexp('^AllowCloudWatchLogs') })]) },
    });
  });

  test('enhanced monitoring every 60 s through a role with a scoped customer-managed policy', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', { MonitoringInterval: 60, MonitoringRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DbMonitoringRole'), 'Arn'] } });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'monitoring.rds.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } })] },
    });
    const role = Object.values(template.findResources('AWS::IAM::Role')).find((r) => JSON.stringify(r).includes('monitoring.rds'));
    expect(role!.Properties.ManagedPolicyArns).toBeUndefined(); // not the AWS managed policy
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', { Description: Match.stringLikeRegexp('RDSOSMetrics') });
  });

  test('Performance Insights encrypted with the key', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', { EnablePerformanceInsights: true, PerformanceInsightsKMSKeyId: { 'Fn::GetAtt': [ref(db.key), 'Arn'] }, PerformanceInsightsRetentionPeriod: 7 });
  });

  test('master secret encrypted with the key and rotated every 30 days by hosted rotation in the private tier', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: { 'Fn::GetAtt': [ref(db.key), 'Arn'] } });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      HostedRotationLambda: Match.objectLike({ RotationType: 'PostgreSQLSingleUser', KmsKeyArn: { 'Fn::GetAtt': [ref(db.key), 'Arn'] }, VpcSubnetIds: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([{ Ref: Match.stringLikeRegexp('NetVpcPrivateSubnet1') }])] }) }),
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
  });

  test('security group: no egress, ingress only from allowed peers (the client, the rotation function) on 5432', () => {
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .map((r) => r.Properties).filter((p) => JSON.stringify(p.GroupId).includes('DbSecurityGroup'));
    expect(ingress).toHaveLength(2);
    for (const rule of ingress) {
      expect(rule).toMatchObject({ FromPort: 5432, ToPort: 5432, IpProtocol: 'tcp' });
      expect(rule.CidrIp).toBeUndefined();
    }
    expect(ingress.map((p) => JSON.stringify(p.SourceSecurityGroupId))).toEqual(expect.arrayContaining([expect.stringContaining('Client'), expect.stringContaining('DbRotationSecurityGroup')]));
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^Database Test/Db'),
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })], // CDK's "no egress" marker
    });
  });

  test('the rotation function reaches the database and the VPC endpoints only, never 0.0.0.0/0', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^Secret rotation of Test/Db'),
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32', FromPort: 252, ToPort: 87 })],
    });
    const egress = Object.values(template.findResources('AWS::EC2::SecurityGroupEgress')).map((r) => r.Properties)
      .filter((p) => JSON.stringify(p.GroupId).includes('DbRotationSecurityGroup'));
    expect(egress.map((p) => p.FromPort).sort()).toEqual([443, 443, 443, 5432]);
    for (const p of egress) expect(p.CidrIp).toBeUndefined();
  });

  test('exposes what users wire to', () => {
    expect(db.instance).toBeDefined();
    expect(db.cluster).toBeUndefined();
    expect(db.port).toBe(5432);
    expect(db.backupResources()).toHaveLength(1);
  });
});

describe('HipaaDatabase port', () => {
  const acknowledged = (db: HipaaDatabase) => db.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
    .flatMap((m) => Object.keys(m.data as Record<string, string>)).filter((id) => /RDS11|CT\.RDS\.PR\.20/.test(id));

  test('the engine\'s default port keeps the default-port findings acknowledged, with the port named', () => {
    const { stack, net } = withVpc();
    const db = new HipaaDatabase(stack, 'Db', { vpc: net.vpc });
    expect(acknowledged(db).sort()).toEqual(['Annotation::AwsSolutions-RDS11', 'ControlTowerGuardChecks::ControlTower-CT.RDS.PR.20']);
  });

  test('a non-default port: the instance, the security group and the connections use it, nothing is acknowledged', () => {
    const stack = testStack();
    const net = new HipaaVpc(stack, 'Net', { databasePorts: [5433] });
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: net.vpc });
    const db = new HipaaDatabase(stack, 'Db', { vpc: net.vpc, port: 5433 });
    db.allowFrom(client);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBInstance', { Port: '5433' });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 5433, ToPort: 5433, GroupId: Match.anyValue() });
    expect(db.port).toBe(5433);
    expect(acknowledged(db)).toEqual([]);
  });

  test('Aurora: the cluster takes the port', () => {
    const stack = testStack();
    const net = new HipaaVpc(stack, 'Net', { databasePorts: [5433] });
    new HipaaDatabase(stack, 'Db', { vpc: net.vpc, engine: HipaaDatabaseEngine.auroraPostgres(), port: 5433 });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBCluster', { Port: 5433 });
  });
});

describe('HipaaDatabase (MySQL)', () => {
  const { stack, net } = withVpc();
  new HipaaDatabase(stack, 'Db', { vpc: net.vpc, engine: HipaaDatabaseEngine.mysql(), parameters: { max_connections: '500' } });
  const template = Template.fromStack(stack);

  test('require_secure_transport=ON, user parameters kept, general log (PHI query text) off', () => {
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Family: 'mysql8.4',
      Parameters: { require_secure_transport: 'ON', max_connections: '500', general_log: '0', slow_query_log: '1', log_output: 'FILE' },
    });
    // pgAudit is PostgreSQL's; MySQL records activity with the audit plugin below.
    const parameters = Object.values(template.findResources('AWS::RDS::DBParameterGroup'))[0].Properties.Parameters;
    expect(Object.keys(parameters).filter((k) => k.startsWith('pgaudit') || k === 'shared_preload_libraries' || k.startsWith('log_conn'))).toEqual([]);
  });

  test('audit plugin without query text, all four log types exported', () => {
    template.hasResourceProperties('AWS::RDS::OptionGroup', {
      OptionConfigurations: [{ OptionName: 'MARIADB_AUDIT_PLUGIN', OptionSettings: [{ Name: 'SERVER_AUDIT_EVENTS', Value: 'CONNECT,QUERY_DDL,QUERY_DCL' }] }],
    });
    template.hasResourceProperties('AWS::RDS::DBInstance', { Engine: 'mysql', EnableCloudwatchLogsExports: ['audit', 'error', 'general', 'slowquery'] });
    template.resourceCountIs('AWS::Logs::LogGroup', 6); // four RDS logs + flow logs + the VPC's prefix-list resolver
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', { HostedRotationLambda: Match.objectLike({ RotationType: 'MySQLSingleUser' }) });
  });
});

describe('HipaaDatabase (Aurora PostgreSQL)', () => {
  const { stack, net } = withVpc();
  const db = new HipaaDatabase(stack, 'Db', { vpc: net.vpc, engine: HipaaDatabaseEngine.auroraPostgres() });
  const template = Template.fromStack(stack);

  test('an encrypted cluster with a writer and a reader, TLS by cluster parameter group', () => {
    expect(db.cluster).toBeDefined();
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-postgresql', StorageEncrypted: true, KmsKeyId: Match.anyValue(), EnableIAMDatabaseAuthentication: true,
      DeletionProtection: true, BackupRetentionPeriod: 35, EnableCloudwatchLogsExports: ['postgresql'],
      DBClusterParameterGroupName: { Ref: Match.stringLikeRegexp('DbParameters') },
    });
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Family: 'aurora-postgresql17',
      Parameters: {
        'rds.force_ssl': '1', 'shared_preload_libraries': 'pg_stat_statements,pgaudit', 'pgaudit.log': 'ddl,role',
        'pgaudit.log_parameter': '0', 'log_connections': '1', 'log_disconnections': '1',
      },
    });
    template.resourceCountIs('AWS::RDS::DBInstance', 2);
    template.allResourcesProperties('AWS::RDS::DBInstance', { PubliclyAccessible: false, EnablePerformanceInsights: true, PerformanceInsightsKMSKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: { 'Fn::Join': ['', [Match.stringLikeRegexp('^/aws/rds/cluster/db-test-db-[0-9a-f]+-$'), STACK_GUID_GROUP, '/postgresql']] } });
    template.hasResourceProperties('AWS::RDS::DBCluster', { DBClusterIdentifier: { 'Fn::Join': ['', [Match.stringLikeRegexp('^db-test-db-[0-9a-f]+-$'), STACK_GUID_GROUP]] } });
  });
});

describe('HipaaDatabase rejects unsafe props', () => {
  const cases: Array<[string, (net: HipaaVpc) => object, RegExp]> = [
    ['public subnets by type', () => ({ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }), /vpcSubnets selects public subnets/],
    ['public subnets by group name', () => ({ vpcSubnets: { subnetGroupName: 'Public' } }), /vpcSubnets selects public subnets .*PublicSubnet1/],
    ['backups under 7 days', () => ({ backupRetention: Duration.days(3) }), /backupRetention is 3 days; .*from 7 to 35/],
    ['backups over 35 days', () => ({ backupRetention: Duration.days(60) }), /backupRetention is 60 days/],
    ['TLS parameter turned off', () => ({ parameters: { 'rds.force_ssl': '0' } }), /parameters\['rds.force_ssl'\] is '0'; it must stay '1'/],
    ['TLS parameter of another engine', () => ({ parameters: { require_secure_transport: 'ON' } }), /is the TLS parameter of mysql, but the engine is postgres, which uses 'rds.force_ssl'/],
    ['MySQL TLS parameter off', () => ({ engine: HipaaDatabaseEngine.mysql(), parameters: { require_secure_transport: 'OFF' } }), /must stay 'ON'/],
    ['PostgreSQL parameter on MySQL', () => ({ engine: HipaaDatabaseEngine.mysql(), parameters: { 'rds.force_ssl': '1' } }), /TLS parameter of postgres, but the engine is mysql/],
    ['monitoring interval', () => ({ monitoringInterval: Duration.seconds(45) }), /monitoringInterval is 45 seconds/],
    ['pgaudit dropped from the preloaded libraries', () => ({ parameters: { shared_preload_libraries: 'pg_stat_statements' } }),
      /parameters\['shared_preload_libraries'\] is 'pg_stat_statements'; without pgaudit loaded .*Keep pgaudit in the list/],
    ['pgaudit logging reads', () => ({ parameters: { 'pgaudit.log': 'ddl,role,read' } }), /parameters\['pgaudit.log'\] is 'ddl,role,read'; .*Use 'ddl,role'/],
    ['pgaudit without role changes (Aurora)', () => ({ engine: HipaaDatabaseEngine.auroraPostgres(), parameters: { 'pgaudit.log': 'ddl' } }), /parameters\['pgaudit.log'\] is 'ddl'/],
    ['pgaudit logging statement parameters', () => ({ parameters: { 'pgaudit.log_parameter': '1' } }), /parameters\['pgaudit.log_parameter'\] is '1'; statement parameters hold the PHI/],
    ['connection logging off', () => ({ parameters: { log_connections: 'off' } }), /parameters\['log_connections'\] is 'off'/],
    ['disconnection logging off (Aurora)', () => ({ engine: HipaaDatabaseEngine.auroraPostgres(), parameters: { log_disconnections: '0' } }), /parameters\['log_disconnections'\] is '0'/],
    ['every statement logged', () => ({ parameters: { log_statement: 'all' } }), /parameters\['log_statement'\] is 'all'; statement logging writes query text/],
    ['bad identifier', () => ({ identifier: 'My_DB' }), /identifier 'My_DB' is not a valid RDS identifier/],
    ['a port outside RDS\'s range', () => ({ port: 80 }), /port is 80; use a whole number from 1150 to 65535/],
    ['a port the data tier\'s network ACL drops', () => ({ port: 5433 }), /port is 5433, but the data tier of vpc .* admits only ports \[5432, 3306\]/],
    ['storage ceiling below the allocation', () => ({ allocatedStorage: 500, maxAllocatedStorage: 200 }), /allocatedStorage=500 GiB, maxAllocatedStorage=200 GiB/],
  ];
  test.each(cases)('%s', (_name, props, message) => {
    const { stack, net } = withVpc();
    expect(() => new HipaaDatabase(stack, 'Db', { vpc: net.vpc, ...props(net) })).toThrow(message);
  });
});
