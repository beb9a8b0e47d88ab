import { CfnParameter, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { applyHipaaChecks, HipaaAutoScalingGroup, HipaaBucket, HipaaEmrCluster, HipaaInstanceTenancy, HipaaLoadBalancer, HipaaVpc } from '../../lib';
import { synthAndReadReport, testApp } from '../helpers';

function webApp(weaken?: (web: HipaaAutoScalingGroup) => void) {
  const app = testApp();
  const stack = new Stack(app, 'Web');
  const net = new HipaaVpc(stack, 'Net');
  const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', new CfnParameter(stack, 'CertificateArn').valueAsString);
  const alb = new HipaaLoadBalancer(stack, 'Alb', { vpc: net.vpc, certificate, internetFacing: true });
  const web = new HipaaAutoScalingGroup(stack, 'Web', { vpc: net.vpc, notificationsNoSubscriberReason: 'A test fixture that is never deployed: nobody receives its scaling events.', userDataCommands: HipaaAutoScalingGroup.selfSignedCertificateCommands() });
  alb.addTargets('Web', { targets: [web.autoScalingGroup] });
  web.allowFrom(alb.loadBalancer);
  weaken?.(web);
  applyHipaaChecks(app);
  return synthAndReadReport(app);
}

describe('HipaaAutoScalingGroup behind a HipaaLoadBalancer', () => {
  test('zero findings from every plugin', () => {
    const outcome = webApp();
    expect(outcome.error).toBeUndefined();
    expect(outcome.findings).toEqual([]);
  });

  test('overrides to shared tenancy or IMDSv1 are caught by HipaaGapChecks', () => {
    const outcome = webApp((web) => {
      const lt = web.launchTemplate.node.defaultChild as ec2.CfnLaunchTemplate;
      lt.addPropertyOverride('LaunchTemplateData.Placement.Tenancy', 'default');
      lt.addPropertyOverride('LaunchTemplateData.MetadataOptions.HttpTokens', 'optional');
    });
    const gap = outcome.findings.filter((f) => f.plugin === 'HipaaGapChecks').map((f) => f.rule).sort();
    expect(gap).toEqual(['HipaaGap-DedicatedTenancy', 'HipaaGap-Imdsv2Required']);
  });

  test('shared tenancy with a justification: the finding is acknowledged with that reason, not silent', () => {
    const app = testApp();
    const stack = new Stack(app, 'Dev');
    const net = new HipaaVpc(stack, 'Net');
    const reason = 'Synthetic test data only; no PHI is processed by this development fleet.';
    new HipaaAutoScalingGroup(stack, 'Dev', { vpc: net.vpc, notificationsNoSubscriberReason: 'A test fixture that is never deployed: nobody receives its scaling events.', tenancy: HipaaInstanceTenancy.DEFAULT, sharedTenancyJustification: reason });
    applyHipaaChecks(app);
    const outcome = synthAndReadReport(app);
    expect(outcome.findings).toEqual([]);
    // (The stack's other HipaaGap acknowledgement: its functions' dead-letter alarm, routed to no topic in this test stack.)
    expect(outcome.acknowledged.filter((a) => a.plugin === 'HipaaGapChecks' && a.paths.some((p) => p.includes('/Group/'))))
      .toEqual([expect.objectContaining({ rule: 'HipaaGap-DedicatedTenancy', reason })]);
  });
});

function emrApp(weaken?: (parts: { cluster: HipaaEmrCluster; net: HipaaVpc }) => void, alarmEmails: string[] | null = ['security@clinic.example']) {
  const app = testApp();
  const stack = new Stack(app, 'Emr');
  const net = new HipaaVpc(stack, 'Net', { instanceTenancy: ec2.DefaultInstanceTenancy.DEDICATED });
  const phi = new HipaaBucket(stack, 'Phi');
  // Someone receives the certificate expiry notice (without a subscriber the topic warns at synth: test below).
  const cluster = new HipaaEmrCluster(stack, 'Analytics', { vpc: net.vpc, dataBuckets: [phi.bucket], ...(alarmEmails ? { alarmEmails } : {}) });
  weaken?.({ cluster, net });
  applyHipaaChecks(app);
  return synthAndReadReport(app);
}

describe('HipaaEmrCluster in a dedicated HipaaVpc', () => {
  test('zero findings from every plugin (CloudFormation validation: test/app.test.ts)', () => {
    const outcome = emrApp();
    expect(outcome.error).toBeUndefined();
    expect(outcome.findings).toEqual([]);
  });

  test('without a subscriber for its expiry notice, the cluster\'s alarm topic fails the gate with a warning that says what to pass', () => {
    const outcome = emrApp(undefined, null);
    expect(String(outcome.error)).toMatch(/Emr\/Analytics\/AlarmTopic: the alarm topic has no subscriber, so its alarms reach nobody; pass alarmEmails/);
  });

  test('overrides that drop in-transit encryption or the VPC\'s dedicated tenancy are caught by HipaaGapChecks', () => {
    const outcome = emrApp(({ cluster, net }) => {
      cluster.securityConfiguration.addPropertyOverride('SecurityConfiguration.EncryptionConfiguration.EnableInTransitEncryption', false);
      (net.vpc.node.defaultChild as ec2.CfnVPC).addPropertyOverride('InstanceTenancy', 'default');
    });
    const gap = outcome.findings.filter((f) => f.plugin === 'HipaaGapChecks').map((f) => f.rule).sort();
    expect(gap).toEqual(['HipaaGap-DedicatedTenancy', 'HipaaGap-EmrSecurityConfiguration']);
  });
});
