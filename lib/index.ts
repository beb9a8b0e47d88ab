/**
 * cdk-hipaa: HIPAA-hardened AWS CDK constructs, reference stacks and the compliance gate.
 * Every public name is listed here on purpose (test/public-api.test.ts pins the list);
 * helpers the constructs share stay internal. Envelope encryption is `cdk-hipaa/envelope`,
 * test helpers are `cdk-hipaa/testing`.
 */

// Errors
export { HipaaValidationError } from './errors';
export type { HipaaValidationCode } from './errors';

// Constructs: keys, storage, logs
export { HipaaKey } from '../constructs/key';
export type { HipaaKeyProps } from '../constructs/key';
export { HipaaBucket } from '../constructs/bucket';
export type { HipaaBucketProps, HipaaBucketLifecycle, HipaaBucketObjectLock } from '../constructs/bucket';
export type { HipaaBucketReplication } from '../constructs/bucket/replication';
export { HipaaLogBucket } from '../constructs/log-bucket';
export type { HipaaLogBucketProps } from '../constructs/log-bucket';
export { HipaaLogGroup } from '../constructs/log-group';
export type { HipaaLogGroupProps } from '../constructs/log-group';
export { SIX_YEARS } from '../constructs/retention';
export { HipaaPermissionsBoundary } from '../constructs/permissions-boundary';
export type { HipaaPermissionsBoundaryProps, HipaaBoundaryProfile } from '../constructs/permissions-boundary';

// Constructs: network and compute
export { HipaaVpc, DEFAULT_INTERFACE_ENDPOINTS, allowVpcEndpointEgress } from '../constructs/vpc';
export type { HipaaVpcProps, EgressFirewall, GatewayPrefixListIds } from '../constructs/vpc';
export { HipaaLoadBalancer } from '../constructs/load-balancer';
export type { HipaaLoadBalancerProps, HipaaTargetProps } from '../constructs/load-balancer';
export { MANAGED_RULE_GROUPS } from '../constructs/load-balancer/web-acl';
export { HipaaAutoScalingGroup, HipaaInstanceTenancy } from '../constructs/auto-scaling-group';
export type { HipaaAutoScalingGroupProps } from '../constructs/auto-scaling-group';
export type { HttpsHealthServerOptions } from '../constructs/auto-scaling-group/health-server';
export { HipaaEmrCluster } from '../constructs/emr-cluster';
export type { HipaaEmrClusterProps, HipaaEmrKerberos } from '../constructs/emr-cluster';
export type { HipaaTeardown } from '../constructs/teardown';

// Constructs: data stores and backup
export { HipaaDatabase, HipaaDatabaseEngine, HipaaDatabaseEngineFamily, DEFAULT_DB_BACKUP_RETENTION, DB_PRIVILEGES } from '../constructs/database';
export type { HipaaDatabaseProps, HipaaOracleOptions, HipaaDatabaseGrantOptions, HipaaDatabaseConnectGrant, DbPrivilege } from '../constructs/database';
export { HipaaTable } from '../constructs/table';
export { HipaaDatabaseReplica } from '../constructs/database/replica';
export type { HipaaDatabaseReplicaProps } from '../constructs/database/replica';
export type { HipaaTableProps, HipaaTableProvisionedCapacity, HipaaTableReplica } from '../constructs/table';
export { HipaaBackupPlan, isHipaaBackupable } from '../constructs/backup-plan';
export { HipaaRestoreTesting } from '../constructs/backup-plan/restore-testing';
export type { HipaaRestoreTestingProps, HipaaRestoreTestTarget } from '../constructs/backup-plan/restore-testing';
export type { HipaaBackupCopy } from '../constructs/backup-plan';
export { HipaaRedshiftCluster } from '../constructs/redshift-cluster';
export type { HipaaRedshiftClusterProps } from '../constructs/redshift-cluster';
export type { HipaaBackupPlanProps, HipaaBackupTarget, HipaaVaultLock, IHipaaBackupable } from '../constructs/backup-plan';

// Constructs: people
export { HipaaUserPool } from '../constructs/user-pool';
export type { HipaaUserPoolProps } from '../constructs/user-pool';

