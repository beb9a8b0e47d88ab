import { ArnFormat, Aws, Duration, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { suppress } from '../lib/compliance/suppress';
import { encryptedAlarmTopic, existingAlarmTopic } from './internal/alarm-topic';
import { cloudTrailStatements } from '../lib/policies/kms-key-policy';
import { cloudTrailDeliveryStatements, cloudTrailDigestWrites } from '../lib/policies/s3-bucket-policy';
import { denyKeyDeletionStatement, keyDeletionRoleArn } from '../lib/policies/key-deletion';
import { denyEvidenceDeletionStatement } from '../lib/policies/evidence-deletion';
import { HipaaBucket, HipaaBucketObjectLock } from './bucket';
import { HipaaBucketReplication } from './bucket/replication';
import { SIX_YEARS, requireAtLeast } from './retention';
import { HipaaKey } from './key';
import { HipaaLogGroup } from './log-group';
import { HipaaPermissionsBoundary } from './permissions-boundary';
import { CIS_MONITORING_CONTROLS, CisMonitoringControl } from './trail/cis-alarms';
import { AUDIT_MONITORING_CONTROLS } from './trail/audit-alarms';
import { notifyOnEveryState } from '../lib/alarms/alarm-actions';
import { TrailDataEvents } from './trail/data-events';
import { HipaaValidationError } from '../lib/errors';
import { AUDIT_LOG_CLASSIFICATION } from '../lib/vocabulary/data-classification';
import { customerManagedKey, emailCheck, hasMembers, list, logRetention, objectLockCheck, reason, str, topicCheck, validateProps } from './validation';

export { CIS_MONITORING_CONTROLS, AUDIT_MONITORING_CONTROLS, TrailDataEvents };
export type { CisMonitoringControl };
export type { TrailDataEventSelection } from './trail/data-events';

/** Value of the trail bucket's `DataClassification` tag: audit records, not a PHI store of the workload. */
export const TRAIL_BUCKET_CLASSIFICATION = AUDIT_LOG_CLASSIFICATION;

/** Namespace of the CIS metric filters. */
export const CIS_METRIC_NAMESPACE = 'CdkHipaa/CloudTrail';

/** Props of {@link HipaaTrail}. */
export interface HipaaTrailProps {
  /**
   * Trail name (part of the ARN the key and bucket policies are bound to).
   * @default 'cdk-hipaa-trail'
   */
  readonly trailName?: string;
  /**
   * Key that encrypts the log files, the CloudWatch log group and the new alarm topic (not an `alarmTopic` given).
   * A key defined in this app gets the CloudTrail, CloudWatch Logs and CloudWatch alarm
   * statements; an imported key must already have them.
   * @default - a new HipaaKey
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Retention of the CloudWatch copy of the events, six years or longer.
   * @default logs.RetentionDays.SIX_YEARS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * The S3 objects and DynamoDB tables whose data-plane reads and writes are recorded
   * (data events, advanced event selectors). Data events are billed per event: see the
   * README's audit model for the cost.
   * @default TrailDataEvents.allBucketsAndTables() - every bucket and table of the account but the trail's own bucket
   */
  readonly dataEvents?: TrailDataEvents;
  /**
   * S3 Object Lock (WORM) of the log files: every log file version is kept unchanged for the
   * retention. GOVERNANCE (the default) would let a principal with `s3:BypassGovernanceRetention`
   * remove a lock: the bucket policy denies that, deleting a log file and changing a retention or
   * legal hold to every principal but the break-glass role (`cdk-hipaa-key-deletion-<region>`),
   * and the trail records those calls on its own bucket with an alarm
   * (TrailLogFileDeletionOrRetentionChange), as it alarms on `PutBucketObjectLockConfiguration`;
   * COMPLIANCE lets nobody, not even the root user, delete or overwrite a log file before its
   * retention ends (and the bucket cannot be emptied until then): choose it once the
   * retention is settled. Object Lock can only be chosen when the bucket is created.
   * @default { mode: s3.ObjectLockMode.GOVERNANCE, retention: SIX_YEARS }
   */
  readonly logFileLock?: HipaaBucketObjectLock;
  /**
   * Replication of the log bucket to the disaster-recovery region (the replica needs Object Lock
   * like this bucket).
   * @default - no replication
   */
  readonly logBucketReplication?: HipaaBucketReplication;
  /**
   * An existing topic the alarms notify instead of a new one (e.g. the organization's on-call
   * topic, `sns.Topic.fromTopicArn`). A topic defined in this app must have a KMS key; it gets
   * the CloudWatch grants on its policy and key. An imported topic cannot be changed here: its
   * owner must let CloudWatch of this account publish and use its key (README, "Alarm destination").
   * @default - a new topic encrypted with `encryptionKey`, `alarmEmails` subscribed
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Email addresses subscribed to the new alarm topic (each confirms by email); not with
   * `alarmTopic`, whose subscribers are managed where it is.
   * @default - none; subscribe to `alarmTopic` yourself
   */
  readonly alarmEmails?: string[];
  /**
   * Why the alarm topic needs no email subscriber here (e.g. an on-call tool subscribes to
   * `alarmTopic` outside this app). Without emails and without it, synth warns.
   * @default - warn when `alarmEmails` is empty
   */
  readonly alarmNoSubscriberReason?: string;
}

/**
 * A multi-region CloudTrail trail with global service events and log file
 * validation, encrypted with a customer-managed key (key policy as CloudTrail
 * requires), delivered to a KMS-encrypted HipaaBucket (bucket policy as
 * CloudTrail requires) and to a HipaaLogGroup kept six years; management
 * events read and write, S3 object and DynamoDB item reads and writes (every
 * bucket and table of the account by default); CIS metric filters with
 * alarms to a KMS-encrypted SNS topic. §164.312(b).
 */
export class HipaaTrail extends Construct {
  /** The trail. */
  public readonly trail: cloudtrail.CfnTrail;
  /** The trail's ARN. */
  public readonly trailArn: string;
  /** The key. */
  public readonly key: kms.IKey;
  /** The bucket receiving the log files. */
  public readonly bucket: s3.Bucket;
  /** The log group receiving the events. */
  public readonly logGroup: logs.LogGroup;
  /** The topic the CIS alarms notify: the new one, or the `alarmTopic` prop. */
  public readonly alarmTopic: sns.ITopic;
  /** What the trail records data events for. */
  public readonly dataEvents: TrailDataEvents;
  /** The CIS alarms, by metric name. */
  public readonly alarms: Record<string, cloudwatch.Alarm> = {};

  constructor(scope: Construct, id: string, props: HipaaTrailProps = {}) {
    super(scope, id);
    validateProps(this, props, {
      trailName: str({ literalBecause: 'the key policy and the trail ARN name the trail' }),
      encryptionKey: customerManagedKey(),
      logRetention: logRetention(),
      dataEvents: hasMembers('a TrailDataEvents, e.g. TrailDataEvents.allBucketsAndTables()', '_selectors'),
      logFileLock: objectLockCheck(2192, 'HIPAA keeps audit records six years'),
      alarmTopic: topicCheck(),
      alarmEmails: list(emailCheck(), { what: 'email addresses' }),
      alarmNoSubscriberReason: reason('alarmNoSubscriberReason'),
    });
    const trailName = props.trailName ?? 'cdk-hipaa-trail';
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/.test(trailName) || /[._-]{2}/.test(trailName)) {
      throw new HipaaValidationError(this, 'trailName', 'INVALID_VALUE', `trailName '${trailName}' is not a valid trail name; use 3 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit.`);
    }
    const stack = Stack.of(this);
    this.trailArn = stack.formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: trailName });

    this.key = props.encryptionKey ?? new HipaaKey(this, 'Key', { description: `cdk-hipaa key for trail ${trailName}` }).key;
    for (const statement of cloudTrailStatements(this.trailArn)) this.key.addToResourcePolicy(statement);
    // Deleting this key would make every log file unreadable: only the break-glass role may schedule it.
    this.key.addToResourcePolicy(denyKeyDeletionStatement());

    if (props.logFileLock) {
      requireAtLeast(this, 'logFileLock.retention', props.logFileLock.retention, SIX_YEARS, 'HIPAA keeps audit records six years');
    }
    // Object Lock with CloudTrail delivery: https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html
    // (default retention applies to each delivered version; lifecycle transitions to Glacier still apply).
    this.bucket = new HipaaBucket(this, 'Logs', {
      encryptionKey: this.key,
      // Audit records, not a PHI store of the workload: the gate accepts this classification because the trail below delivers here.
      dataClassification: TRAIL_BUCKET_CLASSIFICATION,
      objectLock: props.logFileLock ?? { mode: s3.ObjectLockMode.GOVERNANCE, retention: SIX_YEARS },
      // Digest files are SSE-S3 even on an SSE-KMS trail (AWS documentation cited at cloudTrailDigestWrites).
      _sseS3ServiceWrites: cloudTrailDigestWrites(this.trailArn, [Aws.ACCOUNT_ID]),
      replication: props.logBucketReplication,
    }).bucket;
    for (const statement of cloudTrailDeliveryStatements(this.bucket, this.trailArn)) this.bucket.addToResourcePolicy(statement);
    // GOVERNANCE lets any s3:BypassGovernanceRetention holder delete a log file early: nobody but the break-glass role
    // (the one the key policy names) may delete, bypass, or change a retention or legal hold (HipaaGap-CloudTrailLogBucketDeletionDenied).
    this.bucket.addToResourcePolicy(denyEvidenceDeletionStatement(this.bucket, keyDeletionRoleArn()));

    this.logGroup = new HipaaLogGroup(this, 'Events', { encryptionKey: this.key, retention: props.logRetention }).logGroup;
    const delivery = this.cloudWatchDelivery();

    this.dataEvents = props.dataEvents ?? TrailDataEvents.allBucketsAndTables();
    this.trail = new cloudtrail.CfnTrail(this, 'Trail', {
      trailName,
      isLogging: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      kmsKeyId: this.key.keyArn,
      s3BucketName: this.bucket.bucketName,
      cloudWatchLogsLogGroupArn: this.logGroup.logGroupArn,
      cloudWatchLogsRoleArn: delivery.role.roleArn,
      // Advanced selectors: the only way to record every bucket but one (NotStartsWith).
      advancedEventSelectors: [...this.dataEvents._selectors(this, this.bucket), logBucketTamperingSelector(this.bucket)],
    });
    // CloudTrail validates bucket, key and the CloudWatch Logs role (with its permissions) when the trail is
    // created and fails with InsufficientS3BucketPolicy / InsufficientEncryptionPolicy / InvalidCloudWatchLogsRoleArn:
    // https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html (Errors). The role's policy
    // is a separate resource, so the trail waits for it too, not only for the role.
    this.trail.node.addDependency(this.bucket.policy!, this.key, delivery.role, delivery.policy);

    // Subscribers of a topic given by the caller are managed where the topic is: a prop that subscribes here contradicts it.
    const subscribing = props.alarmEmails?.length ? 'alarmEmails' : props.alarmNoSubscriberReason !== undefined ? 'alarmNoSubscriberReason' : undefined;
    if (props.alarmTopic && subscribing) {
      throw new HipaaValidationError(this, subscribing, 'INCONSISTENT', `${subscribing} is ${JSON.stringify(props[subscribing])} while alarmTopic is given; ` +
        'subscribe people where alarmTopic is managed and drop it, or leave alarmTopic out to get a new topic.');
    }
    this.alarmTopic = props.alarmTopic ? existingAlarmTopic(this, 'alarmTopic', props.alarmTopic) : encryptedAlarmTopic(this, 'AlarmTopic', {
      key: this.key, displayName: `Security alarms of trail ${trailName}`, emails: { propName: 'alarmEmails', addresses: props.alarmEmails ?? [] },
      noSubscriberReason: props.alarmNoSubscriberReason,
    });
    for (const control of [...CIS_MONITORING_CONTROLS, ...AUDIT_MONITORING_CONTROLS]) this.addMonitoringAlarm(control);
    this.addMonitoringAlarm({
      name: 'TrailLogFileDeletionOrRetentionChange', control: 'cdk-hipaa',
      description: 'A log file of this trail was deleted, or its retention or legal hold was changed (only the break-glass role can)',
      pattern: `{ ($.eventSource = s3.amazonaws.com) && ($.requestParameters.bucketName = "${this.bucket.bucketName}") && `
        + `(${LOG_BUCKET_TAMPERING_EVENTS.map((n) => `($.eventName = ${n})`).join(' || ')}) }`,
    });
  }

  private addMonitoringAlarm(control: CisMonitoringControl): void {
    const filter = new logs.MetricFilter(this, `${control.name}Filter`, {
      logGroup: this.logGroup,
      filterPattern: logs.FilterPattern.literal(control.pattern),
      metricNamespace: CIS_METRIC_NAMESPACE,
      metricName: control.name,
      metricValue: '1',
    });
    const alarm = new cloudwatch.Alarm(this, `${control.name}Alarm`, {
      alarmDescription: control.control === 'cdk-hipaa' ? `${control.description} (audit control change)` : `${control.description} (CIS / Security Hub ${control.control})`,
      metric: filter.metric({ statistic: 'Sum', period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    notifyOnEveryState(alarm, this.alarmTopic);
    this.alarms[control.name] = alarm;
  }

  /**
   * The role CloudTrail assumes to write into the log group: this trail only, this group only
   * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html).
   */
  private cloudWatchDelivery(): { role: iam.Role; policy: iam.ManagedPolicy } {
    const role = new iam.Role(this, 'CloudWatchDeliveryRole', {
      description: 'CloudTrail delivery to its encrypted log group',
      assumedBy: new iam.ServicePrincipal('cloudtrail.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceArn': this.trailArn } },
      }),
    });
    HipaaPermissionsBoundary.applyTo(role);
    const streams = Stack.of(this).formatArn({
      service: 'logs', resource: 'log-group', arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      resourceName: `${this.logGroup.logGroupName}:log-stream:${Stack.of(this).account}_CloudTrail_*`,
    });
    const policy = new iam.ManagedPolicy(this, 'CloudWatchDeliveryPolicy', {
      description: 'CloudTrail: write events to one log group',
      roles: [role],
      statements: [new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [streams] })],
    });
    suppress(policy, `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:<${Stack.of(this).getLogicalId(this.logGroup.node.defaultChild as logs.CfnLogGroup)}>:log-stream:<AWS::AccountId>_CloudTrail_*]`,
      'CloudTrail names one stream per region (<account>_CloudTrail_<region>); the wildcard covers only those streams of this trail\'s log group.');
    return { role, policy };
  }
}

