import { Annotations, CfnOutput, CfnParameter, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { HipaaAutoScalingGroup } from '../../constructs/auto-scaling-group';
import { HipaaBackupPlan, HipaaVaultLock } from '../../constructs/backup-plan';
import { HipaaRestoreTesting } from '../../constructs/backup-plan/restore-testing';
import { HipaaBucket } from '../../constructs/bucket';
import { HipaaDatabase, HipaaDatabaseEngine } from '../../constructs/database';
import { HipaaKey } from '../../constructs/key';
import { HipaaLoadBalancer } from '../../constructs/load-balancer';
import { HipaaRedshiftCluster, REDSHIFT_DEFAULT_PORT } from '../../constructs/redshift-cluster';
import { HipaaUserPool } from '../../constructs/user-pool';
import { HipaaTable } from '../../constructs/table';
import { HipaaVpc } from '../../constructs/vpc';
import type { HipaaTeardown } from '../../constructs/teardown';
import { MIN_REASON_LENGTH, nagBucketArn, suppress } from '../compliance/suppress';
import { HipaaValidationError } from '../errors';
import { encryptedAlarmTopic, existingAlarmTopic } from '../../constructs/internal/alarm-topic';
import { notifyOnEveryState } from '../alarms/alarm-actions';
import { alarmEmailsOrParameter, existingAlarmTopicOf } from '../alarms/alarm-destination';
import { DisasterRecoveryNames } from './disaster-recovery/names';
import { FunctionDeadLetters } from '../../constructs/internal/function-dead-letters';
import { certificateExpiryAlarm, portalAliasRecord, portalCertificate } from './three-tier/portal-certificate';

/** Id of the synth warning of a ThreeTierStack without restore tests (acknowledged by `restoreTestingDisabledReason`). */
export const RESTORE_TESTING_OFF_WARNING = 'cdk-hipaa:restoreTestingOff';

/** The application's database, created at launch. */
const APP_DATABASE = 'records';
/** The database user the app tier connects as (IAM authentication). */
const APP_DATABASE_USER = 'app';
/**
 * Services that use the data key on a caller's behalf: RDS (storage, snapshots, Performance
 * Insights), DynamoDB, S3 (PHI objects; EMR reads them through S3), Secrets Manager (the master
 * secret) and AWS Backup (copies of all three).
 */
export const DATA_KEY_SERVICES = ['rds', 'dynamodb', 's3', 'secretsmanager', 'backup'];

/**
 * First-boot commands of the web and app instances: a self-signed certificate for the load balancer's
 * HTTPS hop and the placeholder HTTPS /health server, so both tiers are healthy as deployed. Your
 * application replaces the server (README, "Where your application goes").
 */
function tierCommands(): string[] {
  return [...HipaaAutoScalingGroup.selfSignedCertificateCommands(), ...HipaaAutoScalingGroup.httpsHealthServerCommands()];
}

/** Size of a tier's Auto Scaling group. */
export interface TierCapacity {
  /** Lowest number of instances. */
  readonly min: number;
  /** Highest number of instances. */
  readonly max: number;
}

/** Props of {@link ThreeTierStack}. */
export interface ThreeTierStackProps extends StackProps {
  /**
   * ARN of an ACM certificate (this region) you already have, which both load balancers present;
   * point `domainName` at the public load balancer yourself. Not with `hostedZoneId`.
   * @default - the stack issues a DNS-validated ACM certificate for `domainName` in `hostedZoneId`
   */
  readonly certificateArn?: string;
  /**
   * Public DNS name of the portal: the name of the certificate the stack issues (without
   * `certificateArn`), of the alias record to the public load balancer, and of the sign-in
   * callback.
   * @default - a `DomainName` CloudFormation parameter without default; none with `certificateArn`
   */
  readonly domainName?: string;
  /**
   * Route 53 public hosted zone of this account that holds `domainName`: CloudFormation writes the
   * certificate's DNS validation record there (ACM renews the certificate while it stays) and the
   * stack adds an alias record pointing `domainName` at the public load balancer. Not with
   * `certificateArn`.
   * @default - a `HostedZoneId` CloudFormation parameter without default, unless `certificateArn` is given
   */
  readonly hostedZoneId?: string;
  /**
   * Instance type of the web tier.
   * @default m7g.large
   */
  readonly webInstanceType?: ec2.InstanceType;
  /**
   * Instance type of the app tier.
   * @default m7g.large
   */
  readonly appInstanceType?: ec2.InstanceType;
  /**
   * Web tier capacity.
   * @default { min: 2, max: 4 }
   */
  readonly webCapacity?: TierCapacity;
  /**
   * App tier capacity.
   * @default { min: 2, max: 4 }
   */
  readonly appCapacity?: TierCapacity;
  /**
   * Database engine.
   * @default HipaaDatabaseEngine.postgres()
   */
  readonly databaseEngine?: HipaaDatabaseEngine;
  /**
   * Port of the database: not the engine's default, so the default-port controls (AwsSolutions-RDS11,
   * Control Tower CT.RDS.PR.20) pass; the data tier's network ACL admits only this port (and Redshift's
   * with `analytics`). A stack deployed before this prop existed listened on the engine's default: pass
   * that port to keep it, since changing the port restarts the database and changes every connection string.
   * @default - the engine's default port + 1 (5433 for PostgreSQL)
   */
  readonly databasePort?: number;
  /**
   * Emails subscribed to the operational alarms (named like HipaaBaselineStack's and
   * HipaaTrail's prop).
   * @default - an `AlarmEmail` CloudFormation parameter without default: deploying needs one
   */
  readonly alarmEmails?: string[];
  /**
   * Email subscribed to the operational alarms.
   * @deprecated use `alarmEmails` (this single-address name stays so existing apps keep working)
   * @default - an `AlarmEmail` CloudFormation parameter without default: deploying needs one
   */
  readonly alarmEmail?: string;
  /**
   * An existing topic that receives the operational alarms and the restore-test results
   * instead of a new alarm topic (no topic, no alarm key and no `AlarmEmail` parameter are
   * created), e.g. the organization's on-call topic by `sns.Topic.fromTopicArn`, in this stack's
   * region. Its owner must let CloudWatch alarms and EventBridge rules of this account publish to
   * it and use its KMS key (README, "Alarm destination"); a topic defined in this app gets the
   * CloudWatch grants here. Not with `alarmEmails` / `alarmEmail`.
   * @default - a new topic encrypted with its own key (`alarmKey`), the alarm emails subscribed
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * `alarmTopic` by ARN (e.g. from context), imported into this stack: checked at synth to be a
   * standard SNS topic ARN in this stack's region (when the region is known; a token passes).
   * @default - `alarmTopic`
   */
  readonly alarmTopicArn?: string;
  /**
   * Vault lock of the backup vault: AWS Backup refuses recovery points kept shorter than
   * `minRetention` and any deletion before their retention ends. Governance mode (removable
   * only with backup:DeleteBackupVaultLockConfiguration, which raises an alarm) unless
   * `changeableFor` is set, after which it is immutable.
   * @default { minRetention: Duration.days(35) } (the daily retention)
   */
  readonly vaultLock?: HipaaVaultLock;
  /**
   * Why this deployment runs no weekly restore test (at least 30 characters), e.g. a short-lived
   * non-production stack whose backups are never restored. The restore tests exercise the
   * contingency plan (§164.308(a)(7)(ii)(D)); without them, this reason is the acknowledgement of
   * the `cdk-hipaa:restoreTestingOff` synth warning, visible in the evidence report.
   * @default - restore tests on: every Sunday the latest recovery point of the records table and of
   *   the PHI bucket is restored, kept 24 hours and deleted; each result reaches the alarm topic
   */
  readonly restoreTestingDisabledReason?: string;
  /**
   * The disaster-recovery region's names (a DisasterRecoveryStack deployed first creates the
   * resources): the PHI bucket replicates to its replica bucket there, the records table is a
   * global table with a replica there (DR key), and every recovery point (database, table,
   * bucket) is copied to its vault there.
   * @default - no disaster-recovery copies outside this region
   */
  readonly disasterRecovery?: DisasterRecoveryNames;
  /**
   * Non-production only: both load balancers and the database without deletion protection, so
   * `cdk destroy` and the rollback of a failed first create remove them (the database's final
   * snapshot is still taken). The reason acknowledges the findings this raises.
   * @default - protected: deleting the stack fails until protection is turned off by hand (README, Teardown)
   */
  readonly teardown?: HipaaTeardown;
  /**
   * Prefix of the Cognito-hosted sign-in domain of the public portal
   * (`<prefix>.auth.<region>.amazoncognito.com`), unique in the Region.
   * @default - a `SignInDomainPrefix` CloudFormation parameter, filled in at deploy time
   */
  readonly signInDomainPrefix?: string;
  /**
   * Add the analytics tier: a `HipaaRedshiftCluster` (2 × ra3.large, isolated tier) that the app
   * tier may query on 5439. Billed by the node-hour while it exists (about $0.54 per node-hour
   * on demand in us-east-1, so about $790 a month for two nodes, plus managed storage).
   * @default false
   */
  readonly analytics?: boolean;
}

/**
 * The reference three-tier application, composed only of the library's
 * constructs: internet → WAF → public HTTPS ALB → web tier → internal HTTPS
 * ALB → app tier → RDS and DynamoDB in the isolated tier; a PHI bucket; one
 * backup plan over every data store; alarms on 5xx, target health and the
 * database. Each security group admits only the tier above.
 */
export class ThreeTierStack extends Stack {
  public readonly network: HipaaVpc;
  public readonly publicLoadBalancer: HipaaLoadBalancer;
  public readonly internalLoadBalancer: HipaaLoadBalancer;
  public readonly web: HipaaAutoScalingGroup;
  public readonly app: HipaaAutoScalingGroup;
  public readonly database: HipaaDatabase;
  public readonly table: HipaaTable;
  public readonly phiBucket: HipaaBucket;
  public readonly backupPlan: HipaaBackupPlan;
  /** The weekly restore tests of the table and the PHI bucket; undefined with `restoreTestingDisabledReason`. */
  public readonly restoreTesting?: HipaaRestoreTesting;
  /** Key of the PHI stores (database, table, bucket, master secret, envelope encryption). */
  public readonly dataKey: HipaaKey;
  /** Key of the database's exported logs. */
  public readonly logKey: HipaaKey;
  /** Key of the new operational alarm topic; undefined when the `alarmTopic` prop gives one. */
  public readonly alarmKey?: HipaaKey;
  /** The topic the operational alarms notify: the new one, or the `alarmTopic` prop. */
  public readonly alarmTopic: sns.ITopic;
  /** Alarm while the load balancers' certificate is close to expiry (failed renewal, or an imported certificate). */
  public readonly certificateExpiryAlarm: cloudwatch.Alarm;
  /** The people who sign in to the public portal (MFA required). */
  public readonly users: HipaaUserPool;
  /** The analytics warehouse, when `analytics` is on. */
  public readonly warehouse?: HipaaRedshiftCluster;

  /** Export name of the PHI bucket's ARN (for `Fn.importValue` in analytics stacks). */
  public get phiBucketExportName(): string {
    return `${this.stackName}-PhiBucketArn`;
  }

  /** Export name of the data key's ARN. */
  public get dataKeyExportName(): string {
    return `${this.stackName}-DataKeyArn`;
  }

  constructor(scope: Construct, id: string, props: ThreeTierStackProps = {}) {
    super(scope, id, props);
    const portal = portalCertificate(this, props);
    const certificate = portal.certificate;

    // The data tier's network ACL admits only the ports of the data stores this stack holds.
    const engine = props.databaseEngine ?? HipaaDatabaseEngine.postgres();
    const databasePort = props.databasePort ?? engine.port + 1;
    this.network = new HipaaVpc(this, 'Network', { databasePorts: [databasePort, ...(props.analytics ? [REDSHIFT_DEFAULT_PORT] : [])] });
    // Keys as narrow as their data: PHI stores, their logs, and operational alarms each have their own key.
    this.dataKey = new HipaaKey(this, 'DataKey', { alias: `cdk-hipaa/${id}/data`, description: 'Three-tier reference: PHI data stores' });
    this.logKey = new HipaaKey(this, 'LogKey', { alias: `cdk-hipaa/${id}/logs`, description: 'Three-tier reference: database logs' });

    // The alarm destination first: the tiers' scaling events (launch and terminate failures) go to it as well.
    const existingTopic = existingAlarmTopicOf(this, props, { alarmEmails: props.alarmEmails, alarmEmail: props.alarmEmail });
    if (existingTopic) {
      this.alarmTopic = existingAlarmTopic(this, props.alarmTopic ? 'alarmTopic' : 'alarmTopicArn', existingTopic);
    } else {
      this.alarmKey = new HipaaKey(this, 'AlarmKey', { alias: `cdk-hipaa/${id}/alarms`, description: 'Three-tier reference: operational alarm notifications' });
      // Each address is checked under the prop it came from; with none, the AlarmEmail parameter (deploying needs a person).
      const emails = [
        ...props.alarmEmails?.length ? [{ propName: 'alarmEmails', addresses: props.alarmEmails }] : [],
        ...props.alarmEmail !== undefined ? [{ propName: 'alarmEmail', addresses: [props.alarmEmail] }] : [],
      ];
      this.alarmTopic = encryptedAlarmTopic(this, 'AlarmTopic', {
        key: this.alarmKey.key, displayName: `Operational alarms of ${id}`,
        emails: emails.length > 0 ? emails : { propName: 'alarmEmails', addresses: alarmEmailsOrParameter(this, undefined) },
      });
    }

    this.publicLoadBalancer = new HipaaLoadBalancer(this, 'PublicAlb', { vpc: this.network.vpc, certificate, internetFacing: true, teardown: props.teardown });
    this.web = new HipaaAutoScalingGroup(this, 'Web', {
      vpc: this.network.vpc, instanceType: props.webInstanceType,
      minCapacity: props.webCapacity?.min, maxCapacity: props.webCapacity?.max,
      userDataCommands: tierCommands(), notificationsTopic: this.alarmTopic,
    });
    // The public portal signs people in (MFA) at the load balancer before any request reaches the web tier.
    const signInDomainPrefix = props.signInDomainPrefix ?? new CfnParameter(this, 'SignInDomainPrefix', {
      type: 'String',
      description: 'Prefix of the Cognito-hosted sign-in domain (<prefix>.auth.<region>.amazoncognito.com), unique in the Region',
      allowedPattern: '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$',
    }).valueAsString;
    this.users = new HipaaUserPool(this, 'Users', { domainPrefix: signInDomainPrefix });
    const webTargets = this.publicLoadBalancer.addTargets('Web', {
      targets: [this.web.autoScalingGroup], authenticate: this.users, authenticationDomainName: portal.domainName,
    });

    this.internalLoadBalancer = new HipaaLoadBalancer(this, 'InternalAlb', { vpc: this.network.vpc, certificate, teardown: props.teardown });
    this.internalLoadBalancer.allowFrom(this.web.autoScalingGroup);
    this.app = new HipaaAutoScalingGroup(this, 'App', {
      vpc: this.network.vpc, instanceType: props.appInstanceType,
      minCapacity: props.appCapacity?.min, maxCapacity: props.appCapacity?.max,
      userDataCommands: tierCommands(), notificationsTopic: this.alarmTopic,
    });
    const appTargets = this.internalLoadBalancer.addTargets('App', { targets: [this.app.autoScalingGroup] });

    this.database = new HipaaDatabase(this, 'Database', {
      vpc: this.network.vpc, engine, port: databasePort, encryptionKey: this.dataKey.key, logEncryptionKey: this.logKey.key, databaseName: APP_DATABASE,
      teardown: props.teardown,
    });
    this.database.allowFrom(this.app.autoScalingGroup, 'App tier');
    this.table = new HipaaTable(this, 'Records', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      encryptionKey: this.dataKey.key,
      replicas: props.disasterRecovery && [props.disasterRecovery.tableReplica()],
    });
    this.phiBucket = new HipaaBucket(this, 'PhiObjects', {
      encryptionKey: this.dataKey.key,
      replication: props.disasterRecovery?.replicationTo('phi'),
    });
    this.grantAppTier();
    // The data key serves the PHI stores through their services, and the app tier directly (envelope encryption);
    // nobody else may use it, whatever IAM says (the EMR nodes decrypt through S3).
    this.dataKey.restrictUse({ viaServices: DATA_KEY_SERVICES, principals: [this.app.role] });
    if (props.analytics) {
      // Its own key (a key per data store class): the warehouse's grants and log groups stay off the data key's policy.
      this.warehouse = new HipaaRedshiftCluster(this, 'Warehouse', { vpc: this.network.vpc });
      this.warehouse.allowFrom(this.app.autoScalingGroup, 'App tier');
    }

    this.backupPlan = new HipaaBackupPlan(this, 'Backup', {
      resources: [this.database, this.table, this.phiBucket],
      vaultLock: props.vaultLock ?? { minRetention: Duration.days(35) },
      copyTo: props.disasterRecovery && { backupVaultArn: props.disasterRecovery.backupVaultArn },
    });

    this.addAlarms(webTargets, appTargets);
    this.restoreTesting = this.addRestoreTesting(props.restoreTestingDisabledReason);
    // Events the stack's functions (custom resources) drop after Lambda's retries reach the same topic.
    FunctionDeadLetters.routeTo(this, this.alarmTopic);

    this.certificateExpiryAlarm = certificateExpiryAlarm(this, certificate, this.alarmTopic);
    const alias = portalAliasRecord(this, portal, this.publicLoadBalancer.loadBalancer);
    new CfnOutput(this, 'PublicLoadBalancerDns', {
      value: this.publicLoadBalancer.loadBalancer.loadBalancerDnsName,
      description: alias ? 'Public HTTPS endpoint (the portal\'s name is an alias of it)' : portal.domainName ? `Point ${portal.domainName} here (CNAME or alias)` : 'Public HTTPS endpoint',
    });
    new CfnOutput(this, 'DatabaseUser', {
      value: APP_DATABASE_USER,
      description: `App tier database user: connect to ${APP_DATABASE} on port ${databasePort} with an IAM authentication token (rds generate-db-auth-token) over TLS`,
    });
    new CfnOutput(this, 'PhiBucketArn', { value: this.phiBucket.bucket.bucketArn, exportName: this.phiBucketExportName });
    new CfnOutput(this, 'DataKeyArn', { value: this.dataKey.key.keyArn, exportName: this.dataKeyExportName, description: 'Key of the PHI stores; also for cdk-hipaa/envelope in the app tier' });
  }

  /**
   * The contingency plan exercised (§164.308(a)(7)(ii)(D)): every week the latest table and PHI bucket
   * recovery points are restored, kept a day for validation and deleted; each restore job's result reaches
   * the alarm topic. Turned off only with a reason, which acknowledges a synth warning that says so.
   */
  private addRestoreTesting(disabledReason: string | undefined): HipaaRestoreTesting | undefined {
    if (disabledReason === undefined) {
      return new HipaaRestoreTesting(this, 'RestoreTesting', {
        vault: this.backupPlan.vault,
        role: this.backupPlan.role,
        targets: [
          { resourceType: 'DynamoDB', resourceArns: [this.table.table.tableArn] },
          { resourceType: 'S3', resourceArns: [this.phiBucket.bucket.bucketArn] },
        ],
        topic: this.alarmTopic,
      });
    }
    if (disabledReason.trim().length < MIN_REASON_LENGTH) {
      throw new HipaaValidationError(this, 'restoreTestingDisabledReason', 'WEAKENS_SAFEGUARD', `restoreTestingDisabledReason is '${disabledReason}'; ` +
        `leave it out to keep the weekly restore tests, or say in at least ${MIN_REASON_LENGTH} characters why nobody needs to know that the backups restore.`);
    }
    Annotations.of(this).addWarningV2(RESTORE_TESTING_OFF_WARNING, `${this.node.path}: restore testing is off (restoreTestingDisabledReason): ` +
      'nothing shows that the backups of the table and the PHI bucket can be restored.');
    suppress(this, RESTORE_TESTING_OFF_WARNING, disabledReason);
    return undefined;
  }

  /** The app tier reads and writes PHI objects and records, and uses the data key, through a customer-managed policy. */
  private grantAppTier(): void {
    const policy = new iam.ManagedPolicy(this, 'AppTierDataPolicy', {
      description: 'App tier: PHI objects, records table, data key (envelope encryption)',
      roles: [this.app.role],
      statements: [
        new iam.PolicyStatement({ sid: 'PhiObjects', actions: ['s3:GetObject', 's3:PutObject'], resources: [this.phiBucket.bucket.arnForObjects('*')] }),
        new iam.PolicyStatement({ sid: 'PhiObjectList', actions: ['s3:ListBucket'], resources: [this.phiBucket.bucket.bucketArn] }),
        new iam.PolicyStatement({
          sid: 'Records',
          actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'],
          resources: [this.table.table.tableArn],
        }),
        new iam.PolicyStatement({
          sid: 'DataKey',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
          resources: [this.dataKey.key.keyArn],
        }),
      ],
    });
    // The app connects as its own database user with an IAM token (no password, never the
    // master secret): rds-db:connect for that one user, which the database creates with DML only.
    this.database.grantConnect(this.app.role, APP_DATABASE_USER, { privileges: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] });
    suppress(policy, `AwsSolutions-IAM5[Resource::${nagBucketArn(this, this.phiBucket.bucket)}/*]`,
      'The app tier stores and reads PHI objects by key inside this one bucket; object names are generated per record at run time.');
  }

  private addAlarms(webTargets: elbv2.ApplicationTargetGroup, appTargets: elbv2.ApplicationTargetGroup): void {
    const alarm = (id: string, description: string, metric: cloudwatch.IMetric, threshold: number,
      comparison = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD) => {
      const a = new cloudwatch.Alarm(this, id, {
        alarmDescription: description, metric, threshold, evaluationPeriods: 3, datapointsToAlarm: 2,
        comparisonOperator: comparison, treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      notifyOnEveryState(a, this.alarmTopic);
      return a;
    };
    const fiveMinutes = { period: Duration.minutes(5), statistic: 'Sum' };
    for (const [name, lb] of [['Public', this.publicLoadBalancer], ['Internal', this.internalLoadBalancer]] as const) {
      alarm(`${name}Alb5xx`, `${name} ALB returned 5xx responses`, lb.loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, fiveMinutes), 10);
      alarm(`${name}AlbTarget5xx`, `${name} ALB targets returned 5xx responses`, lb.loadBalancer.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, fiveMinutes), 10);
    }
    for (const [name, tg] of [['Web', webTargets], ['App', appTargets]] as const) {
      alarm(`${name}UnhealthyTargets`, `${name} tier has unhealthy targets`, tg.metrics.unhealthyHostCount({ period: Duration.minutes(1), statistic: 'Maximum' }), 1);
    }
    const instanceId = this.database.instance?.instanceIdentifier;
    if (instanceId) {
      const dbMetric = (metricName: string, statistic: string) => new cloudwatch.Metric({
        namespace: 'AWS/RDS', metricName, dimensionsMap: { DBInstanceIdentifier: instanceId }, period: Duration.minutes(5), statistic,
      });
      alarm('DatabaseCpu', 'Database CPU above 80%', dbMetric('CPUUtilization', 'Average'), 80);
      alarm('DatabaseFreeStorage', 'Database free storage below 10 GiB', dbMetric('FreeStorageSpace', 'Minimum'), 10 * 1024 ** 3,
        cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD);
    }
  }
}
