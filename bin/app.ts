#!/usr/bin/env node
import { App, AppProps, Fn } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SIX_YEARS } from '../constructs/retention';
import { applyHipaaChecks } from '../lib/compliance';
import { declareDisasterRecoveryRegion } from '../lib/compliance/disaster-recovery';
import { HipaaValidationError } from '../lib/errors';
import {
  DisasterRecoveryDatabaseStack, DisasterRecoveryNames, DisasterRecoveryStack, EmrStack, EmrStackProps, HipaaBaselineStack, HipaaBaselineStackProps, ThreeTierStack, ThreeTierStackProps,
} from '../lib/stacks';

/** The disaster-recovery region when `-c drRegion=...` is not given. Deploy the other stacks to any other region. */
export const DEFAULT_DR_REGION = 'us-west-2';

/** Reads a context value: a string, or undefined when absent or empty. */
export type ReferenceContext = (name: string) => string | undefined;

/** The props of the reference stacks, from context. */
export interface ReferenceStackProps {
  readonly baseline: HipaaBaselineStackProps;
  readonly threeTier: ThreeTierStackProps;
  readonly emr: EmrStackProps;
}

/**
 * The reference stacks' props from `context` (README, "Context keys"): one place for
 * `createApp` and the organization pipeline's stages. Alarms go to the existing topic of
 * `-c alarmTopicArn` (imported and checked in each stack; `-c alarmTopicKeyArn` its key, for the
 * EMR notice's role), else to `-c alarmEmail`, else to an
 * `AlarmEmail` parameter without default. `disasterRecovery` adds the DR copies.
 */
export function referenceStackProps(context: ReferenceContext, disasterRecovery?: DisasterRecoveryNames): ReferenceStackProps {
  const alarmTopicArn = context('alarmTopicArn');
  const alarmEmail = context('alarmEmail');
  if (alarmTopicArn !== undefined && alarmEmail !== undefined) {
    throw new HipaaValidationError(undefined, 'alarmEmail', 'INCONSISTENT', `alarmEmail is '${alarmEmail}' while alarmTopicArn is given; ` +
      'subscribe people to that topic where it is managed and drop -c alarmEmail, or drop -c alarmTopicArn to get a new alarm topic per stack.');
  }
  const alarms = alarmTopicArn !== undefined ? { alarmTopicArn } : { alarmEmails: alarmEmail ? [alarmEmail] : undefined };
  // The EMR expiry notice publishes through an IAM role (EventBridge Scheduler), which needs the existing topic's key by ARN.
  const alarmTopicKeyArn = context('alarmTopicKeyArn');
  if (alarmTopicKeyArn !== undefined && alarmTopicArn === undefined) {
    throw new HipaaValidationError(undefined, 'alarmTopicKeyArn', 'INCONSISTENT', `alarmTopicKeyArn is '${alarmTopicKeyArn}' without alarmTopicArn; ` +
      'give -c alarmTopicArn=<the topic that key encrypts>, or drop -c alarmTopicKeyArn.');
  }
  const keyDeletionApprovers = keyDeletionApproversOf(context('keyDeletionApprovers'));
  // -c teardown='<why this deployment may be destroyed>' on a non-production deployment only (README, Teardown).
  const teardownReason = context('teardown');
  const teardown = teardownReason ? { reason: teardownReason } : undefined;
  return {
    baseline: {
      description: 'cdk-hipaa reference: account baseline (CloudTrail, Config, GuardDuty, Security Hub, Access Analyzer, account settings)',
      ...alarms,
      createConfigRecorder: context('createConfigRecorder') !== 'false',
      // -c existingGuardDuty=true etc. on an account that already runs them (README, Deploy).
      existingAccountServices: {
        guardDuty: context('existingGuardDuty') === 'true',
        securityHub: context('existingSecurityHub') === 'true',
        accessAnalyzer: context('existingAccessAnalyzer') === 'true',
      },
      // -c keyDeletionApprovers=<role ARN>,<role ARN>: only these may assume the break-glass role (with MFA).
      keyDeletionApprovers,
      disasterRecovery,
    },
    threeTier: {
      description: 'cdk-hipaa reference: HTTPS three-tier application for PHI',
      certificateArn: context('certificateArn'),
      domainName: context('domainName'),
      // -c domainName=portal.example.org -c hostedZoneId=Z…: the stack issues the certificate; or -c certificateArn=… for one you have.
      hostedZoneId: context('hostedZoneId'),
      // -c signInDomainPrefix=... (the portal's Cognito sign-in domain), -c analytics=true (the Redshift analytics tier)
      signInDomainPrefix: context('signInDomainPrefix'),
      analytics: context('analytics') === 'true',
      ...alarms,
      teardown,
      disasterRecovery,
    },
    emr: {
      description: 'cdk-hipaa reference: EMR analytics on dedicated hardware',
      // The certificate expiry notice goes to the same destination as every alarm.
      ...alarms,
      alarmTopicKeyArn,
      teardown,
      disasterRecovery,
    },
  };
}

/** An IAM role ARN (any partition, path allowed): https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/**
 * `-c keyDeletionApprovers=<role ARN>,<role ARN>`: the roles allowed (with MFA) to assume the
 * break-glass role that alone may schedule audit and backup key deletions. Role ARNs only: a user
 * or account root would let one person approve alone again.
 */
