#!/usr/bin/env node
import * as path from 'path';
import { App, AppProps } from 'aws-cdk-lib';
import { applyHipaaChecks } from '../lib/compliance/apply-hipaa-checks';
import { writeEvidenceReport } from '../lib/compliance/report';
import { OrganizationLogArchiveStack, OrganizationManagementStack, OrganizationSecurityStack } from '../lib/stacks/organization';

/**
 * The organization reference app: one stack per account role (management, log archive,
 * security tooling), each deployed into its own account. Ids and Regions come from context
 * (`-c organizationId=o-… -c governedRegions=us-east-1,us-west-2 …`); without them the stacks
 * take CloudFormation parameters, so synth needs no account, no credentials and no lookup.
 * `npx cdk synth --app "npx tsx bin/organization.ts"`.
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
  new OrganizationSecurityStack(app, 'CdkHipaaOrgSecurity', {
    description: 'cdk-hipaa organization: GuardDuty, Security Hub, Config aggregator and HIPAA pack, findings to people',
    alertEmails: context('securityAlertEmail') ? [context('securityAlertEmail')!] : undefined,
  });
  applyHipaaChecks(app);
  return app;
}

if (require.main === module) {
  const app = createOrganizationApp();
  try {
    app.synth();
  } finally {
    writeEvidenceReport(app.outdir, path.join(app.outdir, 'evidence'));
  }
}
