#!/usr/bin/env node
import * as path from 'path';
import { App, AppProps } from 'aws-cdk-lib';
import { applyHipaaChecks } from '../lib/compliance/apply-hipaa-checks';
import { writeEvidenceReport } from '../lib/compliance/report';
import { HipaaValidationError } from '../lib/errors';
import { OrganizationLogArchiveStack, OrganizationManagementStack, OrganizationSecurityStack, OrganizationToolingStack } from '../lib/stacks/organization';
import { addReferenceStacks } from './app';

/** Context the tooling stack (the delivery pipeline) needs; without all of them it is not synthesized. */
export const TOOLING_CONTEXT = ['toolingAccount', 'stagingAccount', 'productionAccount', 'connectionArn', 'repository'] as const;

/** Context keys the pipeline's synth step passes on, so it synthesizes this same app. */
export const FORWARDED_CONTEXT = /^(organizationId|managementAccountId|trailRegion|governedRegions|deployRegion|rootId|phiOuId|securityAccountId|trailBucketName|archiveKeyArn|configBucketName|securityAlertEmail|securityFindingsTopicArn|toolingAccount|stagingAccount|productionAccount|connectionArn|repository|branch|alarmEmail|alarmTopicArn|alarmTopicKeyArn|keyDeletionApprovers|signInDomainPrefix|analytics|teardown|certificateArn|domainName|hostedZoneId|createConfigRecorder|existingGuardDuty|existingSecurityHub|existingAccessAnalyzer|(security|staging|production)\.[A-Za-z]+)$/;

/**
 * The organization reference app: one stack per account role (management, log archive,
 * security tooling), each deployed into its own account. Ids and Regions come from context
 * (`-c organizationId=o-… -c governedRegions=us-east-1,us-west-2 …`); without them the stacks
 * take CloudFormation parameters, so synth needs no account, no credentials and no lookup.
 * `npx cdk synth --app "npx tsx bin/organization.ts"`.
 *
 * The tooling stack (CDK Pipelines delivery of the reference app to a staging and a
 * production account) needs literal account ids, which are never invented: it is added only
 * when every key of `TOOLING_CONTEXT` is given (`-c toolingAccount=… -c stagingAccount=…
 * -c productionAccount=… -c connectionArn=… -c repository=owner/name`); otherwise
 * `createOrganizationApp` leaves it out and says so on stderr. Per-stage values of the
 * reference app come from `<stage>.<key>` context (`-c staging.certificateArn=…
 * -c production.alarmEmail=…`), falling back to the plain key.
 */
export function createOrganizationApp(props: AppProps = {}): App {
  const app = new App(props);
  const context = (name: string): string | undefined => app.node.tryGetContext(name) || undefined;
  const governedRegions = (context('governedRegions') ?? 'us-east-1,us-west-2').split(',').map((r) => r.trim()).filter((r) => r);

  new OrganizationLogArchiveStack(app, 'CdkHipaaOrgLogArchive', {
    description: 'cdk-hipaa organization: log archive (organization trail with Object Lock, Config delivery)',
    organizationId: context('organizationId'),
    managementAccountId: context('managementAccountId'),
    trailRegion: context('trailRegion'),
  });
  new OrganizationManagementStack(app, 'CdkHipaaOrgManagement', {
    description: 'cdk-hipaa organization: guardrails, organization trail, delegated administrators, account baseline StackSet',
    governedRegions,
    rootId: context('rootId'),
    phiOuId: context('phiOuId'),
    securityAccountId: context('securityAccountId'),
    trailBucketName: context('trailBucketName'),
    archiveKeyArn: context('archiveKeyArn'),
    configBucketName: context('configBucketName'),
  });
  // Findings go to the existing topic of -c securityFindingsTopicArn, else to -c securityAlertEmail, else to a
  // SecurityAlertEmail parameter without default (README, "Beyond one account").
  const findingsTopicArn = context('securityFindingsTopicArn');
  const securityAlertEmail = context('securityAlertEmail');
  if (findingsTopicArn !== undefined && securityAlertEmail !== undefined) {
    throw new HipaaValidationError(undefined, 'securityAlertEmail', 'INCONSISTENT', `securityAlertEmail is '${securityAlertEmail}' while securityFindingsTopicArn is given; ` +
      'subscribe people to that topic where it is managed and drop -c securityAlertEmail, or drop -c securityFindingsTopicArn to get a new findings topic.');
  }
  new OrganizationSecurityStack(app, 'CdkHipaaOrgSecurity', {
    description: 'cdk-hipaa organization: GuardDuty, Security Hub, Config aggregator and HIPAA pack, findings to people',
    ...(findingsTopicArn !== undefined ? { findingsTopicArn } : { alertEmails: securityAlertEmail ? [securityAlertEmail] : undefined }),
    // Scoped to the security account: the plain existing* keys are the reference app's (staging, production).
    existingGuardDutyDetectorId: context('security.existingGuardDutyDetectorId'),
    existingSecurityHub: context('security.existingSecurityHub') === 'true',
  });
  const missing = TOOLING_CONTEXT.filter((name) => context(name) === undefined);
  if (missing.length === 0) {
    const region = context('deployRegion') ?? governedRegions[0];
    const forwarded = Object.entries(app.node.getAllContext())
      .filter(([key, value]) => FORWARDED_CONTEXT.test(key) && typeof value === 'string' && value !== '')
      .map(([key, value]) => `-c ${key}=${shellQuote(value as string)}`);
    new OrganizationToolingStack(app, 'CdkHipaaOrgTooling', {
      description: 'cdk-hipaa organization: delivery pipeline of the reference app (gate, staging, approval, production)',
      env: { account: context('toolingAccount'), region },
      repository: context('repository')!,
      branch: context('branch'),
      connectionArn: context('connectionArn')!,
      staging: { account: context('stagingAccount'), region },
      production: { account: context('productionAccount'), region },
      application: (stage) => addReferenceStacks(stage, (name) => context(`${stage.stageName.toLowerCase()}.${name}`) ?? context(name)),
      synthCommands: ['npm ci', ['npm run synth:org --', ...forwarded].join(' ')],
      cliVersion: CDK_CLI_VERSION,
    });
  } else {
    process.stderr.write(`cdk-hipaa organization: the tooling stack (delivery pipeline) is not synthesized; context ${missing.join(', ')} missing (account ids are never invented).\n`);
  }
  applyHipaaChecks(app);
  return app;
}

/** The CDK CLI version this repository pins (package.json), for the pipeline's own steps. */
const CDK_CLI_VERSION: string = require('../package.json').devDependencies['aws-cdk'];

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

if (require.main === module) {
  const app = createOrganizationApp();
  try {
    app.synth();
  } finally {
    writeEvidenceReport(app.outdir, path.join(app.outdir, 'evidence'));
  }
}
