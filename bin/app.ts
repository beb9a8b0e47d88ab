#!/usr/bin/env node
import { App, AppProps, Fn } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { applyHipaaChecks } from '../lib/compliance';
import { EmrStack, HipaaBaselineStack, ThreeTierStack } from '../lib/stacks';

/**
 * The reference app's stacks (account baseline, three-tier application, EMR analytics) in
 * `scope`: the App of `createApp`, or a Stage of the organization's delivery pipeline.
 * `context` gives the deploy-time values (`certificateArn`, `domainName`, `alarmEmail`,
 * `createConfigRecorder`, `existingGuardDuty`, `existingSecurityHub`, `existingAccessAnalyzer`);
 * an absent certificate or alarm email becomes a CloudFormation parameter without default.
 */
export function addReferenceStacks(scope: Construct, context: (name: string) => string | undefined): void {
  const alarmEmail = context('alarmEmail');
  new HipaaBaselineStack(scope, 'CdkHipaaBaseline', {
    description: 'cdk-hipaa reference: account baseline (CloudTrail, Config, GuardDuty, Security Hub, Access Analyzer, account settings)',
    alarmEmails: alarmEmail ? [alarmEmail] : undefined,
    createConfigRecorder: context('createConfigRecorder') !== 'false',
    // -c existingGuardDuty=true etc. on an account that already runs them (README, Deploy).
    existingAccountServices: {
      guardDuty: context('existingGuardDuty') === 'true',
      securityHub: context('existingSecurityHub') === 'true',
      accessAnalyzer: context('existingAccessAnalyzer') === 'true',
    },
  });
  // -c teardown='<why this deployment may be destroyed>' on a non-production deployment only (README, Teardown).
  const teardownReason = context('teardown');
  const teardown = teardownReason ? { reason: teardownReason } : undefined;
  const threeTier = new ThreeTierStack(scope, 'CdkHipaaThreeTier', {
    description: 'cdk-hipaa reference: HTTPS three-tier application for PHI',
    certificateArn: context('certificateArn'),
    domainName: context('domainName'),
    alarmEmail,
    teardown,
  });
  const emr = new EmrStack(scope, 'CdkHipaaEmr', {
    description: 'cdk-hipaa reference: EMR analytics on dedicated hardware',
    dataSources: [{ bucketArn: Fn.importValue(threeTier.phiBucketExportName), keyArn: Fn.importValue(threeTier.dataKeyExportName) }],
    teardown,
  });
  emr.addStackDependency(threeTier, 'reads the PHI bucket through its exports');
}

/**
 * The reference app: the account baseline, the three-tier application and the
 * EMR analytics stack, every check registered. Deploy-time values come from
 * context (`-c certificateArn=... -c alarmEmail=...`); without them the
 * certificate and the alarm email become CloudFormation parameters without
 * default (a stack cannot be deployed with alarms that reach nobody), so synth
 * needs no account, no credentials and no lookup.
 */
export function createApp(props: AppProps = {}): App {
  const app = new App(props);
  addReferenceStacks(app, (name) => app.node.tryGetContext(name) || undefined);
  applyHipaaChecks(app);
  return app;
}

if (require.main === module) {
  // The gate writes the evidence report to cdk.out/evidence/ and prints its summary after synth, pass or fail.
  createApp().synth();
}
