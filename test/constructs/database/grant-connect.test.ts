import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { HipaaDatabase, HipaaDatabaseEngine, HipaaVpc } from '../../../lib';
import { testStack } from '../../helpers';

describe('HipaaDatabase.grantConnect', () => {
  const stack = testStack();
  const net = new HipaaVpc(stack, 'Net');
  const role = new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  const pg = new HipaaDatabase(stack, 'Pg', { vpc: net.vpc, databaseName: 'records' });
  const pgGrant = pg.grantConnect(role, 'app_rw', { privileges: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] });
  const again = pg.grantConnect(new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }), 'app_rw',
    { privileges: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] });
  const aurora = new HipaaDatabase(stack, 'Aurora', { vpc: net.vpc, engine: HipaaDatabaseEngine.auroraPostgres() });
  aurora.grantConnect(role, 'reporting', { schemas: ['reports'] });
  const mysql = new HipaaDatabase(stack, 'My', { vpc: net.vpc, engine: HipaaDatabaseEngine.mysql(), databaseName: 'clinic' });
  mysql.grantConnect(role, 'app_rw', { privileges: ['SELECT'] });
  const user = new iam.User(stack, 'Person');
  pg.grantConnect(user, 'app_rw', { privileges: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] });
  const template = Template.fromStack(stack);
  const id = (c: IConstruct) => stack.getLogicalId(c.node.defaultChild as any);
  const provisioner = pg.node.findChild('UserProvisioner') as any;
  const provisionerFn = id(provisioner.provisioner.function);
  const relayFn = id(provisioner.relay.function);
  const policyOf = (fn: any) => template.toJSON().Resources[id(fn.policy)].Properties.PolicyDocument.Statement;

  const connectArn = (resourceIdAttribute: unknown, userName: string) => ({
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds-db:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':dbuser:', resourceIdAttribute, `/${userName}`]],
  });

  test('instance: rds-db:connect on DbiResourceId/<user> only, in a customer-managed policy on the role', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: id(role) }],
      PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'rds-db:connect', Resource: connectArn({ 'Fn::GetAtt': [id(pg.instance!), 'DbiResourceId'] }, 'app_rw') }] },
    });
    expect(pgGrant.policy).toBeDefined();
    expect(pgGrant.userResource).toBe(again.userResource);
  });

  test('Aurora: rds-db:connect on the cluster resource id (DBClusterResourceId)', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [{ Action: 'rds-db:connect', Resource: connectArn({ 'Fn::GetAtt': [id(aurora.cluster!), 'DBClusterResourceId'] }, 'reporting') }] },
    });
  });

  test('a grantee that is not a role gets the statement in its own policy', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      Users: [{ Ref: id(user) }],
      PolicyDocument: { Statement: [{ Action: 'rds-db:connect', Resource: connectArn({ 'Fn::GetAtt': [id(pg.instance!), 'DbiResourceId'] }, 'app_rw') }] },
    });
  });

  test('one Custom::HipaaDatabaseUser per user and database, with the engine, privileges, database, schemas and the master secret', () => {
    const users = template.findResources('Custom::HipaaDatabaseUser');
    expect(Object.keys(users)).toHaveLength(3);
    template.hasResourceProperties('Custom::HipaaDatabaseUser', {
      ServiceToken: { 'Fn::GetAtt': [relayFn, 'Arn'] },
      SecretArn: { Ref: id(pg.secret) }, Engine: 'postgres', UserName: 'app_rw', DatabaseName: 'records',
      Privileges: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'], Schemas: ['public'],
    });
    template.hasResourceProperties('Custom::HipaaDatabaseUser', { Engine: 'aurora-postgresql', UserName: 'reporting', DatabaseName: 'postgres', Privileges: ['SELECT'], Schemas: ['reports'] });
    template.hasResourceProperties('Custom::HipaaDatabaseUser', { Engine: 'mysql', UserName: 'app_rw', DatabaseName: 'clinic', Privileges: ['SELECT'], Schemas: Match.absent() });
  });

  test('the user is created after the database and its attached secret', () => {
    const resource = Object.entries(template.findResources('Custom::HipaaDatabaseUser')).find(([, r]) => r.Properties.Engine === 'postgres')![1];
    expect(resource.DependsOn).toEqual(expect.arrayContaining([id(pg.instance!), expect.stringMatching(/^PgInstanceSecretAttachment/)]));
  });

  test('the provisioner runs in the private tier with its own security group: egress only to the database port and HTTPS to the VPC endpoints', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('create IAM-authenticated database users'),
      VpcConfig: { SubnetIds: [{ Ref: Match.stringLikeRegexp('NetVpcPrivateSubnet1') }, { Ref: Match.stringLikeRegexp('NetVpcPrivateSubnet2') }], SecurityGroupIds: [Match.anyValue()] },
    });
    const sg = template.toJSON().Resources[id(provisioner.provisioner.securityGroup)].Properties;
    // Only the inert rule that keeps EC2's default allow-all egress revoked: no CIDR, not even the VPC's.
    expect(sg.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', IpProtocol: 'icmp' })]);
    const egress = Object.values(template.findResources('AWS::EC2::SecurityGroupEgress')).map((r) => r.Properties)
      .filter((p) => JSON.stringify(p.GroupId) === JSON.stringify({ 'Fn::GetAtt': [id(provisioner.provisioner.securityGroup), 'GroupId'] }));
    // HTTPS to the S3 and DynamoDB prefix lists and to the interface endpoints' security group; the database port.
    expect(egress.map((p) => [p.FromPort, Object.keys(p).find((k) => k.startsWith('Destination'))]).sort()).toEqual([
      [443, 'DestinationPrefixListId'], [443, 'DestinationPrefixListId'], [443, 'DestinationSecurityGroupId'], [5432, 'DestinationSecurityGroupId']]);
    expect(egress.filter((p) => p.FromPort === 443 && p.DestinationSecurityGroupId).map((p) => p.DestinationSecurityGroupId))
      .toEqual([{ 'Fn::GetAtt': [id(net.endpointSecurityGroup), 'GroupId'] }]);
    for (const p of egress) expect(p.CidrIp).toBeUndefined();
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: { 'Fn::GetAtt': [id(provisioner.provisioner.securityGroup), 'GroupId'] }, FromPort: 5432, ToPort: 5432,
      DestinationSecurityGroupId: { 'Fn::GetAtt': [id(pg.securityGroup), 'GroupId'] },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [id(pg.securityGroup), 'GroupId'] }, FromPort: 5432,
      SourceSecurityGroupId: { 'Fn::GetAtt': [id(provisioner.provisioner.securityGroup), 'GroupId'] },
    });
    expect(JSON.stringify(sg)).not.toMatch(/0\.0\.0\.0\/0/);
  });

  test('only the provisioner may read the master secret, and decrypt it only through Secrets Manager', () => {
    const statements = policyOf(provisioner.provisioner);
    expect(statements).toEqual(expect.arrayContaining([
      { Sid: 'ReadMasterSecret', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: { Ref: id(pg.secret) } },
      { Sid: 'DecryptMasterSecret', Effect: 'Allow', Action: 'kms:Decrypt', Resource: { 'Fn::GetAtt': [id(pg.key), 'Arn'] },
        Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } } },
      expect.objectContaining({ Sid: 'VpcNetworkInterfaces', Action: expect.arrayContaining(['ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface']) }),
    ]));
    // One provisioner per database, each reading its own database's secret; nobody else reads any.
    // Permissions boundaries cap and grant nothing: their allow lists are not readers.
    const resources = template.toJSON().Resources as Record<string, any>;
    const boundaries = new Set(Object.values(resources).map((r) => r.Properties?.PermissionsBoundary?.Ref).filter(Boolean));
    const readers = Object.entries(resources)
      .filter(([logicalId, r]) => /^AWS::IAM::(Policy|ManagedPolicy|Role)$/.test(r.Type) && !boundaries.has(logicalId) && JSON.stringify(r.Properties).includes('secretsmanager:GetSecretValue'))
      .map(([, r]) => r);
    expect(readers.map((r) => [r.Properties.Roles, JSON.stringify(r.Properties).match(/"Ref":"(\w+SecretAttachment\w+)"/)![1]]).sort()).toEqual([
      [[{ Ref: id(aurora.node.findChild('UserProvisioner').node.findChild('Provisioner').node.findChild('Role')) }], id(aurora.secret)],
      [[{ Ref: id(mysql.node.findChild('UserProvisioner').node.findChild('Provisioner').node.findChild('Role')) }], id(mysql.secret)],
      [[{ Ref: id(provisioner.provisioner.role) }], id(pg.secret)],
    ].sort());
  });

  test('the relay runs outside the VPC, may only invoke the provisioner, and never reads the secret', () => {
    const relay = template.toJSON().Resources[relayFn].Properties;
    expect(relay.VpcConfig).toBeUndefined();
    expect(relay.Environment.Variables.TARGET_FUNCTION_ARN).toEqual({ 'Fn::GetAtt': [provisionerFn, 'Arn'] });
    expect(policyOf(provisioner.relay)).toEqual(expect.arrayContaining([
      { Sid: 'InvokeProvisioner', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [provisionerFn, 'Arn'] } },
    ]));
    expect(JSON.stringify(policyOf(provisioner.relay))).not.toMatch(/secretsmanager|rds-db/);
  });
});