// Constructs: audit
export { HipaaTrail, CIS_METRIC_NAMESPACE, TrailDataEvents } from '../constructs/trail';
export type { HipaaTrailProps, TrailDataEventSelection } from '../constructs/trail';
export { CIS_MONITORING_CONTROLS } from '../constructs/trail/cis-alarms';
export { HipaaConfigRules, HIPAA_MANAGED_RULES } from '../constructs/config-rules';
export type { HipaaConfigRulesProps, HipaaManagedRule } from '../constructs/config-rules';

// Constructs: organization
export { HipaaGuardrails, GUARDRAILS, GLOBAL_SERVICE_ACTIONS, AUDIT_TAMPER_ACTIONS, AUDIT_RECONFIGURE_ACTIONS, SCP_MAX_CHARACTERS, GUARDRAIL_ROLE_PREFIX } from '../constructs/guardrails';
export type { HipaaGuardrailsProps, Guardrail, GuardrailContext } from '../constructs/guardrails';

// Stacks
export { HipaaBaselineStack, DEFAULT_GUARDDUTY_FEATURES, DEFAULT_SECURITY_HUB_STANDARDS } from './stacks/baseline-stack';
export type { HipaaBaselineStackProps, HipaaExistingAccountServices } from './stacks/baseline-stack';
export { ThreeTierStack } from './stacks/three-tier-stack';
export type { ThreeTierStackProps, TierCapacity } from './stacks/three-tier-stack';
export { EmrStack } from './stacks/emr-stack';
export type { EmrStackProps } from './stacks/emr-stack';
export { PhiStorageStack } from './stacks/phi-storage-stack';
export { DisasterRecoveryStack, DisasterRecoveryNames, DisasterRecoveryDatabaseStack } from './stacks/disaster-recovery-stack';
export type { DisasterRecoveryStackProps, DisasterRecoveryReplica, DisasterRecoveryNamesProps, DisasterRecoveryDatabaseStackProps } from './stacks/disaster-recovery-stack';
export type { PhiStorageStackProps } from './stacks/phi-storage-stack';

// Organization (multi-account)
export {
  OrganizationLogArchiveStack, OrganizationManagementStack, OrganizationSecurityStack, HipaaMemberBaselineStack, HipaaBaselineStackSet,
  OrganizationToolingStack, HipaaBreakGlassStack, ORGANIZATION_TRAIL_NAME, SELF_HEALING_SETTINGS, TEMPLATE_BODY_MAX_BYTES,
} from './stacks/organization';
export type {
  OrganizationLogArchiveStackProps, OrganizationManagementStackProps, OrganizationSecurityStackProps, HipaaMemberBaselineStackProps,
  HipaaBaselineStackSetProps, OrganizationToolingStackProps, HipaaBreakGlassStackProps,
} from './stacks/organization';

// Compliance gate
export { applyHipaaChecks, HipaaCheckPack } from './compliance/apply-hipaa-checks';
export type { HipaaChecksOptions } from './compliance/apply-hipaa-checks';
export { suppress } from './compliance/suppress';
export { HipaaGapChecks } from './compliance/gap-checks';
export type { HipaaGapChecksProps, GapFinding } from './compliance/gap-checks';
export { ControlTowerGuardChecks } from './compliance/control-tower-guard';
export type { ControlTowerGuardChecksProps } from './compliance/control-tower-guard';
export { DISABLED_CONTROL_TOWER_RULES } from './compliance/control-tower-disabled-rules';
export { declareDisasterRecoveryRegion } from './compliance/disaster-recovery';
export type { DisasterRecoveryDeclaration } from './compliance/disaster-recovery';

// Evidence report
export { buildEvidenceReport, renderHtml, renderMarkdown, writeEvidenceReport } from './compliance/report';
export type {
  EvidenceReport, EvidenceStack, EvidenceResource, EvidenceFinding, EvidenceAcknowledgement, EvidencePackResult, EvidenceSafeguard,
  EvidenceAcknowledgementOrigin, EvidenceConfigExclusion, EvidenceIntegrityProblem, EvidenceMatrixCell, EvidenceResourceAcknowledgement,
  EvidenceDataEventRow, EvidenceTrail,
} from './compliance/report';
