import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { customerManagedKey, duration, hasMembers, list, NAME_RULES, PropChecks, required, shape, str, validateProps } from './validation';
import { suppress } from '../lib/compliance/suppress';
import { IHipaaBackupable, isHipaaBackupable } from './backup-plan/backupable';
import { hipaaVault } from './backup-plan/vault';
import { HipaaKey } from './key';
import { HipaaPermissionsBoundary } from './permissions-boundary';
import { daysOf, SIX_YEARS } from './retention';
import { HipaaValidationError } from '../lib/errors';

export type { IHipaaBackupable };
export { isHipaaBackupable };

/** AWS Backup keeps a recovery point in cold storage at least this long. */
const COLD_STORAGE_MINIMUM_DAYS = 90;

/** What a HipaaBackupPlan protects: a library construct or any AWS Backup resource. */
export type HipaaBackupTarget = IHipaaBackupable | backup.BackupResource;

/** Vault lock: AWS Backup refuses recovery points outside these bounds and any early deletion. */
export interface HipaaVaultLock {
  /** Shortest retention a recovery point may have. */
  readonly minRetention: Duration;
  /**
   * Longest retention a recovery point may have.
   * @default - no maximum
   */
  readonly maxRetention?: Duration;
  /**
   * Grace period (at least 3 days) after which the lock becomes immutable (compliance mode):
   * not even the root user can remove it. Without it the lock stays in governance mode.
   * @default - governance mode (removable by principals with backup:DeleteBackupVaultLockConfiguration)
   */
  readonly changeableFor?: Duration;
}

/** A copy of every recovery point of the plan in another region (and optionally another account). */
export interface HipaaBackupCopy {
  /**
   * ARN of the destination vault, `arn:<partition>:backup:<region>:<account>:backup-vault:<name>`, with the region
   * as literal text (e.g. `DisasterRecoveryNames.backupVaultArn`). The vault should be encrypted with a key of
   * its region and locked (DisasterRecoveryStack builds it so); a vault of another account must allow
   * `backup:CopyIntoBackupVault` to this account.
   */
  readonly backupVaultArn: string;
}

/** Props of {@link HipaaBackupPlan}. */
export interface HipaaBackupPlanProps {
  /**
   * Constructs and resources to protect; more with {@link HipaaBackupPlan.addResource}.
   * @default - none yet
   */
  readonly resources?: HipaaBackupTarget[];
  /**
   * Key that encrypts the vault's recovery points.
   * @default - a new HipaaKey
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Vault name. The vault is retained, so a literal name is the same in every instance of the stack and a
   * redeploy after a teardown fails while the old vault exists (HipaaGap-RetainedResourceNameUnique reports it).
   * @default - derived from the construct path, ending in this stack instance's id
   */
  readonly backupVaultName?: string;
  /**
   * Retention of the daily recovery points, at least 7 days.
   * @default Duration.days(35)
   */
  readonly dailyRetention?: Duration;
  /**
   * Retention of the monthly recovery points, at least six years (HIPAA documentation retention).
   * @default Duration.days(2192)
   */
  readonly monthlyRetention?: Duration;
  /**
   * When monthly recovery points move to cold storage (resource types that support it).
   * AWS Backup keeps cold recovery points at least 90 days.
   * @default Duration.days(90)
   */
  readonly monthlyColdStorageAfter?: Duration;
  /**
   * Vault lock.
   * @default - no lock
   */
  readonly vaultLock?: HipaaVaultLock;
  /**
   * Rules in addition to the daily and monthly ones (e.g. a copy to another region).
   * @default - none
   */
  readonly additionalRules?: backup.BackupPlanRule[];
  /**
   * Copy every daily and monthly recovery point to a vault in the disaster-recovery region, kept
   * as long as the original (same retention and cold-storage transition).
   * @default - recovery points stay in this region
   */
  readonly copyTo?: HipaaBackupCopy;
}

// AWS Backup lifecycle days: https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html
const MAX_DAYS = 36500;