function keyDeletionApproversOf(value: string | undefined): iam.IPrincipal[] | undefined {
  if (value === undefined) return undefined;
  const arns = value.split(',').map((a) => a.trim()).filter((a) => a.length > 0);
  if (arns.length === 0) {
    throw new HipaaValidationError(undefined, 'keyDeletionApprovers', 'INVALID_VALUE', `keyDeletionApprovers is '${value}', which names no role; ` +
      'give comma-separated IAM role ARNs, e.g. -c keyDeletionApprovers=arn:aws:iam::111122223333:role/SecurityOfficer, or drop it.');
  }
  for (const arn of arns) {
    if (!ROLE_ARN.test(arn)) {
      throw new HipaaValidationError(undefined, 'keyDeletionApprovers', 'INVALID_VALUE', `keyDeletionApprovers has '${arn}', which is not an IAM role ARN; ` +
        'give comma-separated IAM role ARNs (arn:aws:iam::<account>:role/<name>), e.g. -c keyDeletionApprovers=arn:aws:iam::111122223333:role/SecurityOfficer.');
    }
  }
  return arns.map((arn) => new iam.ArnPrincipal(arn));
}

/** The stacks {@link addReferenceStacks} adds. */
export interface ReferenceStacks {
  readonly baseline: HipaaBaselineStack;
  readonly threeTier: ThreeTierStack;
  readonly emr: EmrStack;
}

/**
 * The reference app's stacks (account baseline, three-tier application, EMR analytics) in
 * `scope`: the App of `createApp`, or a Stage of the organization's delivery pipeline, with
 * the props of {@link referenceStackProps}. An absent domain name and zone become CloudFormation
 * parameters without default, and so does the alarm email unless `-c alarmTopicArn` names an
 * existing topic.
 */
export function addReferenceStacks(scope: Construct, context: ReferenceContext, disasterRecovery?: DisasterRecoveryNames): ReferenceStacks {
  const props = referenceStackProps(context, disasterRecovery);
  const baseline = new HipaaBaselineStack(scope, 'CdkHipaaBaseline', props.baseline);
  const threeTier = new ThreeTierStack(scope, 'CdkHipaaThreeTier', props.threeTier);
  const emr = new EmrStack(scope, 'CdkHipaaEmr', {
    ...props.emr,
    dataSources: [{ bucketArn: Fn.importValue(threeTier.phiBucketExportName), keyArn: Fn.importValue(threeTier.dataKeyExportName) }],
  });
  emr.addStackDependency(threeTier, 'reads the PHI bucket through its exports');
  return { baseline, threeTier, emr };
}

/**
 * The reference app: the account baseline, the three-tier application and the
 * EMR analytics stack, every check registered. Deploy-time values come from
 * context (`-c domainName=... -c hostedZoneId=...` or `-c certificateArn=...`, `-c alarmEmail=...` or
 * `-c alarmTopicArn=...`); without them the portal's name and zone and the alarm email become CloudFormation
 * parameters without default (a stack cannot be deployed with alarms that reach
 * nobody), so synth needs no account, no credentials and no lookup.
 *
 * Disaster recovery: `-c drRegion=...` (default {@link DEFAULT_DR_REGION}) adds the DR stack,
 * pinned to that region (region only, no account), which holds the replica buckets and the DR
 * key; the primary stacks stay environment-agnostic and reach them by DisasterRecoveryNames.
 */
export function createApp(props: AppProps = {}): App {
  const app = new App(props);
  const context = (name: string): string | undefined => app.node.tryGetContext(name) || undefined;
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
  // The reference stacks of addReferenceStacks (which the organization's pipeline reuses without the DR side), with DR copies.
  const { baseline, threeTier, emr } = addReferenceStacks(app, context, drNames);
  baseline.addStackDependency(disasterRecovery, 'replicates the audit buckets into its buckets');
  threeTier.addStackDependency(disasterRecovery, 'replicates into its buckets, encrypted with its key');
  emr.addStackDependency(disasterRecovery, 'replicates the artifacts bucket into its bucket');
  // -c drDatabaseSourceArn=<ARN of the deployed primary database>: a cross-region read replica in the DR region (opt-in: a second
  // Multi-AZ instance and a VPC; README, Disaster recovery). Deployed after the primary stack, whose database is its source.
  const drDatabaseSourceArn = context('drDatabaseSourceArn');
  if (drDatabaseSourceArn) {
    const drDatabase = new DisasterRecoveryDatabaseStack(app, 'CdkHipaaDisasterRecoveryDatabase', {
      description: `cdk-hipaa reference: cross-region read replica of the database in ${drNames.region}`,
      env: { region: drNames.region }, names: drNames, sourceDatabaseArn: drDatabaseSourceArn,
      databasePort: threeTier.database.port,
    });
    drDatabase.addStackDependency(threeTier, 'replicates its database');
    drDatabase.addStackDependency(disasterRecovery, 'encrypts the replica with its key (by alias)');
  }
  declareDisasterRecoveryRegion(app, drNames.region);
  applyHipaaChecks(app);
  return app;
}

if (require.main === module) {
  // The gate writes the evidence report to cdk.out/evidence/ and prints its summary after synth, pass or fail.
  createApp().synth();
}
