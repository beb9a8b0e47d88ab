import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { HipaaBucket } from '../../constructs/bucket';
import { HipaaKey } from '../../constructs/key';

/** Props of {@link PhiStorageStack}. */
export interface PhiStorageStackProps extends StackProps {
  /**
   * Object Lock for the PHI bucket.
   * @default - none
   */
  readonly objectLock?: import('../../constructs/bucket').HipaaBucketObjectLock;
}

/**
 * The smallest useful PHI store: a customer-managed key and a HipaaBucket
 * encrypted with it (with its access-log bucket).
 */
export class PhiStorageStack extends Stack {
  public readonly key: HipaaKey;
  public readonly phiBucket: HipaaBucket;

  constructor(scope: Construct, id: string, props: PhiStorageStackProps = {}) {
    super(scope, id, props);
    this.key = new HipaaKey(this, 'PhiKey', { alias: 'cdk-hipaa/phi' });
    this.phiBucket = new HipaaBucket(this, 'PhiBucket', { encryptionKey: this.key.key, objectLock: props.objectLock });
  }
}