/** Every prop's type and AWS limit; the retention floors and the lock's bounds follow in the constructor. */
const PROP_CHECKS: Partial<PropChecks<HipaaBackupPlanProps>> = {
  resources: list(undefined, { what: 'constructs or backup.BackupResource values' }),
  encryptionKey: customerManagedKey(),
  backupVaultName: str(NAME_RULES.backupVault),
  dailyRetention: duration({ unit: 'days', min: 7, max: MAX_DAYS, whole: true, safeguard: 'daily backups are kept at least 7 days' }),
  monthlyRetention: duration({ unit: 'days', min: 2192, max: MAX_DAYS, whole: true, safeguard: 'monthly backups are kept six years, §164.316(b)(2)(i)' }),
  monthlyColdStorageAfter: duration({ unit: 'days', min: 1, max: MAX_DAYS, whole: true }),
  vaultLock: shape<HipaaVaultLock>({
    minRetention: required(duration({ unit: 'days', min: 1, max: MAX_DAYS, whole: true })),
    maxRetention: duration({ unit: 'days', min: 1, max: MAX_DAYS, whole: true }),
    changeableFor: duration({ unit: 'days', min: 3, max: MAX_DAYS, whole: true }),
  }),
  additionalRules: list(hasMembers('a backup.BackupPlanRule', 'props'), { what: 'backup.BackupPlanRule values' }),
};

/**
 * An AWS Backup plan for PHI: a vault encrypted with a customer-managed key
 * whose access policy denies deleting recovery points, daily backups kept 35
 * days and monthly backups kept six years (cold storage after 90 days), an
 * optional vault lock. §164.308(a)(7)(ii)(A), §164.312(c)(1).
 */
export class HipaaBackupPlan extends Construct {
  /** The backup plan. */
  public readonly plan: backup.BackupPlan;
  /** The vault. */
  public readonly vault: backup.BackupVault;
  /** The key that encrypts the vault. */
  public readonly key: kms.IKey;
  /** The role AWS Backup assumes to back up and restore the selected resources. */
  public readonly role: iam.Role;
  private selections = 0;

  constructor(scope: Construct, id: string, props: HipaaBackupPlanProps = {}) {
    super(scope, id);
    validateProps(this, props, PROP_CHECKS);
    const daily = props.dailyRetention ?? Duration.days(35);
    const monthly = props.monthlyRetention ?? SIX_YEARS;
    const coldAfter = props.monthlyColdStorageAfter ?? Duration.days(90);
    validateRetentions(this, daily, monthly, coldAfter);
    if (props.vaultLock) validateVaultLock(this, props.vaultLock, daily, monthly);
    if (props.vaultLock) validateRulesAgainstLock(this, props.vaultLock, props.additionalRules ?? []);

    this.key = props.encryptionKey ?? new HipaaKey(this, 'Key', { description: `cdk-hipaa key for backup vault ${this.node.path}` }).key;
    this.vault = hipaaVault(this, 'Vault', { key: this.key, name: props.backupVaultName, lock: props.vaultLock });

    const copyVault = props.copyTo && copyDestination(this, props.copyTo);
    this.plan = new backup.BackupPlan(this, 'Plan', { backupVault: this.vault });
    this.plan.addRule(new backup.BackupPlanRule({
      ruleName: 'Daily',
      scheduleExpression: events.Schedule.cron({ hour: '5', minute: '0' }),
      startWindow: Duration.hours(1),
      completionWindow: Duration.hours(8),
      deleteAfter: daily,
      copyActions: copyVault && [{ destinationBackupVault: copyVault, deleteAfter: daily }],
    }));
    this.plan.addRule(new backup.BackupPlanRule({
      ruleName: 'Monthly',
      scheduleExpression: events.Schedule.cron({ day: '1', hour: '6', minute: '0' }),
      startWindow: Duration.hours(1),
      completionWindow: Duration.hours(12),
      moveToColdStorageAfter: coldAfter,
      deleteAfter: monthly,
      copyActions: copyVault && [{ destinationBackupVault: copyVault, moveToColdStorageAfter: coldAfter, deleteAfter: monthly }],
    }));
    for (const rule of props.additionalRules ?? []) this.plan.addRule(rule);

    this.role = backupRole(this);
    for (const resource of props.resources ?? []) this.addResource(resource);
  }

