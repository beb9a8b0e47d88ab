import { Duration, Names, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as redshift from 'aws-cdk-lib/aws-redshift';
import { Construct } from 'constructs';
import { suppress } from '../lib/compliance/suppress';
import { HipaaValidationError } from '../lib/errors';
import { applyDataClassification } from './data-classification';
import { HipaaKey } from './key';
import { HipaaLogGroup } from './log-group';
import { daysOf } from './retention';
import { stackInstanceSuffix } from './stack-instance';
import { HipaaVpc } from './vpc';
import { allowOnPort, requireNonPublicSubnets } from './vpc/placement';

/** The audit logs Redshift exports: connections and authentication, user definition changes, every query. */
export const REDSHIFT_AUDIT_LOG_TYPES = ['connectionlog', 'userlog', 'useractivitylog'] as const;
/** Parameters the cluster's parameter group always sets, and the only value each may have. */
export const REDSHIFT_REQUIRED_PARAMETERS: Readonly<Record<string, string>> = {
  require_ssl: 'true',
  enable_user_activity_logging: 'true',
};
/** Redshift's default port. */
export const REDSHIFT_DEFAULT_PORT = 5439;
const RESERVED_USER_NAMES = ['awsuser', 'rdsdb', 'public'];

/** Props of {@link HipaaRedshiftCluster}. */
export interface HipaaRedshiftClusterProps {
  /** The VPC; the cluster goes into its isolated subnets. */
  readonly vpc: ec2.IVpc;
  /**
   * Peers admitted on the cluster port (call {@link HipaaRedshiftCluster.allowFrom} for more).
   * @default - none: nothing can connect until you allow a peer
   */
  readonly allowFrom?: ec2.IPeer[];
  /**
   * Subnets of the cluster. Public subnets are rejected.
   * @default - the VPC's isolated subnets (`PRIVATE_ISOLATED`)
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * RA3 node type (managed storage, the only family with Multi-AZ and CMK-encrypted managed storage
   * across resizes). Other families are rejected.
   * @default 'ra3.large'
   */
  readonly nodeType?: string;
  /**
   * Number of compute nodes (1 makes a single-node cluster).
   * @default 2
   */
  readonly numberOfNodes?: number;
  /**
   * Deploy the cluster in two Availability Zones behind one endpoint (RA3, two or more nodes,
   * a subnet selection spanning three subnets). Compute is billed in both AZs.
   * https://docs.aws.amazon.com/redshift/latest/mgmt/managing-cluster-multi-az.html
   * @default false
   */
  readonly multiAz?: boolean;
  /**
   * Customer-managed key of the cluster's storage, snapshots, the admin secret and the audit log groups.
   * @default - a new HipaaKey
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Name of the database created at launch. `dev`, Redshift's default, is rejected.
   * @default 'analytics'
   */
  readonly databaseName?: string;
  /**
   * Admin user name; its password is generated and kept by Secrets Manager (never in the template).
   * `awsuser`, Redshift's default, is rejected.
   * @default 'hipaa_admin'
   */
  readonly masterUsername?: string;
  /**
   * Port clients connect to.
   * @default 5439
   */
  readonly port?: number;
  /**
   * Extra cluster parameters. `require_ssl=true` and `enable_user_activity_logging=true` are set for
   * you; another value for either is rejected.
   * @default - only the two required parameters
   */
  readonly parameters?: Record<string, string>;
  /**
   * How long automated snapshots are kept, 7 to 35 days.
   * @default Duration.days(35)
   */
  readonly automatedSnapshotRetention?: Duration;
  /**
   * Retention of the audit log groups, six years or longer.
   * @default logs.RetentionDays.SIX_YEARS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Weekly maintenance window (UTC), `ddd:hh24:mi-ddd:hh24:mi`; version upgrades are applied in it.
   * @default 'sun:05:00-sun:05:30'
   */
  readonly preferredMaintenanceWindow?: string;
  /**
   * Roles the cluster may assume (COPY, UNLOAD, Spectrum). With enhanced VPC routing, COPY and UNLOAD
   * reach S3 through the VPC: give the security group a path with `HipaaVpc.allowEndpointEgress(cluster)`.
   * @default - none
   */
  readonly roles?: iam.IRole[];
  /**
   * Cluster identifier, known at synth because the audit log groups are named after it. A literal
   * identifier gives the retained log groups the same names in every instance of the stack.
   * @default - derived from the construct path, lower case, ending in this stack instance's id
   */
  readonly clusterIdentifier?: string;
  /**
   * Value of the `DataClassification` tag, read by the PHI key rule of HipaaConfigRules. 'PHI' in
   * any spelling is written 'PHI'; another value needs `nonPhiJustification`.
   * @default 'PHI'
   */
  readonly dataClassification?: string;
  /**
   * Why this warehouse never holds PHI (at least 30 characters); required with a `dataClassification`
   * other than 'PHI' and shown as the acknowledgement of HipaaGap-DataStoreClassification.
   * @default - none; a classification other than PHI is rejected
   */
  readonly nonPhiJustification?: string;
}

/**
 * An Amazon Redshift data warehouse for PHI: an RA3 provisioned cluster in the isolated
 * subnets, never publicly accessible, encrypted with a customer-managed key, enhanced VPC
 * routing (COPY/UNLOAD stay in the VPC), a parameter group that requires TLS and logs user
 * activity, audit logs (connections, users, every query) exported to KMS-encrypted log groups
 * kept six years, the admin password generated and kept by Secrets Manager under the key,
 * 35 days of automated snapshots, manual snapshots kept until deleted, a final snapshot on
 * removal, a security group with no egress and ingress only from the peers you allow.
 * §164.312(a)(1), (a)(2)(iv), (b), (e)(1).
 */
export class HipaaRedshiftCluster extends Construct implements ec2.IConnectable {
  /** The cluster. */
  public readonly cluster: redshift.CfnCluster;
  /** The cluster's security group: no egress, ingress only from allowed peers. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** Network connections of the cluster. */
  public readonly connections: ec2.Connections;
  /** The customer-managed key. */
  public readonly key: kms.IKey;
  /** The parameter group (TLS required, user activity logged). */
  public readonly parameterGroup: redshift.CfnClusterParameterGroup;
  /** The audit log groups, by log type (`connectionlog`, `userlog`, `useractivitylog`). */
  public readonly logGroups: Readonly<Record<string, logs.LogGroup>>;
  /** ARN of the Secrets Manager secret holding the admin credentials (created by Redshift). */
  public readonly adminSecretArn: string;
  /** The cluster identifier. */
  public readonly clusterIdentifier: string;
  /** The port clients connect to. */
  public readonly port: number;

  constructor(scope: Construct, id: string, props: HipaaRedshiftClusterProps) {
    super(scope, id);
    const nodeType = props.nodeType ?? 'ra3.large';
    const numberOfNodes = props.numberOfNodes ?? 2;
    const multiAz = props.multiAz ?? false;
    this.port = props.port ?? REDSHIFT_DEFAULT_PORT;
    const databaseName = props.databaseName ?? 'analytics';
    const masterUsername = props.masterUsername ?? 'hipaa_admin';
    const retentionDays = validateSnapshotRetention(this, props.automatedSnapshotRetention ?? Duration.days(35));
    validateNodes(this, nodeType, numberOfNodes);
    validateNames(this, databaseName, masterUsername);
    validatePort(this, props.vpc, this.port);
    const parameters = validateParameters(this, props.parameters ?? {});
    const vpcSubnets = props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
    const subnets = requireNonPublicSubnets(this, props.vpc, vpcSubnets, 'a data warehouse holding PHI', 'the isolated subnets (the default)');
    if (multiAz) validateMultiAz(this, numberOfNodes, subnets.length);
    this.clusterIdentifier = props.clusterIdentifier !== undefined ? validateIdentifier(this, props.clusterIdentifier)
      : `${validateIdentifier(this, defaultIdentifier(this))}-${stackInstanceSuffix()}`;

    this.key = props.encryptionKey ?? new HipaaKey(this, 'Key', { description: `cdk-hipaa key for Redshift cluster ${this.node.path}` }).key;
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Redshift ${this.node.path}: ingress only from allowed peers on ${this.port}, no egress`,
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(this.port) });
    for (const peer of props.allowFrom ?? []) this.allowFrom(peer);

    const subnetGroup = new redshift.CfnClusterSubnetGroup(this, 'Subnets', {
      description: `${this.node.path}: isolated subnets`,
      subnetIds: subnets.map((s) => s.subnetId),
    });
    this.parameterGroup = new redshift.CfnClusterParameterGroup(this, 'Parameters', {
      description: `${this.node.path}: TLS required, user activity logged`,
      parameterGroupFamily: 'redshift-1.0',
      parameters: Object.entries(parameters).map(([parameterName, parameterValue]) => ({ parameterName, parameterValue })),
    });

    // Audit logs go to CloudWatch Logs, not S3: S3 audit logging accepts only SSE-S3 buckets without Object Lock
    // (https://docs.aws.amazon.com/redshift/latest/mgmt/db-auditing.html#db-auditing-enable-logging-limitations), and the
    // user activity log holds query text, which can carry PHI and so belongs under the customer-managed key. Redshift writes
    // to /aws/redshift/cluster/<cluster>/<log type> (same page, #db-auditing-cloudwatch-provisioned-log-group); the groups
    // exist, encrypted and kept six years, before the cluster, so Redshift never creates them unencrypted and unbounded.
    const groups: Record<string, logs.LogGroup> = {};
    for (const type of REDSHIFT_AUDIT_LOG_TYPES) {
      groups[type] = new HipaaLogGroup(this, `Log-${type}`, {
        logGroupName: `/aws/redshift/cluster/${this.clusterIdentifier}/${type}`,
        encryptionKey: this.key,
        retention: props.logRetention,
      }).logGroup;
    }
    this.logGroups = groups;

    this.cluster = new redshift.CfnCluster(this, 'Cluster', {
      clusterIdentifier: this.clusterIdentifier,
      clusterType: numberOfNodes === 1 ? 'single-node' : 'multi-node',
      nodeType,
      numberOfNodes: numberOfNodes === 1 ? undefined : numberOfNodes,
      multiAz,
      dbName: databaseName,
      masterUsername,
      // Redshift generates the password into Secrets Manager, encrypted with the key: no password in the template.
      manageMasterPassword: true,
      masterPasswordSecretKmsKeyId: this.key.keyArn,
      port: this.port,
      publiclyAccessible: false,
      encrypted: true,
      kmsKeyId: this.key.keyArn,
      enhancedVpcRouting: true,
      clusterSubnetGroupName: subnetGroup.ref,
      vpcSecurityGroupIds: [this.securityGroup.securityGroupId],
      clusterParameterGroupName: this.parameterGroup.ref,
      automatedSnapshotRetentionPeriod: retentionDays,
      // -1: manual snapshots are kept until someone deletes them.
      manualSnapshotRetentionPeriod: -1,
      allowVersionUpgrade: true,
      preferredMaintenanceWindow: validateMaintenanceWindow(this, props.preferredMaintenanceWindow ?? 'sun:05:00-sun:05:30'),
      iamRoles: props.roles?.map((r) => r.roleArn),
      loggingProperties: { logDestinationType: 'cloudwatch', logExports: [...REDSHIFT_AUDIT_LOG_TYPES] },
    });
    // A final snapshot when the stack deletes or replaces the cluster (Redshift has no deletion-protection flag).
    this.cluster.applyRemovalPolicy(RemovalPolicy.SNAPSHOT);
    for (const group of Object.values(groups)) this.cluster.node.addDependency(group);
    this.adminSecretArn = this.cluster.attrMasterPasswordSecretArn;
    applyDataClassification(this, this, props.dataClassification, props.nonPhiJustification);

    const defaultPort = 'A non-default port is obscurity, not a control: the security group admits only named peers, ' +
      'the isolated tier\'s network ACL only the private tier, and the cluster requires TLS (require_ssl) and credentials.';
    if (this.port === REDSHIFT_DEFAULT_PORT) suppress(this.cluster, 'AwsSolutions-RS4', defaultPort);
    suppress(this.cluster, 'ControlTower-CT.REDSHIFT.PR.3', 'Audit logging is on with LogDestinationType cloudwatch: connection, user and ' +
      'user-activity logs go to log groups encrypted with the customer-managed key and kept six years (HipaaGap-RedshiftAuditLogging checks it). ' +
      'The control only accepts an S3 bucket, and Redshift logs to S3 only with SSE-S3, too weak for query text that can hold PHI.');
  }

  /**
   * Admits `peer` on the cluster port, and nothing else.
   * @param peer a CIDR or security-group peer, or a connectable (an Auto Scaling group, a function)
   * @param description shown on the security group rule
   */
  public allowFrom(peer: ec2.IPeer | ec2.IConnectable, description = 'Redshift clients'): void {
    allowOnPort(this.connections, peer, this.port, description);
  }
}

function validateNodes(scope: Construct, nodeType: string, numberOfNodes: number): void {
  if (!Token.isUnresolved(nodeType) && !/^ra3\.[a-z0-9]+$/.test(nodeType)) {
    throw new HipaaValidationError(scope, 'nodeType', 'INVALID_VALUE', `nodeType is '${nodeType}'; use an RA3 node type (e.g. 'ra3.large', ` +
      '\'ra3.xlplus\', \'ra3.4xlarge\'): managed storage and Multi-AZ exist only on RA3, and DC2 is a previous generation.');
  }
  if (!Number.isInteger(numberOfNodes) || numberOfNodes < 1 || numberOfNodes > 128) {
    throw new HipaaValidationError(scope, 'numberOfNodes', 'OUT_OF_RANGE', `numberOfNodes is ${numberOfNodes}; use a whole number from 1 to 128.`);
  }
}

function validateMultiAz(scope: Construct, numberOfNodes: number, subnets: number): void {
  if (numberOfNodes < 2) {
    throw new HipaaValidationError(scope, 'multiAz', 'INCONSISTENT', `multiAz is true with numberOfNodes ${numberOfNodes}; a Multi-AZ cluster needs ` +
      'two or more nodes per Availability Zone. Raise numberOfNodes or turn multiAz off.');
  }
  if (subnets < 3) {
    throw new HipaaValidationError(scope, 'multiAz', 'INCONSISTENT', `multiAz is true but vpcSubnets selects ${subnets} subnets; Redshift Multi-AZ ` +
      'needs a subnet group of three subnets in three Availability Zones (HipaaVpc maxAzs: 3).');
  }
}

function validateNames(scope: Construct, databaseName: string, masterUsername: string): void {
  if (!Token.isUnresolved(databaseName) && (databaseName === 'dev' || !/^[a-z_][a-z0-9_$]{0,63}$/.test(databaseName))) {
    throw new HipaaValidationError(scope, 'databaseName', 'INVALID_VALUE', `databaseName is '${databaseName}'; use 1 to 64 lower-case letters, digits, ` +
      'underscores or $, starting with a letter or underscore, and not Redshift\'s default \'dev\' (AWS Control Tower CT.REDSHIFT.PR.7).');
  }
  if (!Token.isUnresolved(masterUsername) && (RESERVED_USER_NAMES.includes(masterUsername.toLowerCase()) || !/^[a-z][a-z0-9_]{0,127}$/.test(masterUsername))) {
    throw new HipaaValidationError(scope, 'masterUsername', 'INVALID_VALUE', `masterUsername is '${masterUsername}'; use a lower-case name of letters, ` +
      `digits and underscores starting with a letter, other than ${RESERVED_USER_NAMES.join(', ')} (awsuser is Redshift's default, the first name an attacker tries).`);
  }
}

function validatePort(scope: Construct, vpc: ec2.IVpc, port: number): void {
  if (!Number.isInteger(port) || port < 1150 || port > 65535) {
    throw new HipaaValidationError(scope, 'port', 'OUT_OF_RANGE', `port is ${port}; Redshift accepts 1150 to 65535.`);
  }
  // The data tier's network ACL of a HipaaVpc admits only its databasePorts: any other port would deploy and never connect.
  const owner = vpc.node.scope;
  if (owner instanceof HipaaVpc && !owner.databasePorts.includes(port)) {
    throw new HipaaValidationError(scope, 'port', 'INCONSISTENT', `port is ${port}, but the data tier's network ACL of ${owner.node.path} admits only ` +
      `${owner.databasePorts.join(', ')}; add it: new HipaaVpc(..., { databasePorts: [${[...owner.databasePorts, port].join(', ')}] }).`);
  }
}

function validateParameters(scope: Construct, extra: Record<string, string>): Record<string, string> {
  for (const [name, required] of Object.entries(REDSHIFT_REQUIRED_PARAMETERS)) {
    const value = extra[name];
    if (value !== undefined && String(value).toLowerCase() !== required) {
      throw new HipaaValidationError(scope, `parameters.${name}`, 'WEAKENS_SAFEGUARD', `parameters['${name}'] is '${value}'; it must stay '${required}' ` +
        (name === 'require_ssl' ? 'so the cluster refuses connections without TLS (§164.312(e)(1))' : 'so every query reaches the user activity audit log (§164.312(b))') +
        '. Remove it from parameters; HipaaRedshiftCluster sets it.');
    }
  }
  return { ...extra, ...REDSHIFT_REQUIRED_PARAMETERS };
}

function validateSnapshotRetention(scope: Construct, retention: Duration): number {
  const days = daysOf(retention);
  if (days === undefined || !Number.isInteger(days) || days < 7 || days > 35) {
    throw new HipaaValidationError(scope, 'automatedSnapshotRetention', 'OUT_OF_RANGE', `automatedSnapshotRetention is ${days ?? 'a token'} days; ` +
      'use a whole number of days from 7 to 35 (Redshift\'s maximum). Keep longer-lived copies as manual snapshots, which are retained.');
  }
  return days;
}

function validateMaintenanceWindow(scope: Construct, window: string): string {
  if (!Token.isUnresolved(window) && !/^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/i.test(window)) {
    throw new HipaaValidationError(scope, 'preferredMaintenanceWindow', 'INVALID_VALUE', `preferredMaintenanceWindow is '${window}'; use ` +
      'ddd:hh24:mi-ddd:hh24:mi in UTC, e.g. \'sun:05:00-sun:05:30\'.');
  }
  return window;
}

function defaultIdentifier(scope: Construct): string {
  // 'rs-' + 50 + '-' + 8 hex digits of the stack id: 62 of Redshift's 63 characters.
  const name = Names.uniqueResourceName(scope, { maxLength: 50, separator: '-' }).toLowerCase().replace(/[^a-z0-9-]/g, '').replace(/-+/g, '-');
  return `rs-${name}`.replace(/-$/, '');
}

function validateIdentifier(scope: Construct, identifier: string): string {
  if (Token.isUnresolved(identifier)) {
    throw new HipaaValidationError(scope, 'clusterIdentifier', 'UNRESOLVED_TOKEN', 'clusterIdentifier must be known at synth (the audit log group names are built from it); pass a literal string.');
  }
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(identifier) || identifier.length > 63) {
    throw new HipaaValidationError(scope, 'clusterIdentifier', 'INVALID_VALUE', `clusterIdentifier '${identifier}' is not a valid Redshift identifier; use 1 to 63 ` +
      'lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen.');
  }
  return identifier;
}
