import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { HipaaAutoScalingGroup, HipaaRedshiftCluster, HipaaValidationError, HipaaVpc } from '../../lib';
import { findings } from '../../lib/testing';
import { testApp, testStack } from '../helpers';

describe('HipaaRedshiftCluster with defaults', () => {
  const app = testApp();
  const stack = new Stack(app, 'Analytics');
  const net = new HipaaVpc(stack, 'Net', { databasePorts: [5432, 5439] });
  const app1 = new HipaaAutoScalingGroup(stack, 'App', { vpc: net.vpc, notificationsNoSubscriberReason: 'A test fixture that is never deployed: nobody receives its scaling events.' });
  const warehouse = new HipaaRedshiftCluster(stack, 'Warehouse', { vpc: net.vpc, allowFrom: [ec2.Peer.ipv4('10.0.64.0/24')] });
  warehouse.allowFrom(app1.autoScalingGroup, 'App tier');
  const gate = findings(app);
  const template = Template.fromStack(stack);
  const clusterProps = () => Object.values(template.findResources('AWS::Redshift::Cluster'))[0].Properties;

  test('zero unacknowledged findings from every pack', () => {
    expect(gate.findings).toEqual([]);
  });

  test('acknowledged only: the default port and the S3-only Control Tower audit control, each with its reason', () => {
    const redshiftAcks = gate.acknowledgements.filter((a) => a.constructPath.startsWith('Analytics/Warehouse/Cluster'));
    expect(redshiftAcks.map((a) => a.rule).sort()).toEqual(['AwsSolutions-RS4', 'ControlTowerGuardChecks::ControlTower-CT.REDSHIFT.PR.3']);
    expect(redshiftAcks.find((a) => a.rule.endsWith('CT.REDSHIFT.PR.3'))!.reason).toMatch(/SSE-S3/);
  });

  test('RA3 multi-node cluster, not public, in the isolated subnets', () => {
    template.hasResourceProperties('AWS::Redshift::Cluster', {
      NodeType: 'ra3.large', ClusterType: 'multi-node', NumberOfNodes: 2, PubliclyAccessible: false, MultiAZ: false,
    });
    const isolated = net.vpc.isolatedSubnets.map((s) => stack.resolve(s.subnetId));
    template.hasResourceProperties('AWS::Redshift::ClusterSubnetGroup', { SubnetIds: isolated });
  });

  test('encrypted with the customer-managed key', () => {
    const props = clusterProps();
    expect(props.Encrypted).toBe(true);
    expect(props.KmsKeyId).toEqual(stack.resolve(warehouse.key.keyArn));
  });

  test('enhanced VPC routing', () => {
    template.hasResourceProperties('AWS::Redshift::Cluster', { EnhancedVpcRouting: true });
  });

  test('parameter group requires TLS and logs user activity', () => {
    template.hasResourceProperties('AWS::Redshift::ClusterParameterGroup', {
      ParameterGroupFamily: 'redshift-1.0',
      Parameters: Match.arrayWith([
        { ParameterName: 'require_ssl', ParameterValue: 'true' },
        { ParameterName: 'enable_user_activity_logging', ParameterValue: 'true' },
      ]),
    });
    expect(clusterProps().ClusterParameterGroupName).toEqual(stack.resolve(warehouse.parameterGroup.ref));
  });

  test('audit logs (connection, user, user activity) to CloudWatch Logs', () => {
    expect(clusterProps().LoggingProperties).toEqual({ LogDestinationType: 'cloudwatch', LogExports: ['connectionlog', 'userlog', 'useractivitylog'] });
  });

  test('each audit log group exists before the cluster, named as Redshift writes it, encrypted, six years, retained', () => {
    const clusterId = Object.keys(template.findResources('AWS::Redshift::Cluster'))[0];
    const dependsOn: string[] = template.toJSON().Resources[clusterId].DependsOn;
    for (const type of ['connectionlog', 'userlog', 'useractivitylog']) {
      const group = warehouse.logGroups[type];
      const logicalId = stack.getLogicalId(group.node.defaultChild as logs.CfnLogGroup);
      const resource = template.toJSON().Resources[logicalId];
      expect(resource.DeletionPolicy).toBe('Retain');
      expect(resource.Properties.RetentionInDays).toBe(2192);
      expect(resource.Properties.KmsKeyId).toEqual(stack.resolve(warehouse.key.keyArn));
      expect(JSON.stringify(resource.Properties.LogGroupName)).toContain(`/${type}`);
      expect(JSON.stringify(resource.Properties.LogGroupName)).toContain('/aws/redshift/cluster/rs-');
      expect(dependsOn).toContain(logicalId);
    }
  });

  test('admin password managed by Secrets Manager with the key; none in the template', () => {
    const props = clusterProps();
    expect(props.ManageMasterPassword).toBe(true);
    expect(props.MasterPasswordSecretKmsKeyId).toEqual(stack.resolve(warehouse.key.keyArn));
    expect(props.MasterUserPassword).toBeUndefined();
    expect(props.MasterUsername).toBe('hipaa_admin');
    expect(props.DBName).toBe('analytics');
    const clusterId = Object.keys(template.findResources('AWS::Redshift::Cluster'))[0];
    expect(stack.resolve(warehouse.adminSecretArn)).toEqual({ 'Fn::GetAtt': [clusterId, 'MasterPasswordSecretArn'] });
  });

  test('automated snapshots 35 days, manual snapshots kept, version upgrades in a maintenance window', () => {
    template.hasResourceProperties('AWS::Redshift::Cluster', {
      AutomatedSnapshotRetentionPeriod: 35, ManualSnapshotRetentionPeriod: -1, AllowVersionUpgrade: true, PreferredMaintenanceWindow: 'sun:05:00-sun:05:30',
    });
  });

  test('final snapshot on deletion and replacement', () => {
    template.hasResource('AWS::Redshift::Cluster', { DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
  });

  test('security group: no egress, ingress only from the allowed peers on 5439', () => {
    const sgId = stack.resolve(warehouse.securityGroup.securityGroupId)['Fn::GetAtt'][0];
    const sg = template.toJSON().Resources[sgId].Properties;
    // aws-cdk-lib's placeholder rule that matches no traffic: the group has no real egress.
    expect(sg.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32' })]);
    expect(sg.SecurityGroupIngress).toEqual([expect.objectContaining({ CidrIp: '10.0.64.0/24', FromPort: 5439, ToPort: 5439 })]);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [sgId, 'GroupId'] }, FromPort: 5439, ToPort: 5439,
      SourceSecurityGroupId: Match.anyValue(),
    });
    expect(clusterProps().VpcSecurityGroupIds).toEqual([stack.resolve(warehouse.securityGroup.securityGroupId)]);
  });

  test('tagged as PHI for the PHI key rule', () => {
    template.hasResourceProperties('AWS::Redshift::Cluster', { Tags: Match.arrayWith([{ Key: 'DataClassification', Value: 'PHI' }]) });
  });
});

