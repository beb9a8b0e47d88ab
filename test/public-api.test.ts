// The package's public surface, pinned: adding or removing a name must be a deliberate
// change to this list (and to the README / API reference), never a side effect of `export *`.
import * as fs from 'fs';
import * as path from 'path';

const MAIN = [
  'CIS_METRIC_NAMESPACE', 'CIS_MONITORING_CONTROLS', 'ControlTowerGuardChecks', 'DB_PRIVILEGES', 'DEFAULT_DB_BACKUP_RETENTION',
  'DEFAULT_GUARDDUTY_FEATURES', 'DEFAULT_INTERFACE_ENDPOINTS', 'DEFAULT_SECURITY_HUB_STANDARDS', 'DISABLED_CONTROL_TOWER_RULES',
  'EmrStack', 'HIPAA_MANAGED_RULES', 'HipaaAutoScalingGroup', 'HipaaBackupPlan', 'HipaaBaselineStack', 'HipaaBucket',
  'HipaaCheckPack', 'HipaaConfigRules', 'HipaaDatabase', 'HipaaDatabaseEngine', 'HipaaDatabaseEngineFamily', 'HipaaEmrCluster',
  'HipaaGapChecks', 'HipaaInstanceTenancy', 'HipaaKey', 'HipaaLoadBalancer', 'HipaaLogBucket', 'HipaaLogGroup', 'HipaaTable',
  'HipaaTrail', 'HipaaValidationError', 'TrailDataEvents', 'HipaaVpc', 'MANAGED_RULE_GROUPS', 'PhiStorageStack', 'SIX_YEARS', 'ThreeTierStack',
  'HipaaGuardrails', 'HipaaPermissionsBoundary', 'GUARDRAILS', 'GLOBAL_SERVICE_ACTIONS', 'AUDIT_TAMPER_ACTIONS', 'AUDIT_RECONFIGURE_ACTIONS', 'SCP_MAX_CHARACTERS', 'GUARDRAIL_ROLE_PREFIX',
  'OrganizationLogArchiveStack', 'OrganizationManagementStack', 'OrganizationSecurityStack', 'HipaaMemberBaselineStack',
  'HipaaBaselineStackSet', 'OrganizationToolingStack', 'HipaaBreakGlassStack', 'ORGANIZATION_TRAIL_NAME', 'SELF_HEALING_SETTINGS', 'TEMPLATE_BODY_MAX_BYTES',
  'HipaaUserPool', 'HipaaRedshiftCluster', 'DisasterRecoveryStack', 'DisasterRecoveryDatabaseStack', 'HipaaDatabaseReplica', 'HipaaRestoreTesting', 'DisasterRecoveryNames', 'declareDisasterRecoveryRegion',
  'allowVpcEndpointEgress', 'applyHipaaChecks', 'buildEvidenceReport', 'isHipaaBackupable', 'renderHtml', 'renderMarkdown', 'suppress', 'writeEvidenceReport',
];

const TESTING = ['GateFindingsError', 'assetHashSerializer', 'expectNoFindings', 'findings', 'maskAssetHashes', 'maskedTemplate'];

// Helpers the constructs share: public once, they would be an API we must keep forever.
const INTERNAL = [
  'requireAtLeast', 'requireWholeDays', 'daysOf', 'nagBucketArn', 'GAP_CHECKS_PLUGIN_NAME', 'GAP_RULE_PREFIX',
  'CONTROL_TOWER_PLUGIN_NAME', 'CONTROL_TOWER_RULE_PREFIX', 'CHECKS_METADATA_TYPE', 'runReportCli', 'rules', 'evaluateTemplate',
  'SAFEGUARDS_BY_TYPE', 'safeguardsOf', 'SUBNET_TIERS', 'TLS_PARAMETERS', 'MIN_REASON_LENGTH', 'HardenedFunction',
];

describe('public API', () => {
  test('cdk-hipaa exports exactly the pinned names (update MAIN on purpose when the surface changes)', () => {
    expect(Object.keys(require('../lib')).sort()).toEqual([...MAIN].sort());
  });

  test('cdk-hipaa/testing exports exactly the pinned names', () => {
    expect(Object.keys(require('../lib/testing')).sort()).toEqual([...TESTING].sort());
  });

  test('internal helpers are not exported', () => {
    const exported = new Set(Object.keys(require('../lib')));
    expect(INTERNAL.filter((name) => exported.has(name))).toEqual([]);
  });

  test('lib/index.ts lists its exports by name (no export *)', () => {
    const source = fs.readFileSync(path.join(__dirname, '..', 'lib', 'index.ts'), 'utf8');
    expect(source).not.toMatch(/export \*/);
  });
});
