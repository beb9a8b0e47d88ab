import { Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as rds from 'aws-cdk-lib/aws-rds';
import { applyHipaaChecks, HipaaBackupPlan, HipaaBucket, HipaaDatabase, HipaaDatabaseEngine, HipaaTable, HipaaVpc } from '../../lib';
import { synthAndReadReport, testApp } from '../helpers';

interface DataParts { db: HipaaDatabase; table: HipaaTable; stack: Stack }

function dataApp(engine?: HipaaDatabaseEngine, weaken?: (parts: DataParts) => void) {
  const app = testApp();
  const stack = new Stack(app, 'Data');
  const net = new HipaaVpc(stack, 'Net');
  const db = new HipaaDatabase(stack, 'Db', { vpc: net.vpc, engine });
  const table = new HipaaTable(stack, 'Records', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  new HipaaBackupPlan(stack, 'Backup', { resources: [db, table, new HipaaBucket(stack, 'Phi')] });
  weaken?.({ db, table, stack });
  applyHipaaChecks(app);
  return synthAndReadReport(app);
}

describe('HipaaDatabase + HipaaTable + HipaaBackupPlan', () => {
  // aws-cdk-lib's CloudFormation validation of these constructs runs once, in test/app.test.ts.
  test('PostgreSQL: zero findings from every plugin', () => {
    const outcome = dataApp();
    expect(outcome.error).toBeUndefined();
    expect(outcome.findings).toEqual([]);
  });

  test.each([['MySQL', HipaaDatabaseEngine.mysql()], ['Aurora PostgreSQL', HipaaDatabaseEngine.auroraPostgres()]])('%s: zero findings', (_name, engine) => {
    const outcome = dataApp(engine);
    expect(outcome.findings).toEqual([]);
  });

  test('a database or table left out of the backup plan is reported by the packs', () => {
    const app = testApp();
    const stack = new Stack(app, 'Data');
    const net = new HipaaVpc(stack, 'Net');
    new HipaaDatabase(stack, 'Db', { vpc: net.vpc });
    new HipaaTable(stack, 'Records', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    applyHipaaChecks(app);
    const rulesFound = synthAndReadReport(app).findings.map((f) => f.rule);
    expect(rulesFound).toEqual(expect.arrayContaining(['HIPAA.Security-RDSInBackupPlan', 'HIPAA.Security-DynamoDBInBackupPlan']));
  });

  test('escape-hatch overrides that drop TLS, the CMK, PITR or deletion protection are caught by HipaaGapChecks', () => {
    const outcome = dataApp(undefined, ({ db, table }) => {
      const group = db.node.findChild('Parameters').node.defaultChild as rds.CfnDBParameterGroup;
      group.addPropertyOverride('Parameters.rds\\.force_ssl', '0');
      (db.instance!.node.defaultChild as rds.CfnDBInstance).addPropertyDeletionOverride('KmsKeyId');
      const cfnTable = table.table.node.defaultChild as dynamodb.CfnTable;
      cfnTable.addPropertyOverride('SSESpecification.KMSMasterKeyId', 'alias/aws/dynamodb');
      cfnTable.addPropertyOverride('DeletionProtectionEnabled', false);
    });
    const gap = outcome.findings.filter((f) => f.plugin === 'HipaaGapChecks').map((f) => f.rule).sort();
    expect(gap).toEqual(['HipaaGap-DynamoDbCustomerManagedKey', 'HipaaGap-DynamoDbRecoveryAndDeletionProtection', 'HipaaGap-RdsCustomerManagedKey', 'HipaaGap-RdsForceSsl']);
  });
});
