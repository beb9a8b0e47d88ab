import { CfnOutput, Duration, Stack, StackProps, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { HipaaVaultLock } from '../../constructs/backup-plan';
import { hipaaVault } from '../../constructs/backup-plan/vault';
import { HipaaBucket, HipaaBucketObjectLock } from '../../constructs/bucket';
import { HipaaKey } from '../../constructs/key';
import { suppress } from '../compliance/suppress';
import { HipaaValidationError } from '../errors';
import { DisasterRecoveryNames } from './disaster-recovery/names';

export { DisasterRecoveryNames };
export { DisasterRecoveryDatabaseStack } from './disaster-recovery/database-stack';
export type { DisasterRecoveryDatabaseStackProps } from './disaster-recovery/database-stack';
export type { DisasterRecoveryNamesProps } from './disaster-recovery/names';

/** One replica bucket of a {@link DisasterRecoveryStack}. */
export interface DisasterRecoveryReplica {
  /** What it holds; names the bucket (`DisasterRecoveryNames.replicaBucketName`), e.g. `phi`. */
  readonly purpose: string;
  /**
   * Object Lock of the replica. Required when the source bucket has Object Lock (S3 replicates
   * only into a bucket with Object Lock then) and should match the source's retention.
   * @default - no Object Lock
   */
  readonly objectLock?: HipaaBucketObjectLock;
}

/** Props of {@link DisasterRecoveryStack}. */
export interface DisasterRecoveryStackProps extends StackProps {
  /** The names the primary stacks use to reach this stack's resources; `env.region` must be `names.region`. */
  readonly names: DisasterRecoveryNames;
  /**
   * The replica buckets.
   * @default [{ purpose: 'phi' }]
   */
  readonly replicas?: DisasterRecoveryReplica[];
  /**
   * Lock of the vault that receives the cross-region backup copies: AWS Backup refuses copies kept
   * shorter than `minRetention` and any deletion before their retention ends. Keep `minRetention`
   * at most the primary plan's daily retention.
   * @default { minRetention: Duration.days(35) } (HipaaBackupPlan's daily retention), governance mode
   */
  readonly vaultLock?: HipaaVaultLock;
  /**
   * Other accounts whose backup plans copy into the vault (cross-account disaster recovery). Same-account
   * copies need no grant.
   * @default - this account only
   */
  readonly sourceAccounts?: string[];
}

/**
 * The disaster-recovery side of an app, deployed to the DR region before the primary stacks:
 * a customer-managed key of that region under a known alias and one HipaaBucket per replicated
 * source bucket under a known name, so the primary stacks can name them without a cross-region
 * reference. §164.308(a)(7)(ii)(B).
 */
export class DisasterRecoveryStack extends Stack {
  /** The DR region's key: replicas and copied recovery points are encrypted with it. */
  public readonly key: HipaaKey;
  /** The vault that receives the primary region's backup copies (`names.backupVaultName`). */
  public readonly vault: backup.BackupVault;
  /** The replica buckets by purpose. */
  public readonly replicaBuckets: Record<string, HipaaBucket> = {};

  constructor(scope: Construct, id: string, props: DisasterRecoveryStackProps) {
    super(scope, id, props);
    const names = props.names;
    if (Token.isUnresolved(this.region) || this.region !== names.region) {
      throw new HipaaValidationError(this, 'env.region', 'INCONSISTENT',
        `env.region is '${props.env?.region}' but names.region is '${names.region}'; pin the DR stack to the DR region: env: { region: '${names.region}' }.`);
    }
    this.key = new HipaaKey(this, 'Key', { alias: names.keyAlias, description: `cdk-hipaa disaster-recovery key (${names.prefix}) for replicas and backup copies` });

    for (const replica of props.replicas ?? [{ purpose: 'phi' }]) {
      const bucket = new HipaaBucket(this, `Replica-${replica.purpose}`, {
        bucketName: names.replicaBucketName(replica.purpose),
        encryptionKey: this.key.key,
        objectLock: replica.objectLock,
      });
      suppress(bucket.bucket.node.defaultChild as s3.CfnBucket, 'HipaaGap-RetainedResourceNameUnique',
        'The primary region\'s replication configuration must name this bucket before either stack exists, so the name cannot carry ' +
        'this stack instance\'s id. It is unique per prefix, account and region; after a teardown the retained replica keeps the PHI ' +
        'copies and is meant to be imported again (README, disaster recovery runbook), not recreated.');
      this.replicaBuckets[replica.purpose] = bucket;
      new CfnOutput(this, `ReplicaBucket${replica.purpose}`, { value: bucket.bucket.bucketName, description: `Replica of the ${replica.purpose} bucket` });
    }

    this.vault = hipaaVault(this, 'Vault', { key: this.key.key, name: names.backupVaultName, lock: props.vaultLock ?? { minRetention: Duration.days(35) } });
    suppress(this.vault.node.defaultChild as backup.CfnBackupVault, 'HipaaGap-RetainedResourceNameUnique',
      'The primary region\'s backup plans must name this vault in their copy actions before either stack exists, so the name cannot carry ' +
      'this stack instance\'s id. It is unique per prefix, account and region; after a teardown the retained vault keeps the copied recovery ' +
      'points (its lock forbids deleting them early) and is meant to be imported again, not recreated.');
    for (const account of props.sourceAccounts ?? []) {
      if (!Token.isUnresolved(account) && !/^\d{12}$/.test(account)) {
        throw new HipaaValidationError(this, 'sourceAccounts', 'INVALID_VALUE', `sourceAccounts has '${account}'; give 12-digit account ids.`);
      }
      // Cross-account copy: https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html
      this.vault.addToAccessPolicy(new iam.PolicyStatement({
        sid: `CopyFrom${account}`, principals: [new iam.AccountPrincipal(account)], actions: ['backup:CopyIntoBackupVault'], resources: ['*'],
      }));
    }
    new CfnOutput(this, 'VaultArn', { value: this.vault.backupVaultArn, description: 'Vault of the cross-region backup copies' });
    new CfnOutput(this, 'KeyArn', { value: this.key.key.keyArn, description: `DR key, alias ${names.keyAlias}` });
  }
}
