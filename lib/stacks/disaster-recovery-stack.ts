import { CfnOutput, Stack, StackProps, Token } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { HipaaBucket, HipaaBucketObjectLock } from '../../constructs/bucket';
import { HipaaKey } from '../../constructs/key';
import { suppress } from '../compliance/suppress';
import { HipaaValidationError } from '../errors';
import { DisasterRecoveryNames } from './disaster-recovery/names';

export { DisasterRecoveryNames };
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
    new CfnOutput(this, 'KeyArn', { value: this.key.key.keyArn, description: `DR key, alias ${names.keyAlias}` });
  }
}
