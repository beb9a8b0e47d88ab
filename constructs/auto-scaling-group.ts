import { Annotations, Duration, Tags } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { MIN_REASON_LENGTH, suppress } from '../lib/compliance/suppress';
import { autoScalingNotificationsStatement, autoScalingServiceLinkedRoleStatements } from '../lib/policies/kms-key-policy';
import { AGENT_METRICS_NAMESPACE, tierInstanceRole } from './auto-scaling-group/instance-role';
import { requireEncryptedTopic } from './encryption-checks';
import { subscribeOrWarn } from './internal/alarm-topic';
import {
  customerManagedKey, duration, emailCheck, hasMembers, instanceTypeCheck, list, logRetention, num, oneOf, PropChecks, reason, required, str, subnetSelection,
  topicCheck, validateProps, vpcCheck,
} from './validation';
import { HipaaKey } from './key';
import { HipaaLogGroup } from './log-group';
import { HipaaPermissionsBoundary } from './permissions-boundary';
import { allowVpcEndpointEgress } from './vpc/egress';
import { allowOnPort, requirePlacement } from './vpc/placement';
import { HipaaValidationError } from '../lib/errors';
import { httpsHealthServerCommands, HttpsHealthServerOptions } from './auto-scaling-group/health-server';
import { AutoScalingServiceLinkedRole } from './auto-scaling-group/service-linked-role';
import { DATA_CLASSIFICATION_TAG, PHI_CLASSIFICATION } from '../lib/vocabulary/data-classification';

/** Where instances run: on hardware dedicated to this account. */
export enum HipaaInstanceTenancy {
  /** Dedicated Instances: single-tenant hardware, placement by AWS. */
  DEDICATED = 'dedicated',
  /** Dedicated Hosts (needs host resource groups or allocated hosts). */
  HOST = 'host',
  /** Shared hardware: only with `sharedTenancyJustification`. */
  DEFAULT = 'default',
}

