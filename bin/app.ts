#!/usr/bin/env node
import { App, AppProps, Fn } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { HipaaRestoreTesting } from '../constructs/backup-plan/restore-testing';
import { SIX_YEARS } from '../constructs/retention';
import { applyHipaaChecks } from '../lib/compliance';
import { declareDisasterRecoveryRegion } from '../lib/compliance/disaster-recovery';
import { DisasterRecoveryNames, DisasterRecoveryStack, EmrStack, HipaaBaselineStack, ThreeTierStack } from '../lib/stacks';

/** The disaster-recovery region when `-c drRegion=...` is not given. Deploy the other stacks to any other region. */
export const DEFAULT_DR_REGION = 'us-west-2';

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
    // -c signInDomainPrefix=... (the portal's Cognito sign-in domain), -c analytics=true (the Redshift analytics tier)
    signInDomainPrefix: context('signInDomainPrefix'),
    analytics: context('analytics') === 'true',
    alarmEmails: alarmEmail ? [alarmEmail] : undefined,
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
 *
 * Disaster recovery: `-c drRegion=...` (default {@link DEFAULT_DR_REGION}) adds the DR stack,
 * pinned to that region (region only, no account), which holds the replica buckets and the DR
 * key; the primary stacks stay environment-agnostic and reach them by DisasterRecoveryNames.
 */
export function createApp(props: AppProps = {}): App {
  const app = new App(props);
  // The reference app adds the disaster-recovery side to the stacks of addReferenceStacks (which other apps reuse without it).
  const context = (name: string): string | undefined => app.node.tryGetContext(name) || undefined;
  const alarmEmail = context('alarmEmail');

  // -c teardown='<why this deployment may be destroyed>' on a non-production deployment only (README, Teardown).
  const teardownReason = context('teardown');
  const teardown = teardownReason ? { reason: teardownReason } : undefined;
  const drNames = new DisasterRecoveryNames({ region: context('drRegion') ?? DEFAULT_DR_REGION });
  const disasterRecovery = new DisasterRecoveryStack(app, 'CdkHipaaDisasterRecovery', {
    description: `cdk-hipaa reference: disaster-recovery copies in ${drNames.region} (replica buckets, DR key)`,
    env: { region: drNames.region },
    names: drNames,
    replicas: [
      { purpose: 'phi' }, { purpose: 'config' }, { purpose: 'emr' },
      // The trail's log files are under Object Lock; S3 replicates them only into a bucket with Object Lock, kept as long.
      { purpose: 'trail', objectLock: { mode: s3.ObjectLockMode.GOVERNANCE, retention: SIX_YEARS } },
    ],
  });
  const baseline = new HipaaBaselineStack(app, 'CdkHipaaBaseline', {
    description: 'cdk-hipaa reference: account baseline (CloudTrail, Config, GuardDuty, Security Hub, Access Analyzer, account settings)',
    alarmEmails: alarmEmail ? [alarmEmail] : undefined,
    createConfigRecorder: context('createConfigRecorder') !== 'false',
    // -c existingGuardDuty=true etc. on an account that already runs them (README, Deploy).
    existingAccountServices: {
      guardDuty: context('existingGuardDuty') === 'true',
      securityHub: context('existingSecurityHub') === 'true',
      accessAnalyzer: context('existingAccessAnalyzer') === 'true',
    },
    disasterRecovery: drNames,
  });
  baseline.addStackDependency(disasterRecovery, 'replicates the audit buckets into its buckets');
  const threeTier = new ThreeTierStack(app, 'CdkHipaaThreeTier', {
    description: 'cdk-hipaa reference: HTTPS three-tier application for PHI',
    certificateArn: context('certificateArn'),
    domainName: context('domainName'),
    alarmEmails: alarmEmail ? [alarmEmail] : undefined,
    teardown,
    disasterRecovery: drNames,
  });
  threeTier.addStackDependency(disasterRecovery, 'replicates into its buckets, encrypted with its key');
  // The contingency plan exercised: every week the latest table and PHI bucket recovery points are restored,
  // kept a day for validation and deleted; each restore job's result reaches the operational alarm topic.
  new HipaaRestoreTesting(threeTier, 'RestoreTesting', {
    vault: threeTier.backupPlan.vault,
    role: threeTier.backupPlan.role,
    targets: [
      { resourceType: 'DynamoDB', resourceArns: [threeTier.table.table.tableArn] },
      { resourceType: 'S3', resourceArns: [threeTier.phiBucket.bucket.bucketArn] },
    ],
    topic: threeTier.alarmTopic,
    topicKey: threeTier.alarmKey.key,
  });
  const emr = new EmrStack(app, 'CdkHipaaEmr', {
    description: 'cdk-hipaa reference: EMR analytics on dedicated hardware',
    teardown,
    disasterRecovery: drNames,
    dataSources: [{ bucketArn: Fn.importValue(threeTier.phiBucketExportName), keyArn: Fn.importValue(threeTier.dataKeyExportName) }],
  });
  emr.addStackDependency(threeTier, 'reads the PHI bucket through its exports');
  emr.addStackDependency(disasterRecovery, 'replicates the artifacts bucket into its bucket');
  declareDisasterRecoveryRegion(app, drNames.region);
  applyHipaaChecks(app);
  return app;
}

if (require.main === module) {
  // The gate writes the evidence report to cdk.out/evidence/ and prints its summary after synth, pass or fail.
  createApp().synth();
}
