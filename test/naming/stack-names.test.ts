/**
 * Stack names follow one stated convention (README "Layout and naming"):
 * - `Hipaa…Stack`: a building block an account deploys once, whatever runs in it
 *   (HipaaBaselineStack, HipaaMemberBaselineStack, HipaaBreakGlassStack);
 * - `Organization…Stack`: the stack of one account of the AWS Organization layout
 *   (management, log archive, security, tooling);
 * - the workload's own name: a reference workload of the reference app, named after what it
 *   runs or holds (ThreeTierStack, EmrStack, PhiStorageStack, DisasterRecoveryStack).
 * A new exported stack must be placed in one of the three on purpose.
 */
import { Stack } from 'aws-cdk-lib';

const ACCOUNT_BUILDING_BLOCKS = ['HipaaBaselineStack', 'HipaaBreakGlassStack', 'HipaaMemberBaselineStack'];
const ORGANIZATION_ACCOUNTS = ['OrganizationLogArchiveStack', 'OrganizationManagementStack', 'OrganizationSecurityStack', 'OrganizationToolingStack'];
const REFERENCE_WORKLOADS = ['DisasterRecoveryDatabaseStack', 'DisasterRecoveryStack', 'EmrStack', 'PhiStorageStack', 'ThreeTierStack'];

const exported = require('../../lib') as Record<string, unknown>;
const stackClasses = Object.entries(exported)
  .filter(([, value]) => typeof value === 'function' && (value as { prototype?: unknown }).prototype instanceof Stack)
  .map(([name]) => name)
  .sort();

describe('stack class names', () => {
  test('every exported stack is in one category of the convention', () => {
    expect(stackClasses).toEqual([...ACCOUNT_BUILDING_BLOCKS, ...ORGANIZATION_ACCOUNTS, ...REFERENCE_WORKLOADS].sort());
  });

  test('account building blocks carry the Hipaa prefix, organization accounts the Organization prefix', () => {
    for (const name of ACCOUNT_BUILDING_BLOCKS) expect(name).toMatch(/^Hipaa[A-Z]\w*Stack$/);
    for (const name of ORGANIZATION_ACCOUNTS) expect(name).toMatch(/^Organization[A-Z]\w*Stack$/);
  });

  test('reference workloads carry the workload name, without either prefix', () => {
    for (const name of REFERENCE_WORKLOADS) expect(name).toMatch(/^(?!Hipaa|Organization)[A-Z]\w*Stack$/);
  });
});