/** Props of {@link HipaaAutoScalingGroup}. */
export interface HipaaAutoScalingGroupProps {
  /** The VPC; instances go into its private subnets. */
  readonly vpc: ec2.IVpc;
  /**
   * Instance type. It must support dedicated tenancy (burstable T types do not).
   * @default m7g.large (Graviton)
   */
  readonly instanceType?: ec2.InstanceType;
  /**
   * Machine image.
   * @default - the newest Amazon Linux 2023 for the instance type's architecture, resolved at
   *   deploy time from the public SSM parameter (no lookup at synth)
   */
  readonly machineImage?: ec2.IMachineImage;
  /**
   * Tenancy. `DEFAULT` (shared hardware) is rejected unless `sharedTenancyJustification` says why.
   * @default HipaaInstanceTenancy.DEDICATED
   */
  readonly tenancy?: HipaaInstanceTenancy;
  /**
   * Why shared tenancy is acceptable here (at least 30 characters); becomes the reason of
   * the `HipaaGap-DedicatedTenancy` acknowledgement. Only with `tenancy: DEFAULT`.
   * @default - none; shared tenancy is rejected
   */
  readonly sharedTenancyJustification?: string;
  /**
   * Subnets of the instances. Public subnets are rejected.
   * @default - the private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Lowest number of instances (at least 1).
   * @default 2
   */
  readonly minCapacity?: number;
  /**
   * Highest number of instances.
   * @default 4
   */
  readonly maxCapacity?: number;
  /**
   * Initial number of instances.
   * @default - minCapacity
   */
  readonly desiredCapacity?: number;
  /**
   * Customer-managed key of the EBS volumes. A key defined in this app gets the Auto Scaling
   * service-linked role added to its policy and waits for a custom resource that creates that role
   * when the account has none; an imported key must already allow it.
   * @default - a new HipaaKey
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Root volume size in GiB.
   * @default 30
   */
  readonly rootVolumeSize?: number;
  /**
   * Size in GiB of an encrypted data volume at /dev/sdf.
   * @default - no data volume
   */
  readonly dataVolumeSize?: number;
  /**
   * Port the instances serve HTTPS on (the load balancer's target port).
   * @default 443
   */
  readonly port?: number;
  /**
   * Commands run at first boot, before the CloudWatch agent is installed from the package
   * repositories (so a server they start answers health checks even when the repositories are
   * slow or unreachable). Use it to install the application and its certificate (see
   * {@link HipaaAutoScalingGroup.selfSignedCertificateCommands} and
   * {@link HipaaAutoScalingGroup.httpsHealthServerCommands}).
   * @default - none
   */
  readonly userDataCommands?: string[];
  /**
   * Time an instance gets to boot before failed load balancer health checks count.
   * @default Duration.minutes(5)
   */
  readonly healthCheckGracePeriod?: Duration;
  /**
   * Topic for scaling events (launch, terminate and their failures), e.g. the stack's alarm topic,
   * whose subscribers are managed where it is. A topic defined in this app must have a KMS key, and
   * that key's policy gets the Auto Scaling service-linked role (Auto Scaling publishes with it); an
   * imported topic's key must already admit that role (README, "Alarm destination").
   * @default - a new topic encrypted with the key, HTTPS-only publishing, `notificationEmails` subscribed
   */
  readonly notificationsTopic?: sns.ITopic;
  /**
   * Email addresses subscribed to the new scaling-event topic (each confirms by email); not with
   * `notificationsTopic`.
   * @default - none; without `notificationsNoSubscriberReason`, synth warns that launch and
   *   terminate failures reach nobody
   */
  readonly notificationEmails?: string[];
  /**
   * Why the new scaling-event topic needs no email subscriber here (e.g. an on-call tool
   * subscribes to `notificationsTopic` outside this app); not with `notificationsTopic`.
   * @default - warn when `notificationEmails` is empty
   */
  readonly notificationsNoSubscriberReason?: string;
  /**
   * Files the CloudWatch agent ships to the tier's log group (one stream per instance and file).
   * @default ['/var/log/cloud-init-output.log', '/var/log/amazon/ssm/amazon-ssm-agent.log']
   */
  readonly agentLogFiles?: string[];
  /**
   * Retention of the tier's log group: six years or longer.
   * @default logs.RetentionDays.SIX_YEARS
   */
  readonly logRetention?: logs.RetentionDays;
}

/** Every prop's type and AWS limit; cross-prop rules follow in the constructor. */
const PROP_CHECKS: Partial<PropChecks<HipaaAutoScalingGroupProps>> = {
  vpc: required(vpcCheck()),
  instanceType: instanceTypeCheck(),
  machineImage: hasMembers('an ec2.IMachineImage, e.g. ec2.MachineImage.latestAmazonLinux2023()', 'getImage'),
  tenancy: oneOf(Object.values(HipaaInstanceTenancy), 'HipaaInstanceTenancy.DEDICATED (the default) or HOST; DEFAULT only with sharedTenancyJustification'),
  sharedTenancyJustification: reason('HipaaGap-DedicatedTenancy'),
  vpcSubnets: subnetSelection(),
  // The Auto Scaling API takes 32-bit integers; the account's instance quota is the practical limit.
  minCapacity: num({ integer: true, min: 1, max: 2147483647 }),
  maxCapacity: num({ integer: true, min: 1, max: 2147483647 }),
  desiredCapacity: num({ integer: true, min: 1, max: 2147483647 }),
  encryptionKey: customerManagedKey(),
  // gp3 volumes: 1 to 16,384 GiB (https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html).
  rootVolumeSize: num({ integer: true, min: 1, max: 16384, unit: 'GiB' }),
  dataVolumeSize: num({ integer: true, min: 1, max: 16384, unit: 'GiB' }),
  port: num({ integer: true, min: 1, max: 65535 }),
  userDataCommands: list(str(), { what: 'shell commands (one string per command)' }),
  healthCheckGracePeriod: duration({ unit: 'seconds', min: 0, whole: true }),
  notificationsTopic: topicCheck(),
  notificationEmails: list(emailCheck(), { what: 'email addresses' }),
  notificationsNoSubscriberReason: reason('notificationsNoSubscriberReason'),
  agentLogFiles: list(str({ pattern: /^\/\S+$/, rule: 'an absolute file path without spaces', example: '/var/log/app.log' }), { what: 'absolute file paths' }),
  logRetention: logRetention(),
};

