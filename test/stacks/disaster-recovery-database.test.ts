import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { HipaaDatabaseEngine, HipaaDatabaseReplica, HipaaVpc } from '../../lib';
import { testApp } from '../helpers';

// The reference app's replica stack (-c drDatabaseSourceArn) is tested on the shared DR app of
// test/stacks/disaster-recovery-stack.test.ts (one gated synth of the reference app for both).
const SOURCE = 'arn:aws:rds:us-east-1:111122223333:db:db-cdkhipaathreetier-records-1a2b3c4d';

describe('HipaaDatabaseReplica rejects bad input', () => {
  const build = (props: Record<string, unknown>, region = 'us-west-2') => {
    const stack = new Stack(testApp(), 'Dr', { env: { region } });
    const vpc = new HipaaVpc(stack, 'Net').vpc;
    const key = kms.Key.fromKeyArn(stack, 'K', 'arn:aws:kms:us-west-2:111122223333:key/0123abcd-0123-4567-89ab-0123456789ab');
    return () => new HipaaDatabaseReplica(stack, 'Db', { sourceDatabaseArn: SOURCE, engine: HipaaDatabaseEngine.postgres(), vpc, encryptionKey: key, ...props } as any);
  };
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['a source that is not a DB instance ARN', { sourceDatabaseArn: 'db-records' }, /sourceDatabaseArn is 'db-records'; give the source DB instance's ARN/],
    ['an Aurora engine', { engine: HipaaDatabaseEngine.auroraPostgres() }, /engine is aurora-postgresql; HipaaDatabaseReplica builds RDS instance replicas/],
    ['no key', { encryptionKey: undefined }, /encryptionKey/],
  ])('%s', (_n, props, message) => expect(build(props)).toThrow(message));
  test('a source in the replica\'s own region', () => expect(build({}, 'us-east-1')).toThrow(/sourceDatabaseArn is in 'us-east-1', this stack's own region/));
  test('a port the VPC\'s data tier does not admit', () => expect(build({ port: 5433 })).toThrow(/port is 5433, but the data tier of vpc .* admits only ports \[5432, 3306\]/));
  test('a port outside what RDS accepts', () => expect(build({ port: 80 })).toThrow(/port/));
  test('on the engine\'s default port the default-port findings are acknowledged with the port named', () => {
    const stack = new Stack(testApp(), 'DrDefault', { env: { region: 'us-west-2' } });
    const vpc = new HipaaVpc(stack, 'Net').vpc;
    const key = kms.Key.fromKeyArn(stack, 'K', 'arn:aws:kms:us-west-2:111122223333:key/0123abcd-0123-4567-89ab-0123456789ab');
    const replica = new HipaaDatabaseReplica(stack, 'Db', { sourceDatabaseArn: SOURCE, engine: HipaaDatabaseEngine.postgres(), vpc, encryptionKey: key });
    const metadata = JSON.stringify((replica.instance.node.defaultChild as any).cfnOptions.metadata ?? {}) + JSON.stringify(replica.instance.node.defaultChild!.node.metadata);
    expect(metadata).toMatch(/RDS11/);
    expect(metadata).toMatch(/default port 5432/);
    expect(Template.fromStack(stack).findResources('AWS::RDS::DBInstance')).toBeDefined();
  });
});