  /**
   * Adds a resource to the plan: a HipaaDatabase, HipaaTable, HipaaBucket, or any
   * `backup.BackupResource` (an EBS volume ARN, a tag condition ...).
   */
  public addResource(target: HipaaBackupTarget): void {
    const resources = isHipaaBackupable(target) ? target.backupResources() : [target];
    this.selections += 1;
    this.plan.addSelection(`Selection${this.selections}`, { resources, role: this.role });
    if (isHipaaBackupable(target)) target.bindToBackupPlan?.(this);
  }
}

/**
 * The role AWS Backup assumes, trusted only by AWS Backup of this account. The
 * AWS managed service-role policies are what AWS Backup documents; they follow
 * each new resource type AWS Backup supports.
 */
function backupRole(scope: Construct): iam.Role {
  const role = new iam.Role(scope, 'Role', {
    description: 'AWS Backup: back up and restore the resources of this plan',
    // Confused deputy: only AWS Backup acting for this account
    // (https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-service-confused-deputy-prevention.html).
    assumedBy: new iam.ServicePrincipal('backup.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
    }),
  });
  // The backup-service profile: the actions of the four AWS managed policies below, nothing else.
  HipaaPermissionsBoundary.applyTo(role, 'backup-service');
  const policies = [
    'service-role/AWSBackupServiceRolePolicyForBackup',
    'service-role/AWSBackupServiceRolePolicyForRestores',
    'AWSBackupServiceRolePolicyForS3Backup',
    'AWSBackupServiceRolePolicyForS3Restore',
  ];
  for (const name of policies) {
    role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName(name));
    suppress(role, `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`,
      `${name} is the AWS Backup service-role policy AWS documents for this role; AWS maintains it as AWS Backup ` +
      'adds resource types, and only AWS Backup can assume the role.');
  }
  return role;
}

/** The destination vault of the copies, checked: a vault ARN whose region is literal and not this stack's. */
function copyDestination(scope: Construct, copy: HipaaBackupCopy): backup.IBackupVault {
  const arn = copy.backupVaultArn;
  const region = /^arn:[^:]*:backup:([a-z]{2}(?:-[a-z]+)+-\d):[^:]*:backup-vault:[^:]+$/.exec(arn)?.[1]
    ?? /:backup:([a-z]{2}(?:-[a-z]+)+-\d):/.exec(arn)?.[1];
  if (!region || (!Token.isUnresolved(arn) && !/^arn:aws[a-z-]*:backup:[a-z0-9-]+:\d{12}:backup-vault:[A-Za-z0-9_-]{2,50}$/.test(arn))) {
    throw new HipaaValidationError(scope, 'copyTo.backupVaultArn', 'INVALID_VALUE', `copyTo.backupVaultArn is '${arn}'; give the ARN of the ` +
      'destination vault, arn:<partition>:backup:<region>:<account>:backup-vault:<name>, with the region as literal text (DisasterRecoveryNames.backupVaultArn builds it).');
  }
  const here = Stack.of(scope).region;
  if (!Token.isUnresolved(here) && here === region) {
    throw new HipaaValidationError(scope, 'copyTo.backupVaultArn', 'WEAKENS_SAFEGUARD', `copyTo.backupVaultArn is in '${region}', this stack's own region; ` +
      'a copy in the same region does not survive a regional outage. Copy to a vault of the disaster-recovery region.');
  }
  return backup.BackupVault.fromBackupVaultArn(scope, 'CopyVault', arn);
}