const DEFAULT_AGENT_LOG_FILES = ['/var/log/cloud-init-output.log', '/var/log/amazon/ssm/amazon-ssm-agent.log'];

/**
 * An Auto Scaling group of instances on dedicated hardware: a launch template
 * with dedicated tenancy, IMDSv2 required (hop limit 1), EBS volumes encrypted
 * with a customer-managed key, no key pair and no public IP (access through
 * SSM Session Manager), detailed monitoring, private subnets, load-balancer
 * health checks, rolling updates, and a security group that admits only peers
 * given to {@link allowFrom} on the HTTPS port and sends only to the VPC's
 * endpoints (no internet egress). §164.312(a)(1), (e)(1).
 */
export class HipaaAutoScalingGroup extends Construct implements ec2.IConnectable {
  /**
   * Shell commands that create a self-signed certificate for the instance's HTTPS server
   * (the ALB accepts self-signed certificates on targets and still encrypts the hop).
   * @param directory where `server.key` and `server.crt` are written
   */
  public static selfSignedCertificateCommands(directory = '/etc/pki/tls/private/app'): string[] {
    return [
      `install -d -m 0700 ${directory}`,
      `openssl req -x509 -newkey rsa:2048 -sha256 -days 825 -nodes -subj "/CN=$(hostname -f)" ` +
        `-keyout ${directory}/server.key -out ${directory}/server.crt`,
      `chmod 0600 ${directory}/server.key`,
    ];
  }

  /**
   * Shell commands that install and start a minimal HTTPS server answering `GET /health` with 200,
   * from the Python 3.9 every Amazon Linux 2023 image ships (no package to install), with the
   * certificate of {@link selfSignedCertificateCommands}: instances pass the load balancer's health
   * check as deployed. A placeholder: the application replaces it (stop and disable
   * `cdk-hipaa-health.service` when it takes the port).
   */
  public static httpsHealthServerCommands(options: HttpsHealthServerOptions = {}): string[] {
    return httpsHealthServerCommands(options);
  }

  /** The Auto Scaling group. */
  public readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  /** The launch template. */
  public readonly launchTemplate: ec2.LaunchTemplate;
  /** The instance role (Session Manager and the CloudWatch agent to {@link logGroup}), bounded by HipaaPermissionsBoundary. */
  public readonly role: iam.Role;
  /** The tier's log group: the only one its instances may write to. */
  public readonly logGroup: logs.ILogGroup;
  /** The instances' security group. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The key of the EBS volumes. */
  public readonly key: kms.IKey;
  /** The user data; add commands with `addCommands`. */
  public readonly userData: ec2.UserData;
  /** Network connections of the instances. */
  public readonly connections: ec2.Connections;
  /** The HTTPS port of the instances. */
  public readonly port: number;
  /** Where scaling events are published. */
  public readonly notificationsTopic: sns.ITopic;

  constructor(scope: Construct, id: string, props: HipaaAutoScalingGroupProps) {
    super(scope, id);
    validateProps(this, props, PROP_CHECKS);
    const tenancy = props.tenancy ?? HipaaInstanceTenancy.DEDICATED;
    validateTenancy(this, tenancy, props.sharedTenancyJustification);
    const vpcSubnets = props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    requirePlacement(this, props.vpc, vpcSubnets, {
      tiers: ['private'], minAzs: 2, workload: 'instances handling PHI',
      why: 'the public tier is for load balancers; the isolated tier\'s network ACL admits only database ports, so instances there lose Session Manager and their logs',
      fix: '{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } (the default), behind a load balancer',
    });
    const { min, max, desired } = validateCapacity(this, props);
    this.port = props.port ?? 443;
    const instanceType = props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE);
    if (tenancy !== HipaaInstanceTenancy.DEFAULT && /^t\d/.test(instanceType.toString())) {
      throw new HipaaValidationError(this, 'instanceType', 'INCONSISTENT', `instanceType ${instanceType} is burstable; T instances cannot run with ${tenancy} tenancy. ` +
        'Use a general-purpose type such as m7g.large.');
    }

