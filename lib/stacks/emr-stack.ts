import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { HipaaEmrCluster, HipaaEmrKerberos } from '../../constructs/emr-cluster';
import { HipaaVpc } from '../../constructs/vpc';
import { DisasterRecoveryNames } from './disaster-recovery/names';
import type { HipaaTeardown } from '../../constructs/teardown';
import { HipaaValidationError } from '../errors';
import { alarmEmailsOrParameter, existingAlarmTopicOf, ExistingAlarmTopicProps } from '../alarms/alarm-destination';

/** Props of {@link EmrStack}. */
export interface EmrStackProps extends StackProps, ExistingAlarmTopicProps {
  /**
   * Buckets of PHI the cluster reads, by ARN (and the ARN of the key that encrypts each),
   * e.g. `Fn.importValue` of the three-tier stack's exports. ARNs rather than bucket
   * objects keep the stacks loosely coupled and the policy statements predictable.
   * @default - none
   */
  readonly dataSources?: Array<{ readonly bucketArn: string; readonly keyArn?: string }>;
  /**
   * Number of core nodes.
   * @default 2
   */
  readonly coreInstanceCount?: number;
  /**
   * Kerberos with a cluster-dedicated KDC (who ran a job is a Kerberos principal, not only an
   * IAM identity).
   * @default - a cluster-dedicated KDC of realm EC2.INTERNAL whose administrator password is
   *   generated into Secrets Manager and passed to EMR by dynamic reference
   */
  readonly kerberos?: HipaaEmrKerberos;
  /**
   * The disaster-recovery region's names: the artifacts bucket replicates to its `emr` replica there.
   * @default - no disaster-recovery copies outside this region
   */
  readonly disasterRecovery?: DisasterRecoveryNames;
  /**
   * Non-production only: the cluster without termination protection, so `cdk destroy` and the
   * rollback of a failed first create remove it. The reason acknowledges the findings this raises.
   * @default - protected: deleting the stack fails until protection is turned off by hand (README, Teardown)
   */
  readonly teardown?: HipaaTeardown;
  /**
   * Emails told before the cluster's node certificates expire (a new topic; not with
   * `alarmTopic` / `alarmTopicArn`).
   * @default - an `AlarmEmail` CloudFormation parameter with no default: the stack cannot be
   *   deployed without someone who receives the notice
   */
  readonly alarmEmails?: string[];
  /**
   * ARN of the customer-managed key of an existing alarm topic (`alarmTopic` / `alarmTopicArn`)
   * that is encrypted: the expiry notice's role may use it through SNS. The key's policy must
   * let the account's IAM policies grant it (the default key policy does).
   * @default - the existing topic is not encrypted with a customer-managed key
   */
  readonly alarmTopicKeyArn?: string;
}

/**
 * PHI analytics: a HipaaEmrCluster in its own dedicated-tenancy HipaaVpc (no
 * Lambda runs in it), reading the given PHI buckets, with Kerberos (a
 * cluster-dedicated KDC) and a notice to a person before its certificates expire.
 */
export class EmrStack extends Stack {
  public readonly network: HipaaVpc;
  public readonly cluster: HipaaEmrCluster;

  constructor(scope: Construct, id: string, props: EmrStackProps = {}) {
    super(scope, id, props);
    // The notice goes to an existing topic (its subscribers managed where it is), or to a new one with emails.
    const existingTopic = existingAlarmTopicOf(this, props, { alarmEmails: props.alarmEmails });
    if (!existingTopic && props.alarmTopicKeyArn !== undefined) {
      throw new HipaaValidationError(this, 'alarmTopicKeyArn', 'INCONSISTENT', `alarmTopicKeyArn is '${props.alarmTopicKeyArn}' without alarmTopic or alarmTopicArn; ` +
        'pass the topic it encrypts, or remove it.');
    }
    // A separate address range, so the VPC can later be peered with the three-tier VPC.
    this.network = new HipaaVpc(this, 'Network', { cidr: '10.1.0.0/16', instanceTenancy: ec2.DefaultInstanceTenancy.DEDICATED });
    this.cluster = new HipaaEmrCluster(this, 'Analytics', {
      vpc: this.network.vpc,
      dataBuckets: (props.dataSources ?? []).map((source, i) => s3.Bucket.fromBucketAttributes(this, `DataSource${i}`, {
        bucketArn: source.bucketArn,
        encryptionKey: source.keyArn ? kms.Key.fromKeyArn(this, `DataSourceKey${i}`, source.keyArn) : undefined,
      })),
      coreInstanceCount: props.coreInstanceCount,
      artifactsBucketReplication: props.disasterRecovery?.replicationTo('emr'),
      teardown: props.teardown,
      kerberos: props.kerberos ?? { realm: 'EC2.INTERNAL' },
      ...(existingTopic
        ? { alarmTopic: existingTopic, alarmTopicKey: props.alarmTopicKeyArn ? kms.Key.fromKeyArn(this, 'AlarmTopicKey', props.alarmTopicKeyArn) : undefined }
        : { alarmEmails: alarmEmailsOrParameter(this, props.alarmEmails) }),
    });
  }
}
