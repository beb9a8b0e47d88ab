import { Aws, Token } from 'aws-cdk-lib';
import { HipaaBucketReplication } from '../../../constructs/bucket/replication';
import { HipaaTableReplica } from '../../../constructs/table/replicas';
import { HipaaValidationError } from '../../errors';

/** Props of {@link DisasterRecoveryNames}. */
export interface DisasterRecoveryNamesProps {
  /** The disaster-recovery region, a literal such as `us-west-2`. */
  readonly region: string;
  /**
   * Start of every name, 3 to 20 lower-case letters, digits and '-'. One prefix per application
   * and account: two apps with the same prefix would share the DR key and collide on bucket names.
   * @default 'cdk-hipaa'
   */
  readonly prefix?: string;
}

/**
 * The names the primary stacks and the disaster-recovery stack agree on ahead of deployment.
 * CloudFormation cannot pass a value from a stack in one region to a stack in another, and the
 * primary stacks stay environment-agnostic (no account id at synth), so each side builds the same
 * names from the prefix, the DR region and the `AWS::AccountId` of the account it is deployed to
 * (both sides deploy to the same account). Bucket names are global, hence account and region in them.
 */
export class DisasterRecoveryNames {
  /** The disaster-recovery region. */
  public readonly region: string;
  /** The prefix of every name. */
  public readonly prefix: string;

  constructor(props: DisasterRecoveryNamesProps) {
    const prefix = props.prefix ?? 'cdk-hipaa';
    if (Token.isUnresolved(props.region) || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(props.region)) {
      throw new HipaaValidationError(undefined, 'region', 'INVALID_VALUE',
        `region is '${props.region}'; give the disaster-recovery region as a literal, e.g. 'us-west-2'.`);
    }
    if (Token.isUnresolved(prefix) || !/^[a-z0-9][a-z0-9-]{1,18}[a-z0-9]$/.test(prefix)) {
      throw new HipaaValidationError(undefined, 'prefix', 'INVALID_VALUE',
        `prefix is '${prefix}'; use 3 to 20 lower-case letters, digits and '-' (it starts bucket names and the key alias).`);
    }
    this.region = props.region;
    this.prefix = prefix;
  }

  /**
   * Name of the replica bucket of one source bucket: `<prefix>-<purpose>-<account>-<region>`.
   * @param purpose what the bucket holds, 2 to 10 lower-case letters and digits, e.g. `phi`, `trail`
   */
  public replicaBucketName(purpose: string): string {
    if (!/^[a-z0-9]{2,10}$/.test(purpose)) {
      throw new HipaaValidationError(undefined, 'purpose', 'INVALID_VALUE', `purpose is '${purpose}'; use 2 to 10 lower-case letters and digits, e.g. 'phi'.`);
    }
    return `${this.prefix}-${purpose}-${Aws.ACCOUNT_ID}-${this.region}`;
  }

  /**
   * Replication of a source bucket to its replica `purpose` in the DR region, encrypted with the DR key.
   * @param purpose as given to the DisasterRecoveryStack's `replicas`
   */
  public replicationTo(purpose: string): HipaaBucketReplication {
    return { destinationBucketName: this.replicaBucketName(purpose), destinationRegion: this.region, destinationKeyArn: this.keyAliasArn };
  }

  /**
   * The replica of a HipaaTable in the DR region, encrypted with the DR key (DynamoDB accepts an
   * alias ARN as a replica's KMSMasterKeyId).
   */
  public tableReplica(): HipaaTableReplica {
    return { region: this.region, keyArn: this.keyAliasArn };
  }

  /** Alias of the DR region's customer-managed key, `alias/<prefix>/disaster-recovery`. */
  public get keyAlias(): string {
    return `alias/${this.prefix}/disaster-recovery`;
  }

  /** ARN of that alias in the DR region of this account (S3 replication and AWS Backup accept alias ARNs). */
  public get keyAliasArn(): string {
    return `arn:${Aws.PARTITION}:kms:${this.region}:${Aws.ACCOUNT_ID}:${this.keyAlias}`;
  }

  /** Name of the DR region's backup vault that receives the cross-region copies. */
  public get backupVaultName(): string {
    return `${this.prefix}-disaster-recovery`;
  }

  /** ARN of that vault. */
  public get backupVaultArn(): string {
    return `arn:${Aws.PARTITION}:backup:${this.region}:${Aws.ACCOUNT_ID}:backup-vault:${this.backupVaultName}`;
  }
}