describe('HipaaRedshiftCluster options', () => {
  test('Multi-AZ over three isolated subnets, and a larger node type', () => {
    // An environment-agnostic stack knows two AZs; this one knows three (no account, no lookup).
    class ThreeAzStack extends Stack {
      public override get availabilityZones(): string[] { return ['us-east-1a', 'us-east-1b', 'us-east-1c']; }
    }
    const stack = new ThreeAzStack(testApp(), 'ThreeAz');
    const net = new HipaaVpc(stack, 'Net', { maxAzs: 3, databasePorts: [5439] });
    new HipaaRedshiftCluster(stack, 'W', { vpc: net.vpc, multiAz: true, nodeType: 'ra3.xlplus', numberOfNodes: 2 });
    Template.fromStack(stack).hasResourceProperties('AWS::Redshift::Cluster', { MultiAZ: true, NodeType: 'ra3.xlplus' });
  });

  test('a single node is a single-node cluster without NumberOfNodes', () => {
    const stack = testStack();
    const net = new HipaaVpc(stack, 'Net', { databasePorts: [5439] });
    new HipaaRedshiftCluster(stack, 'W', { vpc: net.vpc, numberOfNodes: 1 });
    const props = Object.values(Template.fromStack(stack).findResources('AWS::Redshift::Cluster'))[0].Properties;
    expect(props.ClusterType).toBe('single-node');
    expect(props.NumberOfNodes).toBeUndefined();
  });

  test('extra parameters are kept beside the required ones', () => {
    const stack = testStack();
    const net = new HipaaVpc(stack, 'Net', { databasePorts: [5439] });
    new HipaaRedshiftCluster(stack, 'W', { vpc: net.vpc, parameters: { use_fips_ssl: 'true', require_ssl: 'TRUE' } });
    Template.fromStack(stack).hasResourceProperties('AWS::Redshift::ClusterParameterGroup', {
      Parameters: Match.arrayWith([{ ParameterName: 'use_fips_ssl', ParameterValue: 'true' }, { ParameterName: 'require_ssl', ParameterValue: 'true' }]),
    });
  });
});

