import { Stack } from 'aws-cdk-lib';
import { HipaaAutoScalingGroup, HipaaBackupPlan, HipaaDatabase, HipaaDatabaseEngine, HipaaRedshiftCluster, HipaaVpc } from '../lib';
import { expectNoFindings } from '../lib/testing';
import { testApp } from './helpers';

// The README's example of the analytics and Oracle constructs (issue 19), as a user writes it:
// every pack, no finding the library has not acknowledged with its reason.
describe('README: HipaaRedshiftCluster and HipaaDatabaseEngine.oracleSe2 minimal usage', () => {
  test('synthesizes with zero unacknowledged findings', () => {
    const app = testApp();
    const stack = new Stack(app, 'Mine');
    const data = new HipaaVpc(stack, 'Data', { databasePorts: [5432, 3306, 5439, 1521] });
    const web = new HipaaAutoScalingGroup(stack, 'Web', { vpc: data.vpc, notificationsNoSubscriberReason: 'A test fixture that is never deployed: nobody receives its scaling events.' });
    const warehouse = new HipaaRedshiftCluster(stack, 'Warehouse', { vpc: data.vpc });
    warehouse.allowFrom(web.autoScalingGroup);
    data.allowEndpointEgress(warehouse);
    const oracle = new HipaaDatabase(stack, 'Ledger', { vpc: data.vpc, engine: HipaaDatabaseEngine.oracleSe2() });
    oracle.allowFrom(web.autoScalingGroup);
    new HipaaBackupPlan(stack, 'Backup', { resources: [oracle] });
    expect(() => expectNoFindings(app)).not.toThrow();
  });
});
