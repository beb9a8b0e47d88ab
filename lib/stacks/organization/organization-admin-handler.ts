/**
 * Custom resource for the organization calls CloudFormation has no resource for: making
 * the security account the delegated administrator of GuardDuty, AWS Config and IAM
 * Access Analyzer, and GuardDuty's auto-enable for every member. Only these calls exist
 * here (no arbitrary SDK call from the template). Always answers CloudFormation.
 */
import { CustomResourceEvent, putResponse } from '../../../constructs/internal/cfn-response';

/** What the template asks for. */
export type OrganizationAdminProperties =
  | { readonly Operation: 'DelegateAdministrator'; readonly ServicePrincipal: string; readonly AccountId: string }
  | { readonly Operation: 'GuardDutyAutoEnable'; readonly DetectorId: string; readonly Features: string[] };

/** The SDK calls the handler makes, injectable for tests. */
export interface OrganizationApis {
  enableServiceAccess(servicePrincipal: string): Promise<void>;
  registerDelegatedAdministrator(accountId: string, servicePrincipal: string): Promise<void>;
  deregisterDelegatedAdministrator(accountId: string, servicePrincipal: string): Promise<void>;
  enableGuardDutyAdmin(accountId: string): Promise<void>;
  disableGuardDutyAdmin(accountId: string): Promise<void>;
  updateGuardDutyOrganization(detectorId: string, features: string[]): Promise<void>;
}

const SERVICE_PRINCIPALS = new Set(['guardduty.amazonaws.com', 'config.amazonaws.com', 'config-multiaccountsetup.amazonaws.com', 'access-analyzer.amazonaws.com']);

/** Carries out one request; returns the physical id. Throws on bad input or a failed call. */
export async function apply(event: CustomResourceEvent<OrganizationAdminProperties>, apis: OrganizationApis): Promise<string> {
  const p = event.ResourceProperties;
  if (p.Operation === 'DelegateAdministrator') {
    if (!SERVICE_PRINCIPALS.has(p.ServicePrincipal) || !/^\d{12}$/.test(p.AccountId)) {
      throw new Error('DelegateAdministrator needs a supported ServicePrincipal and a 12-digit AccountId.');
    }
    const id = `${p.ServicePrincipal}/${p.AccountId}`;
    const guardDuty = p.ServicePrincipal === 'guardduty.amazonaws.com';
    if (event.RequestType === 'Delete') {
      // Deregistering would silently switch off organization-wide detection: only when the
      // resource itself goes, never on a replacement (CloudFormation deletes the old id then).
      if (event.PhysicalResourceId === id) {
        await (guardDuty ? apis.disableGuardDutyAdmin(p.AccountId) : apis.deregisterDelegatedAdministrator(p.AccountId, p.ServicePrincipal));
      }
      return event.PhysicalResourceId ?? id;
    }
    await apis.enableServiceAccess(p.ServicePrincipal);
    await (guardDuty ? apis.enableGuardDutyAdmin(p.AccountId) : apis.registerDelegatedAdministrator(p.AccountId, p.ServicePrincipal));
    return id;
  }
  if (p.Operation === 'GuardDutyAutoEnable') {
    if (!/^[0-9a-f]{32}$/.test(p.DetectorId) || !Array.isArray(p.Features)) {
      throw new Error('GuardDutyAutoEnable needs a DetectorId and a Features list.');
    }
    // Deleting leaves members enabled: switching detection off is never a side effect.
    if (event.RequestType !== 'Delete') await apis.updateGuardDutyOrganization(p.DetectorId, p.Features);
    return `guardduty-auto-enable/${p.DetectorId}`;
  }
  throw new Error('Unknown Operation; expected DelegateAdministrator or GuardDutyAutoEnable.');
}

/* istanbul ignore next -- the Lambda runtime's SDK, exercised only in AWS */
function sdkApis(): OrganizationApis {
  // The Node.js Lambda runtime ships the AWS SDK v3; these clients are not bundled.
  const org = require('@aws-sdk/client-organizations');
  const gd = require('@aws-sdk/client-guardduty');
  const organizations = new org.OrganizationsClient({});
  const guardduty = new gd.GuardDutyClient({});
  const ignore = (names: string[]) => (error: { name?: string }) => {
    if (!names.includes(String(error.name))) throw error;
  };
  return {
    enableServiceAccess: (sp) => organizations.send(new org.EnableAWSServiceAccessCommand({ ServicePrincipal: sp })).then(() => undefined),
    registerDelegatedAdministrator: (account, sp) => organizations.send(new org.RegisterDelegatedAdministratorCommand({ AccountId: account, ServicePrincipal: sp }))
      .then(() => undefined, ignore(['AccountAlreadyRegisteredException'])),
    deregisterDelegatedAdministrator: (account, sp) => organizations.send(new org.DeregisterDelegatedAdministratorCommand({ AccountId: account, ServicePrincipal: sp }))
      .then(() => undefined, ignore(['AccountNotRegisteredException'])),
    enableGuardDutyAdmin: (account) => guardduty.send(new gd.EnableOrganizationAdminAccountCommand({ AdminAccountId: account })).then(() => undefined),
    disableGuardDutyAdmin: (account) => guardduty.send(new gd.DisableOrganizationAdminAccountCommand({ AdminAccountId: account })).then(() => undefined),
    updateGuardDutyOrganization: (detectorId, features) => guardduty.send(new gd.UpdateOrganizationConfigurationCommand({
      DetectorId: detectorId, AutoEnableOrganizationMembers: 'ALL', Features: features.map((Name) => ({ Name, AutoEnable: 'ALL' })),
    })).then(() => undefined),
  };
}

/** Lambda entry point (the runtime passes its context second, so the SDK is chosen here). */
export async function handler(event: CustomResourceEvent<OrganizationAdminProperties>): Promise<void> {
  return respond(event, sdkApis());
}

/** Carries out the request and answers CloudFormation, success or failure. */
export async function respond(event: CustomResourceEvent<OrganizationAdminProperties>, apis: OrganizationApis): Promise<void> {
  const base = { StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId };
  try {
    const physicalId = await apply(event, apis);
    await putResponse(event.ResponseURL, { ...base, Status: 'SUCCESS', PhysicalResourceId: physicalId });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await putResponse(event.ResponseURL, { ...base, Status: 'FAILED', Reason: reason.slice(0, 500), PhysicalResourceId: event.PhysicalResourceId ?? 'failed' });
  }
}
