import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import {
  DEFAULT_INTERFACE_ENDPOINTS, HipaaAutoScalingGroup, HipaaBucket, HipaaDatabase, HipaaDatabaseEngine, HipaaKey, HipaaLoadBalancer, HipaaLogBucket,
  HipaaTable, HipaaVpc,
} from '../../lib';
import { validateDatabaseParameters } from '../../constructs/database/parameter-rules';
import { HipaaDatabaseEngineFamily } from '../../constructs/database/engine';
import { testStack } from '../helpers';

/** Finding 5 of issue 14: props that weakened a safeguard silently are now rejected, or need a justification that shows. */

const reason = 'Holds only synthetic load-test fixtures that are generated, never copied from production.';
const tableKey = { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } };

describe('HipaaBucket retention floor', () => {
  test.each([
    [{ minimumRetention: Duration.days(1) }, /minimumRetention is 1 days, shorter than the 2192 days required \(HIPAA documentation retention/],
    [{ minimumRetention: Duration.days(1), lifecycle: { expireAfter: Duration.days(1) } }, /minimumRetention is 1 days/],
    [{ minimumRetention: Duration.days(3000), lifecycle: { noncurrentVersionExpireAfter: Duration.days(2500) } }, /noncurrentVersionExpireAfter is 2500 days, shorter than the 3000 days/],
  ])('%j is rejected', (props, error) => expect(() => new HipaaBucket(testStack(), 'B', props)).toThrow(error));

  test('six years or longer is accepted', () => expect(() => new HipaaBucket(testStack(), 'B', { minimumRetention: Duration.days(2557) })).not.toThrow());
});

describe('dataClassification', () => {
  const stack = testStack();
  const spelled = new HipaaBucket(stack, 'Spelled', { dataClassification: ' phi ' });
  const fixtures = new HipaaTable(stack, 'Fixtures', { ...tableKey, dataClassification: 'Synthetic', nonPhiJustification: reason });
  const template = Template.fromStack(stack);
  const tagsOf = (c: Construct) => template.toJSON().Resources[Stack.of(c).getLogicalId(c.node.defaultChild as any)].Properties.Tags;

  test("'PHI' in any spelling is written 'PHI', so the PHI key rule still selects the store", () =>
    expect(tagsOf(spelled.bucket)).toEqual(expect.arrayContaining([{ Key: 'DataClassification', Value: 'PHI' }])));

  test('another value with a justification is written as given and acknowledged with that reason', () => {
    expect(tagsOf(fixtures.table)).toEqual(expect.arrayContaining([{ Key: 'DataClassification', Value: 'Synthetic' }]));
    const acks = JSON.stringify(fixtures.node.metadata) + JSON.stringify(fixtures.table.node.metadata) + JSON.stringify(fixtures.node.findAll().map((c) => c.node.metadata));
    expect(acks).toContain('HipaaGap-DataStoreClassification');
    expect(acks).toContain(reason);
  });

  test.each([
    ['HipaaBucket', (s: Construct) => new HipaaBucket(s, 'B', { dataClassification: 'Internal' })],
    ['HipaaTable', (s: Construct) => new HipaaTable(s, 'T', { ...tableKey, dataClassification: 'Public' })],
    ['HipaaDatabase', (s: Construct) => new HipaaDatabase(s, 'D', { vpc: new HipaaVpc(s, 'N').vpc, dataClassification: 'none' })],
  ])('%s: another value without a justification is rejected', (_name, build) =>
    expect(() => build(testStack())).toThrow(/dataClassification is '.*', which takes the store out of the PHI key rule/));

  test('a short justification is rejected; a justification with PHI is inconsistent', () => {
    expect(() => new HipaaBucket(testStack(), 'B', { dataClassification: 'Internal', nonPhiJustification: 'test data' })).toThrow(/at least 30 characters/);
    expect(() => new HipaaBucket(testStack(), 'B', { nonPhiJustification: reason })).toThrow(/nonPhiJustification is set but dataClassification is 'PHI'/);
  });
});

describe('HipaaDatabase parameters that copy PHI into logs or allow old TLS', () => {
  const PG = HipaaDatabaseEngineFamily.POSTGRES;
  const MY = HipaaDatabaseEngineFamily.MYSQL;
  test.each([
    [MY, { general_log: '1' }, /parameters\['general_log'\] is '1'; the general log copies every statement/],
    [MY, { general_log: 'ON' }, /general_log/],
    [PG, { log_statement: 'all' }, /parameters\['log_statement'\] is 'all'; statement logging writes query text/],
    [HipaaDatabaseEngineFamily.AURORA_POSTGRESQL, { log_statement: 'mod' }, /log_statement/],
    [PG, { ssl_min_protocol_version: 'TLSv1.1' }, /parameters\['ssl_min_protocol_version'\] is 'TLSv1.1'; TLS 1.0 and 1.1 are deprecated/],
    [MY, { tls_version: 'TLSv1.2,TLSv1.1' }, /parameters\['tls_version'\] is 'TLSv1.2,TLSv1.1'/],
    [MY, { tls_version: 'TLSv1' }, /tls_version/],
  ])('%s %j is rejected', (family, parameters, error) => expect(() => validateDatabaseParameters(testStack(), family, parameters)).toThrow(error));

  test.each([
    [MY, { general_log: '0', tls_version: 'TLSv1.2,TLSv1.3' }], [PG, { log_statement: 'ddl', ssl_min_protocol_version: 'TLSv1.3' }],
    [PG, { general_log: '1' }], // not a PostgreSQL parameter: RDS rejects it, nothing to judge here
  ])('%s %j is accepted', (family, parameters) => expect(() => validateDatabaseParameters(testStack(), family, parameters)).not.toThrow());

  test('HipaaDatabase applies the rules to its parameters prop', () => {
    const stack = testStack();
    expect(() => new HipaaDatabase(stack, 'D', { vpc: new HipaaVpc(stack, 'N').vpc, engine: HipaaDatabaseEngine.mysql(), parameters: { general_log: '1' } }))
      .toThrow(/D: parameters\['general_log'\] is '1'/);
  });
});

describe('HipaaVpc interface endpoints', () => {
  test('an empty list is rejected, naming what it leaves out', () =>
    expect(() => new HipaaVpc(testStack(), 'V', { interfaceEndpoints: [] })).toThrow(/interfaceEndpoints is \[\], without kms, ssm, .*logs/));
  test('a list missing one default is rejected', () =>
    expect(() => new HipaaVpc(testStack(), 'V', { interfaceEndpoints: DEFAULT_INTERFACE_ENDPOINTS.filter((e) => e.shortName !== 'logs') }))
      .toThrow(/without logs;/));
  test('the defaults plus more are accepted', () => {
    const stack = testStack();
    new HipaaVpc(stack, 'V', { interfaceEndpoints: [...DEFAULT_INTERFACE_ENDPOINTS, ec2.InterfaceVpcEndpointAwsService.STS] });
    Template.fromStack(stack).resourceCountIs('AWS::EC2::VPCEndpoint', DEFAULT_INTERFACE_ENDPOINTS.length + 3);
  });
});

describe('resources passed in must be encrypted', () => {
  test('HipaaAutoScalingGroup rejects an unencrypted notifications topic and accepts an encrypted one', () => {
    const stack = testStack();
    const net = new HipaaVpc(stack, 'N');
    expect(() => new HipaaAutoScalingGroup(stack, 'G', { vpc: net.vpc, notificationsTopic: new sns.Topic(stack, 'Plain') }))
      .toThrow(/notificationsTopic is Test\/Plain, which has no KMS key/);
    expect(() => new HipaaAutoScalingGroup(stack, 'G2', { vpc: net.vpc, notificationsTopic: new sns.Topic(stack, 'Sealed', { masterKey: new HipaaKey(stack, 'K').key }) })).not.toThrow();
  });

  test('HipaaAutoScalingGroup notes an imported topic it cannot inspect', () => {
    const stack = testStack();
    const net = new HipaaVpc(stack, 'N');
    new HipaaAutoScalingGroup(stack, 'G', { vpc: net.vpc, notificationsTopic: sns.Topic.fromTopicArn(stack, 'Imported', new CfnParameter(stack, 'TopicArn').valueAsString) });
    Annotations.fromStack(stack).hasInfo('/Test/G', Match.stringLikeRegexp('notificationsTopic is imported'));
  });

  test('HipaaLoadBalancer rejects an access-log bucket without SSE-S3, accepts a HipaaLogBucket', () => {
    const stack = testStack();
    const net = new HipaaVpc(stack, 'N');
    const certificate = acm.Certificate.fromCertificateArn(stack, 'C', new CfnParameter(stack, 'P').valueAsString);
    expect(() => new HipaaLoadBalancer(stack, 'A', { vpc: net.vpc, certificate, accessLogsBucket: new s3.Bucket(stack, 'Plain') }))
      .toThrow(/accessLogsBucket is Test\/Plain, encrypted with no explicit default encryption/);
    expect(() => new HipaaLoadBalancer(stack, 'A2', { vpc: net.vpc, certificate, accessLogsBucket: new s3.Bucket(stack, 'Kms', { encryption: s3.BucketEncryption.KMS_MANAGED }) }))
      .toThrow(/encrypted with aws:kms/);
    expect(() => new HipaaLoadBalancer(stack, 'A3', { vpc: net.vpc, certificate, accessLogsBucket: new HipaaLogBucket(stack, 'Logs').bucket })).not.toThrow();
  });
});