    const hipaaKey = props.encryptionKey ? undefined : new HipaaKey(this, 'Key', { description: `cdk-hipaa key for the EBS volumes of ${this.node.path}` });
    this.key = props.encryptionKey ?? hipaaKey!.key;
    for (const statement of autoScalingServiceLinkedRoleStatements()) this.key.addToResourcePolicy(statement);
    // The key policy names the Auto Scaling service-linked role, which a fresh account does not have yet:
    // a key defined in this app waits for the custom resource that makes sure it exists (in the key's stack).
    if (this.key instanceof kms.Key) this.key.node.addDependency(AutoScalingServiceLinkedRole.of(this.key).resource);

    this.logGroup = new HipaaLogGroup(this, 'Logs', { retention: props.logRetention }).logGroup;
    this.role = tierInstanceRole(this, this.logGroup).role;
    HipaaPermissionsBoundary.applyTo(this);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${this.node.path}: HTTPS ${this.port} from the tier above only; egress HTTPS to the VPC endpoints only`,
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(this.port) });
    // SSM, CloudWatch Logs, KMS and the Amazon Linux repositories (S3), through the VPC endpoints only: no internet.
    allowVpcEndpointEgress(props.vpc, this, this, 'HTTPS to the VPC endpoints (SSM, Logs, KMS, package repositories in S3)');

    this.userData = ec2.UserData.forLinux();
    // The caller's commands (certificate, server) first: the agent comes from the package repositories, and a
    // server that waits for them fails every health check while they are slow or unreachable.
    this.userData.addCommands('set -euo pipefail', ...(props.userDataCommands ?? []),
      ...cloudWatchAgentCommands(this.logGroup.logGroupName, props.agentLogFiles ?? DEFAULT_AGENT_LOG_FILES));

    this.launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      instanceType,
      machineImage: props.machineImage ?? ec2.MachineImage.latestAmazonLinux2023({
        cpuType: instanceType.architecture === ec2.InstanceArchitecture.ARM_64 ? ec2.AmazonLinuxCpuType.ARM_64 : ec2.AmazonLinuxCpuType.X86_64,
      }),
      role: this.role,
      securityGroup: this.securityGroup,
      userData: this.userData,
      requireImdsv2: true,
      httpTokens: ec2.LaunchTemplateHttpTokens.REQUIRED,
      httpPutResponseHopLimit: 1,
      detailedMonitoring: true,
      associatePublicIpAddress: false,
      blockDevices: blockDevices(this.key, props.rootVolumeSize ?? 30, props.dataVolumeSize),
    });
    // The L2 has no tenancy prop: set it on the template data (the gap rule verifies the result).
    (this.launchTemplate.node.defaultChild as ec2.CfnLaunchTemplate).addPropertyOverride('LaunchTemplateData.Placement.Tenancy', tenancy);

    this.notificationsTopic = props.notificationsTopic ? this.givenNotificationsTopic(props) : this.scalingEventsTopic(props);
    this.autoScalingGroup = new autoscaling.AutoScalingGroup(this, 'Group', {
      vpc: props.vpc,
      vpcSubnets,
      launchTemplate: this.launchTemplate,
      minCapacity: min,
      maxCapacity: max,
      desiredCapacity: desired,
      healthChecks: autoscaling.HealthChecks.withAdditionalChecks({
        additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB],
        gracePeriod: props.healthCheckGracePeriod ?? Duration.minutes(5),
      }),
      // CloudFormation requires MinInstancesInService < MaxSize to replace one instance at a time.
      updatePolicy: autoscaling.UpdatePolicy.rollingUpdate({ maxBatchSize: 1, minInstancesInService: Math.min(min, max - 1) }),
      groupMetrics: [autoscaling.GroupMetrics.all()],
      notifications: [{ topic: this.notificationsTopic, scalingEvents: autoscaling.ScalingEvents.ALL }],
    });
    // The group's Availability Zones stated beside its subnets (Control Tower CT.AUTOSCALING.PR.1 reads this list): the
    // zones of the selected subnets, so they agree with VPCZoneIdentifier as CloudFormation and Auto Scaling require
    // ("If you specify VPCZoneIdentifier with AvailabilityZones, the subnets that you specify must reside in those
    // Availability Zones": https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-autoscaling-autoscalinggroup.html,
    // https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html).
    (this.autoScalingGroup.node.defaultChild as autoscaling.CfnAutoScalingGroup).availabilityZones = subnetZones(props.vpc, vpcSubnets);
    if (tenancy === HipaaInstanceTenancy.DEFAULT) {
      suppress(this.autoScalingGroup, 'HipaaGap-DedicatedTenancy', props.sharedTenancyJustification!);
    }
    Tags.of(this).add(DATA_CLASSIFICATION_TAG, PHI_CLASSIFICATION);
  }

  /**
   * The caller's topic (e.g. the stack's alarm topic): encrypted, and its key admits the Auto Scaling
   * service-linked role, which publishes the notifications. That role's policy allows sns:Publish
   * (https://docs.aws.amazon.com/autoscaling/ec2/userguide/autoscaling-service-linked-role.html) but no
   * customer-managed key, and a publisher to an encrypted topic must be allowed kms:GenerateDataKey* and
   * kms:Decrypt on its key (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html), so the key
   * policy names the role; the topic policy needs nothing: same-account IAM allows it, and Auto Scaling
   * publishes over TLS.
   */
  private givenNotificationsTopic(props: HipaaAutoScalingGroupProps): sns.ITopic {
    const topic = props.notificationsTopic!;
    const subscribing = props.notificationEmails?.length ? 'notificationEmails' : props.notificationsNoSubscriberReason !== undefined ? 'notificationsNoSubscriberReason' : undefined;
    if (subscribing) {
      throw new HipaaValidationError(this, subscribing, 'INCONSISTENT', `${subscribing} is ${JSON.stringify(props[subscribing])} while notificationsTopic is given; ` +
        'subscribe people where notificationsTopic is managed and drop it, or leave notificationsTopic out to get a new topic.');
    }
    requireEncryptedTopic(this, 'notificationsTopic', topic);
    const key = topic.masterKey;
    if (!(topic.node.defaultChild instanceof sns.CfnTopic)) {
      Annotations.of(this).addInfo('notificationsTopic is imported: its key policy must let the Auto Scaling service-linked role ' +
        '(AWSServiceRoleForAutoScaling) use it (kms:Decrypt, kms:GenerateDataKey*), or scaling events are dropped (README, "Alarm destination").');
    } else if (key && key !== this.key) {
      key.addToResourcePolicy(autoScalingNotificationsStatement());
      // The statement names the service-linked role, which KMS refuses before it exists (see AutoScalingServiceLinkedRole).
      if (key instanceof kms.Key) key.node.addDependency(AutoScalingServiceLinkedRole.of(key).resource);
    }
    return topic;
  }

  /** A new topic under the volumes' key (whose policy already admits the service-linked role), subscribed or warned about. */
  private scalingEventsTopic(props: HipaaAutoScalingGroupProps): sns.Topic {
    const topic = new sns.Topic(this, 'ScalingEvents', {
      displayName: `Scaling events of ${this.node.path}`,
      masterKey: this.key,
      enforceSSL: true,
    });
    subscribeOrWarn(this, topic, {
      emails: { propName: 'notificationEmails', addresses: props.notificationEmails ?? [] },
      noSubscriberReason: props.notificationsNoSubscriberReason,
    });
    return topic;
  }

  /**
   * Admits `peer` on the HTTPS port, and nothing else.
   * @param peer the tier above: a load balancer or another connectable, or a CIDR peer
   */
  public allowFrom(peer: ec2.IConnectable | ec2.IPeer, description = 'HTTPS from the tier above'): void {
    allowOnPort(this.connections, peer, this.port, description);
  }
}

/**
 * The distinct Availability Zones of the selected subnets, in subnet order (tokens such as
 * `Fn::Select` of `Fn::GetAZs` in an environment-agnostic stack compare by their string form).
 * requirePlacement has already refused a selection in fewer than two zones.
 */
function subnetZones(vpc: ec2.IVpc, selection: ec2.SubnetSelection): string[] {
  return [...new Set(vpc.selectSubnets(selection).subnets.map((s) => s.availabilityZone))];
}

function blockDevices(key: kms.IKey, rootSize: number, dataSize: number | undefined): ec2.BlockDevice[] {
  const volume = (size: number) => ec2.BlockDeviceVolume.ebs(size, {
    encrypted: true, kmsKey: key, volumeType: ec2.EbsDeviceVolumeType.GP3, deleteOnTermination: true,
  });
  const devices: ec2.BlockDevice[] = [{ deviceName: '/dev/xvda', volume: volume(rootSize) }];
  if (dataSize !== undefined) devices.push({ deviceName: '/dev/sdf', volume: volume(dataSize) });
  return devices;
}

function validateTenancy(scope: Construct, tenancy: HipaaInstanceTenancy, justification: string | undefined): void {
  if (tenancy !== HipaaInstanceTenancy.DEFAULT) {
    if (justification !== undefined) {
      throw new HipaaValidationError(scope, 'sharedTenancyJustification', 'INCONSISTENT', `sharedTenancyJustification is set but tenancy is '${tenancy}'; remove the justification.`);
    }
    return;
  }
  if ((justification ?? '').trim().length < MIN_REASON_LENGTH) {
    throw new HipaaValidationError(scope, 'tenancy', 'WEAKENS_SAFEGUARD', `tenancy 'default' puts PHI workloads on shared hardware; keep the default ` +
      `(dedicated), or give sharedTenancyJustification (at least ${MIN_REASON_LENGTH} characters) for the auditor.`);
  }
}

function validateCapacity(scope: Construct, props: HipaaAutoScalingGroupProps): { min: number; max: number; desired?: number } {
  const min = props.minCapacity ?? 2;
  const max = props.maxCapacity ?? Math.max(4, min);
  const desired = props.desiredCapacity;
  const ok = Number.isInteger(min) && Number.isInteger(max) && min >= 1 && max >= min &&
    (desired === undefined || (Number.isInteger(desired) && desired >= min && desired <= max));
  if (!ok) {
    throw new HipaaValidationError(scope, 'capacity', 'OUT_OF_RANGE', `capacity min=${min}, desired=${desired ?? '-'}, max=${max} is invalid; ` +
      'use whole numbers with 1 <= minCapacity <= desiredCapacity <= maxCapacity.');
  }
  return { min, max, desired };
}

/**
 * Installs the CloudWatch agent and starts it with a configuration that ships
 * the given files to the tier's log group and memory/disk metrics to the CWAgent
 * namespace: the only log group and namespace the instance role may write to.
 * The agent creates no log group and sets no retention (it has no permission to).
 */
function cloudWatchAgentCommands(logGroupName: string, files: string[]): string[] {
  const config = {
    agent: { metrics_collection_interval: 60, run_as_user: 'root' },
    logs: { logs_collected: { files: { collect_list: files.map((file) => ({
      file_path: file, log_group_name: logGroupName, log_stream_name: `{instance_id}${file}`, retention_in_days: -1,
    })) } } },
    metrics: {
      namespace: AGENT_METRICS_NAMESPACE,
      append_dimensions: { AutoScalingGroupName: '${aws:AutoScalingGroupName}', InstanceId: '${aws:InstanceId}' },
      metrics_collected: { mem: { measurement: ['mem_used_percent'] }, disk: { measurement: ['used_percent'], resources: ['/'] } },
    },
  };
  const path = '/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json';
  return [
    'dnf -y install amazon-cloudwatch-agent',
    `cat > ${path} <<'HIPAA_AGENT_CONFIG'`,
    JSON.stringify(config),
    'HIPAA_AGENT_CONFIG',
    `/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:${path}`,
  ];
}