function validateRetentions(scope: Construct, daily: Duration, monthly: Duration, coldAfter: Duration): void {
  const [d, m, c] = [daysOf(daily), daysOf(monthly), daysOf(coldAfter)];
  if (d !== undefined && d < 7) {
    throw new HipaaValidationError(scope, 'dailyRetention', 'WEAKENS_SAFEGUARD', `dailyRetention is ${d} days; keep daily backups at least 7 days (default 35).`);
  }
  const six = daysOf(SIX_YEARS)!;
  if (m !== undefined && m < six) {
    throw new HipaaValidationError(scope, 'monthlyRetention', 'WEAKENS_SAFEGUARD', `monthlyRetention is ${m} days; monthly backups are kept at least ${six} days ` +
      '(six years, HIPAA documentation retention). Use Duration.days(2192) or more.');
  }
  if (m !== undefined && c !== undefined && m < c + COLD_STORAGE_MINIMUM_DAYS) {
    throw new HipaaValidationError(scope, 'monthlyColdStorageAfter', 'INCONSISTENT', `monthlyColdStorageAfter is ${c} days but monthlyRetention is ${m}; AWS Backup keeps ` +
      `cold recovery points at least ${COLD_STORAGE_MINIMUM_DAYS} days, so retention must be at least ${c + COLD_STORAGE_MINIMUM_DAYS} days.`);
  }
}

function validateVaultLock(scope: Construct, lock: HipaaVaultLock, daily: Duration, monthly: Duration): void {
  const [min, max, d, m] = [daysOf(lock.minRetention), lock.maxRetention && daysOf(lock.maxRetention), daysOf(daily), daysOf(monthly)];
  if (min !== undefined && d !== undefined && min > d) {
    throw new HipaaValidationError(scope, 'vaultLock.minRetention', 'INCONSISTENT', `vaultLock.minRetention is ${min} days, longer than dailyRetention (${d} days); ` +
      'the lock would reject every daily recovery point. Lower minRetention or raise dailyRetention.');
  }
  if (max !== undefined && m !== undefined && max < m) {
    throw new HipaaValidationError(scope, 'vaultLock.maxRetention', 'INCONSISTENT', `vaultLock.maxRetention is ${max} days, shorter than monthlyRetention (${m} days); ` +
      'the lock would reject every monthly recovery point. Raise maxRetention or omit it.');
  }
  const grace = lock.changeableFor && daysOf(lock.changeableFor);
  if (grace !== undefined && grace < 3) {
    throw new HipaaValidationError(scope, 'vaultLock.changeableFor', 'OUT_OF_RANGE', `vaultLock.changeableFor is ${grace} days; AWS Backup requires at least 3 days ` +
      'before a compliance-mode lock becomes immutable.');
  }
}

/** A vault lock refuses recovery points outside its bounds: an additional rule that deletes earlier (or keeps longer) than it allows would fail every job. */
function validateRulesAgainstLock(scope: Construct, lock: HipaaVaultLock, rules: backup.BackupPlanRule[]): void {
  const min = daysOf(lock.minRetention);
  const max = lock.maxRetention && daysOf(lock.maxRetention);
  rules.forEach((rule, i) => {
    const deleteAfter = rule.props.deleteAfter && daysOf(rule.props.deleteAfter);
    const name = `additionalRules[${i}]${rule.props.ruleName ? ` (${rule.props.ruleName})` : ''}`;
    if (deleteAfter === undefined) return;
    if (min !== undefined && deleteAfter < min) {
      throw new HipaaValidationError(scope, 'additionalRules', 'INCONSISTENT', `${name} deletes after ${deleteAfter} days, but vaultLock.minRetention is ${min} days; ` +
        'the lock would reject its recovery points. Keep deleteAfter at or above the lock minimum.');
    }
    if (max !== undefined && deleteAfter > max) {
      throw new HipaaValidationError(scope, 'additionalRules', 'INCONSISTENT', `${name} deletes after ${deleteAfter} days, but vaultLock.maxRetention is ${max} days; ` +
        'the lock would reject its recovery points. Keep deleteAfter at or below the lock maximum.');
    }
  });
}