describe('HipaaRedshiftCluster rejects bad props', () => {
  const build = (props: Record<string, unknown>, vpcProps: Record<string, unknown> = { databasePorts: [5439] }) => {
    const stack = testStack();
    const net = new HipaaVpc(stack, 'Net', vpcProps);
    const resolved = typeof props.vpcSubnets === 'function' ? { ...props, vpcSubnets: (props.vpcSubnets as (n: HipaaVpc) => unknown)(net) } : props;
    return () => new HipaaRedshiftCluster(stack, 'W', { vpc: net.vpc, ...resolved });
  };
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['public subnets', { vpcSubnets: (n: HipaaVpc) => n.publicSubnets() }, /vpcSubnets selects public subnets/],
    ['a DC2 node type', { nodeType: 'dc2.large' }, /nodeType is 'dc2.large'; use an RA3 node type/],
    ['zero nodes', { numberOfNodes: 0 }, /numberOfNodes is 0/],
    ['require_ssl off', { parameters: { require_ssl: 'false' } }, /parameters\['require_ssl'\] is 'false'; it must stay 'true'/],
    ['user activity logging off', { parameters: { enable_user_activity_logging: 'false' } }, /parameters\['enable_user_activity_logging'\] is 'false'/],
    ['snapshots kept one day', { automatedSnapshotRetention: Duration.days(1) }, /automatedSnapshotRetention is 1 days/],
    ['snapshots off', { automatedSnapshotRetention: Duration.days(0) }, /automatedSnapshotRetention is 0 days/],
    ['the default admin name', { masterUsername: 'awsuser' }, /masterUsername is 'awsuser'/],
    ['the default database name', { databaseName: 'dev' }, /databaseName is 'dev'/],
    ['a bad identifier', { clusterIdentifier: 'My_Cluster' }, /clusterIdentifier 'My_Cluster' is not a valid Redshift identifier/],
    ['a bad maintenance window', { preferredMaintenanceWindow: 'sunday 5am' }, /preferredMaintenanceWindow is 'sunday 5am'/],
    ['Multi-AZ on one node', { multiAz: true, numberOfNodes: 1 }, /multiAz is true with numberOfNodes 1/],
    ['Multi-AZ over two subnets', { multiAz: true }, /multiAz is true but vpcSubnets selects 2 subnets/],
  ])('%s', (_name, props, message) => {
    let error: unknown;
    try { build(props)(); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(HipaaValidationError);
    expect((error as Error).message).toMatch(message);
  });

  test('a port the data tier\'s network ACL does not admit', () => {
    expect(build({}, {})).toThrow(/port is 5439, but the data tier's network ACL of .*Net admits only 5432, 3306; add it: .*databasePorts: \[5432, 3306, 5439\]/);
  });
});

describe('HipaaRedshiftCluster data classification', () => {
  test('another classification needs a justification, which becomes the acknowledgement', () => {
    const stack = testStack();
    const net = new HipaaVpc(stack, 'Net', { databasePorts: [5439] });
    expect(() => new HipaaRedshiftCluster(stack, 'W', { vpc: net.vpc, dataClassification: 'Internal' })).toThrow(/dataClassification is 'Internal'/);
  });
});