describe('HipaaDatabase.grantConnect rejects bad input at synth', () => {
  const make = (engine = HipaaDatabaseEngine.postgres(), databaseName?: string) => {
    const stack = testStack();
    const net = new HipaaVpc(stack, 'Net');
    const role = new iam.Role(stack, 'R', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    return { db: new HipaaDatabase(stack, 'Db', { vpc: net.vpc, engine, databaseName }), role };
  };
  const { db, role } = make();

  test.each([
    ['a name that is not a plain identifier', "app'; DROP", {}, /dbUser is 'app'; DROP'; use 1 to 63 lower-case letters/],
    ['the master user', 'hipaa_admin', {}, /dbUser is 'hipaa_admin', the master user/],
    ['a name reserved by RDS', 'rds_superuser', {}, /reserved by RDS/],
    ['a privilege outside the allow-list', 'app', { privileges: ['ALL'] }, /privileges contains 'ALL'; allowed are SELECT, INSERT/],
    ['no privileges', 'app', { privileges: [] }, /name at least one of/],
    ['a system schema', 'app', { schemas: ['pg_catalog'] }, /schemas\[\] is 'pg_catalog', a system database or schema/],
    ['no schemas', 'app', { schemas: [] }, /schemas is \[\]/],
    ['a database name with a quote', 'app', { databaseName: 'a"b' }, /databaseName is 'a"b'/],
  ])('%s', (_name, user, options, message) => {
    expect(() => db.grantConnect(role, user, options as any)).toThrow(message);
  });

  test('the same user granted twice with other privileges', () => {
    db.grantConnect(role, 'twice', { privileges: ['SELECT'] });
    expect(() => db.grantConnect(role, 'twice', { privileges: ['SELECT', 'DELETE'] })).toThrow(/dbUser 'twice' was already granted with other options/);
  });

  test('MySQL: a database is required and schemas are refused', () => {
    const my = make(HipaaDatabaseEngine.mysql());
    expect(() => my.db.grantConnect(my.role, 'app')).toThrow(/databaseName is undefined for grantConnect of 'app'; MySQL privileges apply to one database/);
    expect(() => my.db.grantConnect(my.role, 'app', { databaseName: 'clinic', schemas: ['public'] })).toThrow(/MySQL has no schemas/);
    expect(() => my.db.grantConnect(my.role, 'a'.repeat(33), { databaseName: 'clinic' })).toThrow(/use 1 to 32/);
  });

  test('errors name the construct path and carry a code', () => {
    try {
      db.grantConnect(role, 'Bad');
      throw new Error('no error');
    } catch (e) {
      expect((e as Error).message).toMatch(/^Test\/Db: dbUser is 'Bad'/);
      expect((e as { code?: string }).code).toBe('INVALID_VALUE');
    }
  });

  test('the provisioner uses the ec2 permissions Lambda needs for a VPC function, never the AWS managed policy', () => {
    const stack = db.node.scope as any;
    db.grantConnect(role, 'netcheck');
    const t = Template.fromStack(stack);
    const roles = Object.entries(t.findResources('AWS::IAM::Role')).filter(([logicalId]) => logicalId.startsWith('DbUserProvisioner'));
    expect(roles).toHaveLength(2);
    for (const [, r] of roles) expect(r.Properties.ManagedPolicyArns).toBeUndefined();
  });
});
