import { CfnParameter, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { HipaaBackupPlan, HipaaDatabase, HipaaEmrCluster, HipaaLoadBalancer, HipaaVpc } from '../../lib';
import { findings } from '../../lib/testing';
import { testApp, testStack } from '../helpers';

const REASON = 'CI environment with synthetic data only, destroyed after every pipeline run';

/** One stack per case, one synth with every check: the three protected resources with teardown set. */
describe('teardown: a non-production deployment that cdk destroy can remove', () => {
  const app = testApp({ bundle: false });
  const stack = new Stack(app, 'Disposable');
  const net = new HipaaVpc(stack, 'Net');
  const dedicated = new HipaaVpc(stack, 'Dedicated', { cidr: '10.4.0.0/16', instanceTenancy: ec2.DefaultInstanceTenancy.DEDICATED });
  const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', new CfnParameter(stack, 'CertificateArn').valueAsString);
  const teardown = { reason: REASON };
  const alb = new HipaaLoadBalancer(stack, 'Web', { vpc: net.vpc, certificate, internetFacing: true, teardown });
  const db = new HipaaDatabase(stack, 'Db', { vpc: net.vpc, teardown });
  new HipaaBackupPlan(stack, 'Backup', { resources: [db] });
  const emr = new HipaaEmrCluster(stack, 'Emr', { vpc: dedicated.vpc, teardown, alarmEmails: ['oncall@example.com'] });
  const gate = findings(stack);
  const template = Template.fromStack(stack);

  test('deletion protection off on the load balancer and the database, termination protection off on the cluster', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'false' }]),
    });
    template.hasResourceProperties('AWS::RDS::DBInstance', { DeletionProtection: false });
    template.hasResourceProperties('AWS::EMR::Cluster', { Instances: Match.objectLike({ TerminationProtected: false }) });
  });

  test('the database still keeps a final snapshot when the stack deletes it', () => {
    const [instance] = Object.values(template.findResources('AWS::RDS::DBInstance')) as any[];
    expect([instance.DeletionPolicy, instance.UpdateReplacePolicy]).toEqual(['Snapshot', 'Snapshot']);
  });

  test('every finding the missing protection raises is acknowledged with the user\'s reason; nothing is left unacknowledged', () => {
    expect(gate.findings.map((f) => `${f.rule} ${f.constructPaths.join(',')}`)).toEqual([]);
    const teardownAcks = gate.acknowledgements.filter((a) => a.reason.includes(REASON));
    expect(teardownAcks.length).toBeGreaterThan(0);
    for (const a of teardownAcks) expect(a.reason).toMatch(/^Non-production teardown \(.+ can be deleted by the stack\): /);
    const owners = new Set(teardownAcks.map((a) => a.constructPath.split('/')[1]));
    expect([...owners].sort()).toEqual(expect.arrayContaining(['Db', 'Web']));
  });

  test('an info note at synth names each unprotected resource (a warning would fail the gated synth)', () => {
    const warnings = [alb, db, emr].map((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:info').map((m) => String(m.data)).join('\n'));
    expect(warnings[0]).toMatch(/teardown is set: the load balancer has no deletion protection/);
    expect(warnings[1]).toMatch(/teardown is set: the database \(a final snapshot is kept\) has no deletion protection/);
    expect(warnings[2]).toMatch(/teardown is set: the EMR cluster has no deletion protection/);
  });
});

describe('teardown: without it every protection stays on', () => {
  test('rejects a reason that does not say why (prop, value, fix)', () => {
    const stack = testStack();
    const net = new HipaaVpc(stack, 'Net');
    expect(() => new HipaaDatabase(stack, 'Db', { vpc: net.vpc, teardown: { reason: 'test' } }))
      .toThrow(/teardown\.reason is 'test' \(4 characters\); say in at least 30 characters why this deployment may be destroyed/);
  });
});