/** Data events on the trail's own bucket that change or remove evidence (each needs the break-glass role). */
const LOG_BUCKET_TAMPERING_EVENTS = ['DeleteObject', 'DeleteObjects', 'PutObjectRetention', 'PutObjectLegalHold'];

/**
 * The trail's own bucket is left out of the object data events (CloudTrail's deliveries would each
 * be an event of the next one), except the few calls that remove a log file or change its lock.
 * CloudTrail delivers with PutObject only, so this selector records none of its own deliveries and
 * cannot loop; S3 Lifecycle expiry is not an API request and is not recorded either
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-and-other-bucket-config.html).
 * The ARN prefix is the bucket ARN without the slash, so a DeleteObjects event (which carries no
 * object keys: https://docs.aws.amazon.com/AmazonS3/latest/userguide/logging-with-S3.html) matches
 * whichever form its resource takes; the alarm's filter matches the bucket name exactly.
 */
function logBucketTamperingSelector(bucket: s3.IBucket): cloudtrail.CfnTrail.AdvancedEventSelectorProperty {
  return {
    name: 'Trail bucket: log file deletions, retention and legal hold changes',
    fieldSelectors: [
      { field: 'eventCategory', equalTo: ['Data'] },
      { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
      { field: 'eventName', equalTo: LOG_BUCKET_TAMPERING_EVENTS },
      { field: 'resources.ARN', startsWith: [bucket.bucketArn] },
    ],
  };
}
