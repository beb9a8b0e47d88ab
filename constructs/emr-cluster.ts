import * as path from 'path';
import { Annotations, Aws, CustomResource, Duration, SecretValue, Stack, Tags, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as emr from 'aws-cdk-lib/aws-emr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { encryptedAlarmTopic } from './internal/alarm-topic';
import { nagBucketArn, suppress, suppressHipaaAndNist } from '../lib/compliance/suppress';
import { HardenedFunction } from './internal/hardened-function';
import { HipaaBucket } from './bucket';
import { HipaaBucketReplication } from './bucket/replication';
import { MAX_VALIDITY_DAYS, REMINDER_DAYS } from './emr-cluster/limits';
import { applicationKind, EMR_BATCH_APPLICATIONS, EMR_INTERACTIVE_APPLICATIONS } from '../lib/vocabulary/emr-applications';
import { certificateExpiryNotice } from './emr-cluster/expiry-notice';
import { MIN_REASON_LENGTH } from '../lib/compliance/reason';
import { HipaaKey } from './key';
import { HipaaPermissionsBoundary } from './permissions-boundary';
import { FunctionDeadLetters } from './internal/function-dead-letters';
import { requirePlacement } from './vpc/placement';
import {
  bucketCheck, customerManagedKey, duration, emailCheck, hasMembers, instanceTypeCheck, list, NAME_RULES, num, PropChecks, reason, required, shape, str,
  subnetSelection, topicCheck, validateProps, vpcCheck,
} from './validation';
import { HipaaValidationError } from '../lib/errors';
import { allowVpcEndpointEgress, declareEgress } from './vpc/egress';
import { emrSecurityGroupCleanup } from './emr-cluster/security-group-cleanup';
import { acknowledgeTeardown, HipaaTeardown, validateTeardown } from './teardown';
import { DATA_CLASSIFICATION_TAG, PHI_CLASSIFICATION } from '../lib/vocabulary/data-classification';
import { isSecretDynamicReference } from '../lib/vocabulary/dynamic-reference';

/** EMR's managed policy v2 acts only on resources carrying this tag. */
const EMR_MANAGED_TAG = 'for-use-with-amazon-emr-managed-policies';
const CERTIFICATE_PREFIX = 'tls';
const LOG_PREFIX = 'logs';

/** What a cluster without termination protection raises (acknowledged only for a teardown). */
const EMR_PROTECTION_RULES = ['HipaaGap-EmrTerminationProtection'];

/** A cluster-dedicated KDC for Kerberos authentication. */
export interface HipaaEmrKerberos {
  /** Kerberos realm, upper case, e.g. `EC2.INTERNAL` or your domain. */
  readonly realm: string;
  /**
   * Password of the KDC administrator as a reference CloudFormation resolves at deploy time,
   * `SecretValue.secretsManager('emr/kdc-admin')` or `SecretValue.ssmSecure('/emr/kdc-admin')`;
   * plain text and a CloudFormation parameter (`SecretValue.cfnParameter`) are rejected.
   * @default - a password generated into a Secrets Manager secret encrypted with the cluster
   *   key (`kdcAdminSecret`), passed to EMR by dynamic reference
   */
  readonly kdcAdminPassword?: SecretValue;
  /**
   * Lifetime of tickets issued by the KDC, in hours.
   * @default 24
   */
  readonly ticketLifetimeHours?: number;
}

/** Props of {@link HipaaEmrCluster}. */
export interface HipaaEmrClusterProps {
  /**
   * Replication of the artifacts bucket (certificates, step logs) to the disaster-recovery region.
   * @default - no replication
   */
  readonly artifactsBucketReplication?: HipaaBucketReplication;
  /** A VPC with dedicated instance tenancy (`HipaaVpc` with `instanceTenancy: DEDICATED`). */
  readonly vpc: ec2.IVpc;
  /**
   * Subnet selection; the cluster runs in the first selected subnet. Public subnets are rejected.
   * @default - the private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Cluster name.
   * @default - the construct path
   */
  readonly clusterName?: string;
  /**
   * EMR release.
   * @default 'emr-7.9.0'
   */
  readonly releaseLabel?: string;
  /**
   * Applications to install, from an allow-list: batch engines (`Hadoop`, `Spark`, `Hive`,
   * `Tez`, `Pig`, `HCatalog`, `Sqoop`, `Flink`, `HBase`, `Phoenix`, `ZooKeeper`, `Oozie`) and
   * interactive ones (`JupyterHub`, `JupyterEnterpriseGateway`, `Hue`, `Livy`, `Zeppelin`,
   * `Presto`, `Trino`), which open a notebook, a login page or a session service on the primary
   * node and are accepted only with `kerberos` and `interactiveApplicationsReason`. Other names
   * are rejected.
   * @default ['Hadoop', 'Spark']
   */
  readonly applications?: string[];
  /**
   * Why people need interactive applications on this PHI cluster (at least 30 characters);
   * required with any interactive application, shown as the acknowledgement of
   * HipaaGap-EmrInteractiveApplications.
   * @default - none; interactive applications are rejected
   */
  readonly interactiveApplicationsReason?: string;
  /**
   * Instance type of the primary node.
   * @default m5.xlarge
   */
  readonly primaryInstanceType?: ec2.InstanceType;
  /**
   * Instance type of the core nodes.
   * @default m5.xlarge
   */
  readonly coreInstanceType?: ec2.InstanceType;
  /**
   * Number of core nodes, at least 1.
   * @default 2
   */
  readonly coreInstanceCount?: number;
  /**
   * Customer-managed key for S3 (EMRFS), local disks, EBS volumes, the logs and the TLS material.
   * @default - a new HipaaKey
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Buckets holding the PHI the cluster reads (read-only access for the cluster nodes; their
   * keys get decrypt permission when the bucket knows its key).
   * @default - none
   */
  readonly dataBuckets?: s3.IBucket[];
  /**
   * How long the generated node certificates are valid, 1 to 825 days. Changing it issues new
   * certificates at the next deploy (and a new cluster: EMR reads them when nodes start).
   * @default Duration.days(365)
   */
  readonly certificateValidity?: Duration;
  /**
   * Renewal counter of the node certificates: increase it to issue new ones at the next deploy
   * (the security configuration, and so the cluster, is replaced; turn the cluster's termination
   * protection off first). The expiry notice says when.
   * @default 1
   */
  readonly certificateGeneration?: number;
  /**
   * How long before the certificates expire the alarm topic is told (1 to 825 whole days; the
   * notice comes at most half the validity early). The certificate resource answers every change
   * of its properties with new certificates, so changing this after the first deploy also renews
   * them (and replaces the cluster): choose it with the validity.
   * @default Duration.days(30)
   */
  readonly certificateExpiryWarning?: Duration;
  /**
   * Topic told before the certificates expire, e.g. the application's alarm topic.
   * @default - a new topic encrypted with a key of its own, `alarmEmails` subscribed
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * The customer-managed key of `alarmTopic`, when it is encrypted: the notice's role may use it,
   * through SNS only, to publish. Without it a notice to an encrypted topic would be refused.
   * @default - the topic is not encrypted with a customer-managed key
   */
  readonly alarmTopicKey?: kms.IKey;
  /**
   * Emails subscribed to the new alarm topic (refused with `alarmTopic`).
   * @default - none; synth warns unless `alarmNoSubscriberReason` says why
   */
  readonly alarmEmails?: string[];
  /**
   * Why the new alarm topic needs no email subscriber here.
   * @default - warn when `alarmEmails` is empty
   */
  readonly alarmNoSubscriberReason?: string;
  /**
   * Kerberos with a cluster-dedicated KDC. Without it users reach the cluster only through
   * IAM (EMR steps); there is no interactive access to nodes: no key pair, no public IP, no SSM
   * permissions, no open port, no interactive application.
   * @default - IAM-based access; requires no justification
   */
  readonly kerberos?: HipaaEmrKerberos;
  /**
   * Non-production only: let `cdk destroy` and the rollback of a failed first create delete
   * the cluster (termination protection off). The reason acknowledges the findings this raises and is noted at synth (info).
   * @default - protected: termination protection on, so a stack delete fails until it is turned off by hand
   */
  readonly teardown?: HipaaTeardown;
}

/** Every prop's type and AWS limit. */
const PROP_CHECKS: Partial<PropChecks<HipaaEmrClusterProps>> = {
  vpc: required(vpcCheck()),
  vpcSubnets: subnetSelection(),
  clusterName: str(NAME_RULES.emrCluster),
  releaseLabel: str(NAME_RULES.emrRelease),
  applications: list(str(NAME_RULES.emrApplication), { minItems: 1, what: "application names, e.g. ['Hadoop', 'Spark']" }),
  primaryInstanceType: instanceTypeCheck(),
  coreInstanceType: instanceTypeCheck(),
  // EMR instance groups take up to 256 instances per group request (a quota can be raised; the API field is an int).
  coreInstanceCount: num({ integer: true, min: 1, max: 2147483647 }),
  encryptionKey: customerManagedKey(),
  dataBuckets: list(bucketCheck(), { what: 's3.IBucket values' }),
  certificateValidity: duration({ unit: 'days', min: 1, max: MAX_VALIDITY_DAYS, whole: true, safeguard: 'the generated node certificates must expire' }),
  certificateGeneration: num({ integer: true, min: 1, max: 2147483647 }),
  certificateExpiryWarning: duration({ unit: 'days', min: 1, max: MAX_VALIDITY_DAYS, whole: true, safeguard: 'someone is told before the certificates expire' }),
  interactiveApplicationsReason: reason('HipaaGap-EmrInteractiveApplications'),
  alarmTopic: topicCheck(),
  alarmTopicKey: customerManagedKey(),
  alarmEmails: list(emailCheck(), { what: 'email addresses' }),
  alarmNoSubscriberReason: reason('alarmNoSubscriberReason'),
  kerberos: shape<HipaaEmrKerberos>({
    realm: required(str({ pattern: /^[A-Z0-9.-]+$/, rule: 'upper case letters, digits, dots and hyphens', example: 'EC2.INTERNAL', literalBecause: 'the realm is part of the security configuration' })),
    // Optional: without it the construct generates the password into Secrets Manager. A given one must be a reference
    // (validateKerberos refuses plain text, which would be written into the template).
    kdcAdminPassword: hasMembers("a SecretValue, e.g. SecretValue.secretsManager('emr/kdc-admin')", 'unsafeUnwrap'),
    ticketLifetimeHours: num({ integer: true, min: 1, max: 168, unit: 'hours' }),
  }),
};

/**
 * An EMR cluster for PHI analytics: dedicated-tenancy VPC, a security
 * configuration with at-rest encryption (EMRFS SSE-KMS, local disks and EBS
 * with the customer-managed key) and in-transit TLS whose certificates a
 * custom resource generates into a KMS-encrypted bucket, IMDSv2, logs
 * encrypted in that bucket, service and instance roles with least privilege,
 * no public IP, no key pair, termination protection. §164.312(a)(1), (e)(1).
 */
export class HipaaEmrCluster extends Construct {
  /** The cluster. */
  public readonly cluster: emr.CfnCluster;
  /** The security configuration. */
  public readonly securityConfiguration: emr.CfnSecurityConfiguration;
  /** The customer-managed key. */
  public readonly key: kms.IKey;
  /** The bucket of the logs and the TLS material. */
  public readonly artifactsBucket: s3.Bucket;
  /** The role EMR assumes. */
  public readonly serviceRole: iam.Role;
  /** The role of the cluster nodes. */
  public readonly instanceRole: iam.Role;
  /** The generated KDC administrator password (undefined without kerberos or with a given password). */
  public readonly kdcAdminSecret?: secretsmanager.ISecret;
  /** The topic told before the node certificates expire. */
  public readonly alarmTopic: sns.ITopic;
  /** When the node certificates expire (ISO 8601, resolved at deploy time). */
  public readonly certificateNotAfter: string;
  /** EMR-managed security groups (primary, core) and the service access group. */
  public readonly securityGroups: { readonly primary: ec2.SecurityGroup; readonly core: ec2.SecurityGroup; readonly serviceAccess: ec2.SecurityGroup };

  constructor(scope: Construct, id: string, props: HipaaEmrClusterProps) {
    super(scope, id);
    validateProps(this, props, PROP_CHECKS);
    requireDedicatedVpc(this, props.vpc);
    // The dedicated tier: the private subnets of a dedicated-tenancy VPC, with no route out but the endpoints.
    const subnets = requirePlacement(this, props.vpc, props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }, {
      tiers: ['private'], workload: 'an EMR cluster processing PHI', noInternetRoute: true,
      why: "EMR reaches its control plane and S3 through the private tier's endpoints; the isolated tier's network ACL admits only database ports",
      fix: '{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } (the default) of a HipaaVpc with dedicated tenancy',
    });
    const validityDays = validateCertificateDays(this, 'certificateValidity', props.certificateValidity ?? Duration.days(365));
    const coreCount = props.coreInstanceCount ?? 2;
    if (props.kerberos) validateKerberos(this, props.kerberos);
    const teardown = validateTeardown(this, 'teardown', props.teardown);
    const applications = validateApplications(this, props.applications ?? ['Hadoop', 'Spark'], props.kerberos, props.interactiveApplicationsReason);
    const generation = props.certificateGeneration ?? 1;
    if (!Number.isInteger(generation) || generation < 1) {
      throw new HipaaValidationError(this, 'certificateGeneration', 'OUT_OF_RANGE', `certificateGeneration is ${generation}; use a whole number of at least 1 (increase it to renew).`);
    }
    const warningDays = validateCertificateDays(this, 'certificateExpiryWarning', props.certificateExpiryWarning ?? Duration.days(30));

    this.key = props.encryptionKey ?? new HipaaKey(this, 'Key', { description: `cdk-hipaa key for EMR cluster ${this.node.path}` }).key;
    this.artifactsBucket = new HipaaBucket(this, 'Artifacts', { encryptionKey: this.key, replication: props.artifactsBucketReplication }).bucket;

    const certificates = this.certificateResource(validityDays, warningDays, generation);
    this.certificateNotAfter = certificates.getAttString('NotAfter');
    if (!props.alarmTopic && props.alarmTopicKey) {
      throw new HipaaValidationError(this, 'alarmTopicKey', 'INCONSISTENT', 'alarmTopicKey is set without alarmTopic; pass the topic it encrypts, or remove it.');
    }
    if (props.alarmTopic && (props.alarmEmails?.length || props.alarmNoSubscriberReason !== undefined)) {
      throw new HipaaValidationError(this, props.alarmEmails?.length ? 'alarmEmails' : 'alarmNoSubscriberReason', 'INCONSISTENT',
        `${props.alarmEmails?.length ? 'alarmEmails' : 'alarmNoSubscriberReason'} is set with alarmTopic, which gets no subscriber from this construct; ` +
        'subscribe people to that topic where it is created, or omit alarmTopic to get a new topic with these emails.');
    }
    let topicKey: kms.IKey | undefined = props.alarmTopicKey;
    if (props.alarmTopic) {
      this.alarmTopic = props.alarmTopic;
    } else {
      // A key of its own: whoever reads alarms needs no access to the cluster's PHI key.
      topicKey = new HipaaKey(this, 'AlarmKey', { description: `cdk-hipaa key for the alarm topic of EMR cluster ${this.node.path}` }).key;
      this.alarmTopic = encryptedAlarmTopic(this, 'AlarmTopic', {
        key: topicKey, displayName: `Alarms of EMR cluster ${this.node.path}`.slice(0, 100),
        emails: { propName: 'alarmEmails', addresses: props.alarmEmails ?? [] },
        noSubscriberReason: props.alarmNoSubscriberReason,
      });
    }
    // Events the cluster's functions (certificates, security-group cleanup) drop after Lambda's retries reach the same topic.
    FunctionDeadLetters.routeTo(this, this.alarmTopic);
    // Both notices land in the same dead-letter queue (whose alarm reaches this topic) when Scheduler cannot publish them.
    certificateExpiryNotice(this, 'CertificateExpiryNotice', {
      topic: this.alarmTopic, topicKey, warnAt: certificates.getAttString('WarnAt'), remindAt: certificates.getAttString('RemindAt'),
      notAfter: this.certificateNotAfter, clusterPath: this.node.path, deadLetters: FunctionDeadLetters.of(this),
    });
    if (props.kerberos && !props.kerberos.kdcAdminPassword) this.kdcAdminSecret = this.generatedKdcPassword();
    const kdcAdminPassword = props.kerberos?.kdcAdminPassword ?? (this.kdcAdminSecret ? SecretValue.secretsManager(this.kdcAdminSecret.secretArn) : undefined);
    this.securityConfiguration = new emr.CfnSecurityConfiguration(this, 'SecurityConfiguration', {
      securityConfiguration: securityConfigurationJson(this.key.keyArn, certificates.getAttString('S3Object'), props.kerberos),
    });

    const instance = this.createInstanceRole(props.dataBuckets ?? []);
    this.instanceRole = instance.role;
    // EMR accepts an instance profile only when its name equals its role's name ("invalid instance profile"
    // otherwise): https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-iam-roles-custom.html
    const instanceProfile = new iam.CfnInstanceProfile(this, 'InstanceProfile', {
      instanceProfileName: this.instanceRole.roleName,
      roles: [this.instanceRole.roleName],
    });
    const service = this.createServiceRole(this.instanceRole);
    this.serviceRole = service.role;
    HipaaPermissionsBoundary.applyTo(this);
    // The service role's AWS managed policy (AmazonEMRServicePolicy_v2) needs the emr-service profile; the
    // boundary applied to the role itself wins over the one applied to the cluster.
    HipaaPermissionsBoundary.applyTo(this.serviceRole, 'emr-service');

    const group = (groupId: string, description: string, allowAllOutbound: boolean) => {
      const sg = new ec2.SecurityGroup(this, groupId, { vpc: props.vpc, description, allowAllOutbound });
      Tags.of(sg).add(EMR_MANAGED_TAG, 'true');
      return sg;
    };
    // EMR adds the inbound rules it needs between these groups; none admits anything from outside.
    this.securityGroups = {
      primary: group('PrimarySecurityGroup', `EMR ${this.node.path} primary node (rules managed by EMR)`, false),
      core: group('CoreSecurityGroup', `EMR ${this.node.path} core nodes (rules managed by EMR)`, false),
      serviceAccess: group('ServiceAccessSecurityGroup', `EMR ${this.node.path} service access (rules managed by EMR)`, false),
    };
    this.restrictNodeEgress(props.vpc);
    for (const subnet of subnets) Tags.of(subnet).add(EMR_MANAGED_TAG, 'true');

    const instanceGroup = (type: ec2.InstanceType, count: number): emr.CfnCluster.InstanceGroupConfigProperty => ({
      instanceCount: count,
      instanceType: type.toString(),
      market: 'ON_DEMAND',
      ebsConfiguration: { ebsBlockDeviceConfigs: [{ volumeSpecification: { sizeInGb: 64, volumeType: 'gp3' }, volumesPerInstance: 1 }] },
    });
    const m5xl = ec2.InstanceType.of(ec2.InstanceClass.M5, ec2.InstanceSize.XLARGE);
    this.cluster = new emr.CfnCluster(this, 'Cluster', {
      name: props.clusterName ?? this.node.path,
      releaseLabel: props.releaseLabel ?? 'emr-7.9.0',
      applications: applications.map((name) => ({ name })),
      serviceRole: this.serviceRole.roleArn,
      jobFlowRole: instanceProfile.ref,
      securityConfiguration: this.securityConfiguration.ref,
      logUri: `s3://${this.artifactsBucket.bucketName}/${LOG_PREFIX}/`,
      logEncryptionKmsKeyId: this.key.keyArn,
      ebsRootVolumeSize: 30,
      kerberosAttributes: props.kerberos ? {
        realm: props.kerberos.realm,
        kdcAdminPassword: kdcAdminPassword!.unsafeUnwrap(), // a dynamic reference, resolved by CloudFormation (never plain text)
      } : undefined,
      instances: {
        ec2SubnetId: subnets[0].subnetId,
        // Off only for a non-production teardown: a protected cluster makes every stack delete fail.
        terminationProtected: teardown === undefined,
        keepJobFlowAliveWhenNoSteps: true,
        emrManagedMasterSecurityGroup: this.securityGroups.primary.securityGroupId,
        emrManagedSlaveSecurityGroup: this.securityGroups.core.securityGroupId,
        serviceAccessSecurityGroup: this.securityGroups.serviceAccess.securityGroupId,
        masterInstanceGroup: instanceGroup(props.primaryInstanceType ?? m5xl, 1),
        coreInstanceGroup: instanceGroup(props.coreInstanceType ?? m5xl, coreCount),
      },
      tags: [{ key: DATA_CLASSIFICATION_TAG, value: PHI_CLASSIFICATION }, { key: EMR_MANAGED_TAG, value: 'true' }],
    });
    // EMR validates both roles when the cluster is created (PassRole of the node role, the EBS key) and nodes fetch
    // the certificates and write logs at bootstrap: the roles and their policies, which are separate resources, first.
    this.cluster.node.addDependency(this.instanceRole, this.serviceRole, instance.policy, service.policy, instanceProfile);
    // On delete the cluster goes first, then the rules EMR added between its groups, then the groups.
    this.cluster.node.addDependency(emrSecurityGroupCleanup(this, Object.values(this.securityGroups), this.key));
    if (teardown) acknowledgeTeardown(this, this.cluster, 'the EMR cluster', EMR_PROTECTION_RULES, teardown);

    // cdk-nag 3.0.2 (rules/emr/EMRLocalDiskEncryption.js for EMR4, EMREncryptionInTransit.js for EMR5) finds this security
    // configuration through the cluster's Ref, then reads EnableAtRestEncryption / EnableInTransitEncryption and
    // AtRestEncryptionConfiguration / InTransitEncryptionConfiguration at the top level of its JSON; EMR takes them only under
    // EncryptionConfiguration (https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-create-security-configuration.html),
    // and copying them to the top level would send EMR keys its schema does not define. The test 'cdk-nag EMR4/EMR5 read the
    // encryption keys at the top level ...' proves this on the rules themselves; HipaaGap-EmrSecurityConfiguration checks the real shape.
    const nagShape = 'The security configuration (referenced by the cluster) enables at-rest (EMRFS SSE-KMS, local disks and EBS with the ' +
      'customer-managed key) and in-transit (PEM TLS) encryption under EncryptionConfiguration, where EMR defines them; cdk-nag 3.0.2 ' +
      '(EMRLocalDiskEncryption, EMREncryptionInTransit) reads those keys at the top level of the JSON, where EMR does not take them. ' +
      'HipaaGap-EmrSecurityConfiguration verifies the structure EMR reads.';
    suppress(this.cluster, 'AwsSolutions-EMR4', nagShape);
    suppress(this.cluster, 'AwsSolutions-EMR5', nagShape);
    const interactive = applications.filter((a) => applicationKind(a)?.kind === 'interactive');
    if (interactive.length > 0) {
      // Only reached with Kerberos (validateApplications): each person authenticates to the cluster-dedicated KDC.
      suppress(this.cluster, 'HipaaGap-EmrInteractiveApplications', `${props.interactiveApplicationsReason!.trim()} (Interactive applications ` +
        `${interactive.join(', ')}; every user authenticates with Kerberos to the cluster-dedicated KDC of realm ${props.kerberos!.realm}.)`);
    }
    if (!props.kerberos) {
      // Stated as built: the node role has no SSM permissions and no interactive application is installed (the allow-list
      // admits them only with Kerberos), so there is no interactive path to the cluster at all.
      const reason = 'No interactive access to the cluster: no EC2 key pair, no public IP, no SSM permissions on the node role, no ' +
        `inbound rule from outside the EMR-managed groups and no interactive application (installed: ${applications.join(', ')}); ` +
        'work is submitted only through the EMR API (steps), authorized by IAM and recorded by CloudTrail.';
      suppressHipaaAndNist(this.cluster, 'EMRKerberosEnabled', reason);
      suppress(this.cluster, 'AwsSolutions-EMR6', reason);
    }
  }

  /**
   * Nodes send only to each other, to the service-access group and to the VPC's endpoints
   * (S3 for the Amazon Linux and EMR repositories, logs and data; KMS; ...), never to the
   * internet. EMR adds only missing *inbound* rules to custom managed groups, so the egress
   * stays as defined here; the service-access ports (9443 in, 8443 out) are those EMR documents:
   * https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-man-sec-groups.html
   */
  private restrictNodeEgress(vpc: ec2.IVpc): void {
    const { primary, core, serviceAccess } = this.securityGroups;
    for (const node of [primary, core]) {
      node.addEgressRule(primary, ec2.Port.allTraffic(), 'Cluster traffic to the primary node');
      node.addEgressRule(core, ec2.Port.allTraffic(), 'Cluster traffic to the core nodes');
      allowVpcEndpointEgress(vpc, node, this, 'HTTPS to the VPC endpoints (S3 repositories, logs and data; KMS)');
    }
    declareEgress(serviceAccess);
    primary.addEgressRule(serviceAccess, ec2.Port.tcp(9443), 'EMR service access (private subnets)');
    serviceAccess.addEgressRule(primary, ec2.Port.tcp(8443), 'EMR cluster manager to the primary node');
    serviceAccess.addEgressRule(core, ec2.Port.tcp(8443), 'EMR cluster manager to the core nodes');
  }

  /** A generated KDC password in Secrets Manager, passed to EMR by dynamic reference. */
  private generatedKdcPassword(): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, 'KdcAdminPassword', {
      description: `cdk-hipaa: KDC administrator password of EMR cluster ${this.node.path} (read by CloudFormation at cluster creation)`,
      encryptionKey: this.key,
      // 32 letters and digits (about 190 bits): no character the KDC or a shell would treat specially.
      generateSecretString: { passwordLength: 32, excludePunctuation: true, includeSpace: false },
    });
    // True as built (tests check it): no rotation schedule, the cluster key, no role of this construct may read it.
    const noRotation = 'EMR is given the KDC administrator password once, when CloudFormation creates the cluster from the dynamic reference ' +
      '(KerberosAttributes cannot change on a running cluster); the cluster-dedicated KDC keeps its own copy, so a rotated secret would no ' +
      'longer match it. The password is generated (32 letters and digits), encrypted with the cluster key, granted to no node or workload ' +
      'role, and a new cluster gets a new KDC.';
    suppressHipaaAndNist(secret, 'SecretsManagerRotationEnabled', noRotation);
    suppress(secret, 'AwsSolutions-SMG4', noRotation);
    return secret;
  }

  private certificateResource(validityDays: number, warningDays: number, generation: number): CustomResource {
    const generator = new HardenedFunction(this, 'CertificateGenerator', {
      entry: path.join(__dirname, 'emr-cluster', 'certificate-handler'),
      description: 'cdk-hipaa: generate the EMR in-transit TLS certificates into the encrypted artifacts bucket',
      encryptionKey: this.key,
      timeout: Duration.minutes(2),
      outsideVpcReason: 'Runs only during deployment and calls only S3 and KMS APIs over TLS; the EMR VPC has dedicated tenancy, where Lambda cannot run.',
      invocationReason: 'Invoked only by CloudFormation during deployment, which waits for its answer and fails the deployment visibly on error.',
    });
    const objects = this.artifactsBucket.arnForObjects(`${CERTIFICATE_PREFIX}/*`);
    generator.addToPolicy(new iam.PolicyStatement({ sid: 'WriteCertificates', actions: ['s3:PutObject', 's3:DeleteObject'], resources: [objects] }));
    generator.addToPolicy(new iam.PolicyStatement({ sid: 'EncryptCertificates', actions: ['kms:GenerateDataKey', 'kms:Encrypt'], resources: [this.key.keyArn] }));
    suppress(generator.policy, `AwsSolutions-IAM5[Resource::${nagBucketArn(this, this.artifactsBucket)}/${CERTIFICATE_PREFIX}/*]`,
      'Each certificate zip is named after the CloudFormation request that issues it; the wildcard covers only the tls/ prefix of the cluster bucket.');
    return new CustomResource(this, 'Certificates', {
      serviceToken: generator.function.functionArn,
      resourceType: 'Custom::HipaaEmrCertificates',
      properties: {
        BucketName: this.artifactsBucket.bucketName,
        ObjectKeyPrefix: CERTIFICATE_PREFIX,
        KmsKeyArn: this.key.keyArn,
        Region: Aws.REGION,
        ValidityDays: String(validityDays),
        WarningDays: String(warningDays),
        ReminderDays: String(REMINDER_DAYS),
        Generation: String(generation),
      },
    });
  }

  private createInstanceRole(dataBuckets: s3.IBucket[]): { role: iam.Role; policy: iam.ManagedPolicy } {
    const role = new iam.Role(this, 'InstanceRole', {
      description: `Nodes of EMR cluster ${this.node.path}`,
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    });
    const artifacts = nagBucketArn(this, this.artifactsBucket);
    const statements = [
      new iam.PolicyStatement({ sid: 'ReadCertificates', actions: ['s3:GetObject'], resources: [this.artifactsBucket.arnForObjects(`${CERTIFICATE_PREFIX}/*`)] }),
      new iam.PolicyStatement({ sid: 'WriteLogs', actions: ['s3:PutObject'], resources: [this.artifactsBucket.arnForObjects(`${LOG_PREFIX}/*`)] }),
      new iam.PolicyStatement({
        sid: 'UseClusterKey',
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:DescribeKey'],
        resources: [this.key.keyArn],
      }),
    ];
    const wildcards = [`${artifacts}/${CERTIFICATE_PREFIX}/*`, `${artifacts}/${LOG_PREFIX}/*`];
    for (const bucket of dataBuckets) {
      statements.push(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
      statements.push(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('*')] }));
      // The PHI data key only through S3 (EMRFS reading SSE-KMS objects), never directly: a node cannot decrypt
      // anything else that key protects (database, table, envelope-encrypted records).
      if (bucket.encryptionKey) {
        statements.push(new iam.PolicyStatement({
          actions: ['kms:Decrypt'], resources: [bucket.encryptionKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` } },
        }));
      }
      wildcards.push(`${nagBucketArn(this, bucket)}/*`);
    }
    const policy = new iam.ManagedPolicy(this, 'InstancePolicy', {
      description: `EMR ${this.node.path} nodes: read TLS material and PHI data, write logs, use the cluster key`,
      roles: [role],
      statements,
    });
    for (const resource of wildcards) {
      suppress(policy, `AwsSolutions-IAM5[Resource::${resource}]`,
        'Object-level access within one named bucket (and prefix): the cluster reads whole datasets and writes log files whose names it chooses at run time.');
    }
    return { role, policy };
  }

  private createServiceRole(instanceRole: iam.Role): { role: iam.Role; policy: iam.ManagedPolicy } {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'ServiceRole', {
      description: `EMR service role of ${this.node.path}`,
      assumedBy: new iam.ServicePrincipal('elasticmapreduce.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'elasticmapreduce', resource: '*' }) },
        },
      }),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEMRServicePolicy_v2')],
    });
    suppress(role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonEMRServicePolicy_v2]',
      'AmazonEMRServicePolicy_v2 is the scoped EMR service policy AWS maintains: it acts only on resources tagged ' +
      `${EMR_MANAGED_TAG}=true, which this construct tags.`);
    const policy = new iam.ManagedPolicy(this, 'ServicePolicy', {
      description: `EMR ${this.node.path}: pass the node role, encrypt EBS volumes with the cluster key`,
      roles: [role],
      statements: [
        new iam.PolicyStatement({ sid: 'PassNodeRole', actions: ['iam:PassRole'], resources: [instanceRole.roleArn], conditions: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } }),
        new iam.PolicyStatement({
          sid: 'EncryptEbsWithClusterKey',
          actions: ['kms:CreateGrant', 'kms:DescribeKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:Decrypt', 'kms:Encrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'],
          resources: [this.key.keyArn],
        }),
      ],
    });
    return { role, policy };
  }
}

function securityConfigurationJson(keyArn: string, certificatesObject: string, kerberos: HipaaEmrKerberos | undefined): object {
  return {
    EncryptionConfiguration: {
      EnableAtRestEncryption: true,
      EnableInTransitEncryption: true,
      AtRestEncryptionConfiguration: {
        S3EncryptionConfiguration: { EncryptionMode: 'SSE-KMS', AwsKmsKey: keyArn },
        LocalDiskEncryptionConfiguration: { EncryptionKeyProviderType: 'AwsKms', AwsKmsKey: keyArn, EnableEbsEncryption: true },
      },
      InTransitEncryptionConfiguration: {
        TLSCertificateConfiguration: { CertificateProviderType: 'PEM', S3Object: certificatesObject },
      },
    },
    InstanceMetadataServiceConfiguration: { MinimumInstanceMetadataServiceVersion: 2, HttpPutResponseHopLimit: 1 },
    ...(kerberos ? {
      AuthenticationConfiguration: {
        KerberosConfiguration: { Provider: 'ClusterDedicatedKdc', ClusterDedicatedKdcConfiguration: { TicketLifetimeInHours: kerberos.ticketLifetimeHours ?? 24 } },
      },
    } : {}),
  };
}

function requireDedicatedVpc(scope: Construct, vpc: ec2.IVpc): void {
  const cfn = vpc.node.defaultChild;
  if (!(cfn instanceof ec2.CfnVPC)) {
    Annotations.of(scope).addInfo('The VPC is imported, so its tenancy cannot be checked at construction; HipaaGap-DedicatedTenancy judges the template.');
    return;
  }
  if (cfn.instanceTenancy !== 'dedicated') {
    throw new HipaaValidationError(scope, 'vpc', 'WRONG_PLACEMENT', `vpc ${vpc.node.path} has instance tenancy '${cfn.instanceTenancy ?? 'default'}'; EMR runs ` +
      'on dedicated hardware only in a VPC with dedicated tenancy. Use new HipaaVpc(..., { instanceTenancy: ec2.DefaultInstanceTenancy.DEDICATED }) ' +
      'and keep Lambda functions out of it.');
  }
}

/** A certificate period in whole days from 1 to MAX_VALIDITY_DAYS (a token is bounded at deploy time by the prop check). */
function validateCertificateDays(scope: Construct, propName: 'certificateValidity' | 'certificateExpiryWarning', period: Duration): number {
  const days = period.toDays({ integral: false });
  if (Token.isUnresolved(days)) return days;
  if (!Number.isInteger(days) || days < 1 || days > MAX_VALIDITY_DAYS) {
    throw new HipaaValidationError(scope, propName, 'OUT_OF_RANGE', `${propName} is ${days} days; use 1 to ${MAX_VALIDITY_DAYS} whole days.`);
  }
  return days;
}

/** The allow-list: known names only; interactive ones only with Kerberos and a reason. Returns EMR's spelling. */
function validateApplications(scope: Construct, applications: string[], kerberos: HipaaEmrKerberos | undefined, reason: string | undefined): string[] {
  const names: string[] = [];
  for (const name of applications) {
    const known = Token.isUnresolved(name) ? undefined : applicationKind(name);
    if (!known) {
      throw new HipaaValidationError(scope, 'applications', 'INVALID_VALUE', `applications has '${name}', which is not on the allow-list; use ` +
        `batch applications (${EMR_BATCH_APPLICATIONS.join(', ')}) or, with kerberos and interactiveApplicationsReason, interactive ones ` +
        `(${EMR_INTERACTIVE_APPLICATIONS.join(', ')}).`);
    }
    names.push(known.canonical);
  }
  const interactive = names.filter((n) => applicationKind(n)!.kind === 'interactive');
  if (interactive.length > 0 && !kerberos) {
    throw new HipaaValidationError(scope, 'applications', 'WEAKENS_SAFEGUARD', `applications has ${interactive.join(', ')}, which give people interactive ` +
      'sessions with PHI on the cluster, but kerberos is not set; nobody could be told apart. Add kerberos (a cluster-dedicated KDC) or remove them.');
  }
  if (interactive.length > 0 && (reason ?? '').trim().length < MIN_REASON_LENGTH) {
    throw new HipaaValidationError(scope, 'interactiveApplicationsReason', 'REQUIRED', `interactiveApplicationsReason is '${reason ?? ''}'; ` +
      `applications has ${interactive.join(', ')}: say in at least ${MIN_REASON_LENGTH} characters why people need interactive access to PHI here.`);
  }
  if (interactive.length === 0 && reason !== undefined) {
    throw new HipaaValidationError(scope, 'interactiveApplicationsReason', 'INCONSISTENT', 'interactiveApplicationsReason is set, but applications has no ' +
      'interactive application; remove it, so no acknowledgement claims an access that does not exist.');
  }
  return names;
}

function validateKerberos(scope: Construct, kerberos: HipaaEmrKerberos): void {
  if (!/^[A-Z0-9.-]+$/.test(kerberos.realm)) {
    throw new HipaaValidationError(scope, 'kerberos.realm', 'INVALID_VALUE', `kerberos.realm '${kerberos.realm}' must be upper case letters, digits, dots and hyphens (e.g. 'EC2.INTERNAL').`);
  }
  const hours = kerberos.ticketLifetimeHours ?? 24;
  if (!Number.isInteger(hours) || hours < 1 || hours > 24 * 7) {
    throw new HipaaValidationError(scope, 'kerberos.ticketLifetimeHours', 'OUT_OF_RANGE', `kerberos.ticketLifetimeHours is ${hours}; use 1 to 168 whole hours.`);
  }
  if (!kerberos.kdcAdminPassword) return; // generated into Secrets Manager by the construct
  const raw = kerberos.kdcAdminPassword.unsafeUnwrap();
  if (!Token.isUnresolved(raw)) {
    throw new HipaaValidationError(scope, 'kerberos.kdcAdminPassword', 'WEAKENS_SAFEGUARD', `kerberos.kdcAdminPassword is a plain-text value, which would be written into the template; ` +
      "omit it (a password is generated into Secrets Manager) or pass a reference, e.g. SecretValue.secretsManager('emr/kdc-admin').");
  }
  // A token is not enough: a CloudFormation parameter (SecretValue.cfnParameter) puts the password in the stack's parameters.
  if (!isSecretDynamicReference(Stack.of(scope).resolve(raw))) {
    throw new HipaaValidationError(scope, 'kerberos.kdcAdminPassword', 'WEAKENS_SAFEGUARD', 'kerberos.kdcAdminPassword is a token that is not a Secrets Manager ' +
      'or SSM SecureString dynamic reference (e.g. a CloudFormation parameter, kept in the stack\'s parameters); omit it (a password is generated ' +
      "into Secrets Manager) or pass SecretValue.secretsManager('emr/kdc-admin') or SecretValue.ssmSecure('/emr/kdc-admin').");
  }
}
