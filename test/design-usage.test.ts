import { CfnParameter, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import {
  applyHipaaChecks, HipaaAutoScalingGroup, HipaaBackupPlan, HipaaBucket, HipaaConfigRules, HipaaDatabase, HipaaKey, HipaaLoadBalancer,
  HipaaTable, HipaaTrail, HipaaVpc,
} from '../lib';
import { EnvelopeEncryptor } from '../lib/envelope';
import { synthAndReadReport, testApp } from './helpers';

// The "minimal usage" of the design document (DESIGN.md, kept outside the repository) as the README shows it (the certificate from a parameter):
// the contract a user's app relies on synthesizes with every check and no finding.
describe('DESIGN.md minimal usage', () => {
  test('synthesizes with zero findings from every pack', () => {
    const app = testApp();
    const stack = new Stack(app, 'Mine');
    const key = new HipaaKey(stack, 'Key');
    const phi = new HipaaBucket(stack, 'Phi', { encryptionKey: key.key });
    const net = new HipaaVpc(stack, 'Net');
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', new CfnParameter(stack, 'CertificateArn').valueAsString);
    const alb = new HipaaLoadBalancer(stack, 'Alb', { vpc: net.vpc, internetFacing: true, certificate });
    const web = new HipaaAutoScalingGroup(stack, 'Web', { vpc: net.vpc, notificationsNoSubscriberReason: 'A test fixture that is never deployed: nobody receives its scaling events.' });
    alb.addTargets('Web', { targets: [web.autoScalingGroup] });
    const db = new HipaaDatabase(stack, 'Db', { vpc: net.vpc });
    db.allowFrom(web.autoScalingGroup);
    const table = new HipaaTable(stack, 'Records', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    new HipaaTrail(stack, 'Trail', { alarmEmails: ['security@example.com'] }); // alarms must reach a person
    new HipaaConfigRules(stack, 'Rules');
    new HipaaBackupPlan(stack, 'Backup', { resources: [db, table, phi] }); // the README's example (DESIGN.md backs up db and table)

    applyHipaaChecks(app);

    const outcome = synthAndReadReport(app);
    expect(outcome.error).toBeUndefined();
    expect(outcome.findings).toEqual([]);
    expect(new EnvelopeEncryptor({ keyId: 'alias/design-usage' })).toBeInstanceOf(EnvelopeEncryptor);
  });
});
