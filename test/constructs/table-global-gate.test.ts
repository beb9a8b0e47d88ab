import { Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { HipaaBackupPlan, HipaaTable } from '../../lib';
import { findings } from '../../lib/testing';
import { testApp } from '../helpers';

// cdk-nag and the Control Tower controls read only AWS::DynamoDB::Table; the gap rules judge the global table.
describe('a HipaaTable with replicas passes every check of the gate', () => {
  const app = testApp();
  const stack = new Stack(app, 'Global', { env: { region: 'us-east-1' } });
  const table = new HipaaTable(stack, 'Records', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    replicas: [{ region: 'us-west-2', keyArn: 'arn:aws:kms:us-west-2:111122223333:key/0123abcd-0123-4567-89ab-0123456789ab' }],
  });
  new HipaaBackupPlan(stack, 'Backup', { resources: [table] });
  // The same table with one replica unprotected, in the same synth: the gate sees global tables.
  const weak = new Stack(app, 'Weak', { env: { region: 'us-east-1' } });
  const weakTable = new HipaaTable(weak, 'Records', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    replicas: [{ region: 'us-west-2', keyArn: 'arn:aws:kms:us-west-2:111122223333:key/0123abcd-0123-4567-89ab-0123456789ab' }],
  });
  (weakTable.resource as dynamodb.CfnGlobalTable).addPropertyOverride('Replicas.1.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled', false);
  new HipaaBackupPlan(weak, 'Backup', { resources: [weakTable] });
  const result = findings(stack);

  test('zero findings, and no acknowledgement on the table', () => {
    expect(result.findings).toEqual([]);
    expect(result.acknowledgements.filter((a) => a.constructPath.startsWith('Global/Records'))).toEqual([]);
  });
  test('a replica without PITR is a finding of the same gate', () =>
    expect(findings(weak).findings.map((f) => f.rule)).toEqual(['HipaaGap-DynamoDbRecoveryAndDeletionProtection']));
});
