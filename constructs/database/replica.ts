import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { HipaaValidationError } from '../../lib/errors';
import { applyDataClassification } from '../data-classification';
import { HipaaKey } from '../key';
import { HipaaLogGroup } from '../log-group';
import { customerManagedKey, hasMembers, instanceTypeCheck, num, required, str, validateProps, vpcCheck } from '../validation';
import { suppress, suppressHipaaAndNist } from '../../lib/compliance/suppress';
import { hipaaAndNistRuleIds } from '../../lib/compliance/ids';
import { stackInstanceSuffix } from '../stack-instance';
import { requirePlacement } from '../vpc/placement';
import { dataTierPortsOf } from '../vpc/data-tier-ports';
import { auditParameters } from './audit-parameters';
import { HipaaDatabaseEngine, HipaaDatabaseEngineFamily } from './engine';
import { enhancedMonitoringRole } from './monitoring-role';

/** Props of {@link HipaaDatabaseReplica}. */
export interface HipaaDatabaseReplicaProps {
  /**
   * ARN of the source DB instance in another region (`arn:aws:rds:<region>:<account>:db:<identifier>`),
   * e.g. as `aws rds describe-db-instances` prints it for the primary HipaaDatabase. A cross-region
   * replica is named by ARN: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.XRgn.html
   */
  readonly sourceDatabaseArn: string;
  /** The source's engine (PostgreSQL, MySQL or MariaDB): the replica's parameter group and log exports follow it. */
  readonly engine: HipaaDatabaseEngine;
  /** VPC of this region; the replica goes in its isolated subnets (two AZs or more). */
  readonly vpc: ec2.IVpc;
  /**
   * Customer-managed key of this region. Required: an encrypted source has a cross-region replica only
   * with a KMS key of the replica's region (KMS keys are regional), https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstanceReadReplica.html (KmsKeyId).
   */
  readonly encryptionKey: kms.IKey;
  /**
   * Key of the replica's log groups.
   * @default - a new HipaaKey
   */
  readonly logEncryptionKey?: kms.IKey;
  /**
   * Instance class of the replica; size it like the source, it becomes the primary after promotion.
   * @default m7g.large
   */
  readonly instanceType?: ec2.InstanceType;
  /**
   * RDS identifier of the replica (its log group names are built from it).
   * @default 'db-<construct id>-replica-<stack instance id>': the retained log groups then never collide with a redeployment's
   */
  readonly identifier?: string;
  /**
   * Port the replica listens on. Give the source's port (a HipaaDatabase's `port`), so clients
   * keep their connection string after promotion; a HipaaVpc's `databasePorts` must admit it.
   * @default - the engine's default port (5432 PostgreSQL, 3306 MySQL and MariaDB), with the default-port findings acknowledged
   */
  readonly port?: number;
}

/** The instance ARN of an RDS DB instance: region, account, identifier. */
const DB_ARN = /^arn:aws[a-z-]*:rds:([a-z]{2}(?:-[a-z]+)+-\d):\d{12}:db:[a-z][a-z0-9-]{0,62}$/;

/**
 * A cross-region read replica of a HipaaDatabase, the database's disaster-recovery copy: RPO of
 * seconds (asynchronous replication), RTO of minutes by promotion. Hardened like its source:
 * encrypted with a customer-managed key of its region, not public, in isolated subnets, TLS
 * required by its parameter group, every log exported to encrypted log groups kept six years,
 * enhanced monitoring, IAM authentication, deletion protection, Multi-AZ.
 * §164.308(a)(7)(ii)(B), §164.312(a)(2)(iv), §164.312(e)(1), §164.312(b).
 */
export class HipaaDatabaseReplica extends Construct implements ec2.IConnectable {
  /** The replica instance. */
  public readonly instance: rds.DatabaseInstanceReadReplica;
  /** Its security group (no ingress until {@link allowFrom}, no egress). */
  public readonly securityGroup: ec2.SecurityGroup;
  /** Network access, for `allowFrom` and `connections.allowFrom`. */
  public readonly connections: ec2.Connections;

  constructor(scope: Construct, id: string, props: HipaaDatabaseReplicaProps) {
    super(scope, id);
    validateProps(this, props, {
      sourceDatabaseArn: required(str({ rule: 'the ARN of the source DB instance, arn:aws:rds:<region>:<account>:db:<identifier>' })),
      engine: required(hasMembers('a HipaaDatabaseEngine, e.g. HipaaDatabaseEngine.postgres()', 'family', 'logExports')),
      vpc: required(vpcCheck()),
      encryptionKey: required(customerManagedKey()),
      logEncryptionKey: customerManagedKey(),
      instanceType: instanceTypeCheck(),
      port: num({ integer: true, min: 1150, max: 65535 }),
      identifier: str({ pattern: /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, rule: '1 to 63 lower-case letters, digits and single hyphens, starting with a letter' }),
    });
    const engine = props.engine;
    if (engine.isCluster || engine.oracle || !engine.instanceEngine || !engine.tlsParameter) {
      throw new HipaaValidationError(this, 'engine', 'INVALID_VALUE', `engine is ${engine.family}; HipaaDatabaseReplica builds RDS instance replicas of PostgreSQL, ` +
        'MySQL or MariaDB. For Aurora use a global database; RDS for Oracle replicas need Active Data Guard (Enterprise Edition).');
    }
    this.validateSource(props.sourceDatabaseArn);
    const port = props.port ?? engine.port;
    const dataTierPorts = dataTierPortsOf(props.vpc);
    if (dataTierPorts && !dataTierPorts.includes(port)) {
      const what = props.port === undefined ? 'engine' : 'port';
      throw new HipaaValidationError(this, what, 'INCONSISTENT', `${what} is ${props.port === undefined ? `${engine.family} on port ${port}` : port}, but the data tier of vpc ` +
        `${props.vpc.node.path} admits only ports [${dataTierPorts.join(', ')}] (HipaaVpc databasePorts); its network ACL would drop every connection. ` +
        `Add ${port} to databasePorts, or set port to one of them (the source's port).`);
    }
    requirePlacement(this, props.vpc, { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, {
      tiers: ['isolated'], minAzs: 2, workload: 'a replica of a database holding PHI',
      why: 'the isolated tier has no route out of the VPC and its network ACL admits only the private tier on database ports',
      fix: 'a HipaaVpc (its isolated tier spans two or more Availability Zones)',
    });
    // Like HipaaDatabase's default, it ends in this stack instance's id: the log groups below are retained.
    const identifier = props.identifier
      ?? `db-${this.node.id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 30)}-replica-${stackInstanceSuffix()}`;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc, allowAllOutbound: false,
      description: `Database replica ${this.node.path}: ingress only from allowed peers on ${port}`,
    });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(port) });

    const logKey = props.logEncryptionKey ?? new HipaaKey(this, 'LogKey', { description: `cdk-hipaa key for the logs of database replica ${this.node.path}` }).key;
    const logGroups = engine.logExports.map((type) => new HipaaLogGroup(this, `Log-${type}`, {
      logGroupName: `/aws/rds/instance/${identifier}/${type}`, encryptionKey: logKey,
    }));
    const tls = engine.tlsParameter;
    const parameters = new rds.ParameterGroup(this, 'Parameters', {
      engine: engine.instanceEngine,
      description: `${this.node.path}: TLS required (${tls.name}=${tls.value})`,
      parameters: {
        ...(engine.family === HipaaDatabaseEngineFamily.MYSQL ? { slow_query_log: '1', general_log: '0', log_output: 'FILE' } : auditParameters(engine.family)),
        [tls.name]: tls.value,
      },
    });
    // The source is another region's instance: CDK would build its ARN in this region, so the L1 property is set to the given ARN below.
    const source = rds.DatabaseInstance.fromDatabaseInstanceAttributes(this, 'Source', {
      instanceIdentifier: props.sourceDatabaseArn.split(':').pop() ?? 'source', instanceEndpointAddress: 'unused', port,
      securityGroups: [], engine: engine.instanceEngine,
    });
    this.instance = new rds.DatabaseInstanceReadReplica(this, 'Instance', {
      sourceDatabaseInstance: source,
      instanceIdentifier: identifier,
      port,
      instanceType: props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE),
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [this.securityGroup],
      storageEncryptionKey: props.encryptionKey,
      publiclyAccessible: false,
      multiAz: true,
      parameterGroup: parameters,
      cloudwatchLogsExports: [...engine.logExports],
      monitoringInterval: Duration.seconds(60),
      monitoringRole: enhancedMonitoringRole(this, 'MonitoringRole'),
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: props.encryptionKey,
      iamAuthentication: true,
      autoMinorVersionUpgrade: true,
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      deletionProtection: true,
      copyTagsToSnapshot: true,
      // RDS takes no final snapshot of a read replica; its data is the source's (whose backups are kept and copied).
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const cfn = this.instance.node.defaultChild as rds.CfnDBInstance;
    cfn.sourceDbInstanceIdentifier = props.sourceDatabaseArn;
    // CloudFormation: StorageEncrypted must not be set with SourceDBInstanceIdentifier (inherited from the source); KmsKeyId
    // (required for an encrypted cross-region replica) encrypts it with this region's key.
    cfn.storageEncrypted = undefined;
    this.acknowledge(cfn, engine, port);
    // RDS would create the log groups itself, unencrypted and never expiring, if it wrote first.
    for (const group of logGroups) this.instance.node.addDependency(group);
    applyDataClassification(this, this, undefined, undefined);
  }

  private acknowledge(cfn: rds.CfnDBInstance, engine: HipaaDatabaseEngine, port: number): void {
    const backups = 'A read replica is a continuous copy of its source, not a backup of it: the source database is in its own region\'s ' +
      'HipaaBackupPlan (35 days, copied to the disaster-recovery vault of this region), and RDS takes no automated backups of a PostgreSQL ' +
      'replica. After promotion the instance is a primary and goes into a HipaaBackupPlan (README, failover runbook).';
    suppressHipaaAndNist(cfn, 'RDSInBackupPlan', backups);
    if (port === engine.port) {
      const defaultPort = `The engine's default port ${port} (the port prop moves it): a non-default port is obscurity, not a control: the security group admits only named peers (none until ` +
        'allowFrom), the isolated tier\'s network ACL only the private tier, and the engine requires TLS and IAM or secret credentials.';
      suppress(cfn, 'AwsSolutions-RDS11', defaultPort);
      suppress(cfn, 'ControlTower-CT.RDS.PR.20', defaultPort);
    }
    else {
      // cdk-nag's RDS11 reads the instance's Engine property, which a read replica does not carry (inherited from its source).
      suppress(cfn, 'AwsSolutions-RDS11', `The replica listens on port ${port}, not the engine's default ${engine.port} (the template's Port ` +
        'property); cdk-nag RDS11 judges the port only with an Engine property, which a read replica does not carry: it inherits its source\'s engine.');
    }
    const encrypted = 'The replica is encrypted: KmsKeyId names the customer-managed key of this region, which RDS requires for an encrypted ' +
      'cross-region replica, and the source is encrypted. CloudFormation refuses StorageEncrypted together with SourceDBInstanceIdentifier ' +
      '(the setting is inherited from the source), so the property the check reads is absent.';
    for (const id of [...hipaaAndNistRuleIds('RDSStorageEncrypted'), 'AwsSolutions-RDS2', 'ControlTower-CT.RDS.PR.16']) {
      suppress(cfn, id, encrypted);
    }
  }

  /** Admits `peer` on the database port. */
  public allowFrom(peer: ec2.IConnectable, description: string): void {
    this.connections.allowDefaultPortFrom(peer, description);
  }

  private validateSource(arn: string): void {
    if (Token.isUnresolved(arn)) return;
    const m = DB_ARN.exec(arn);
    if (!m) {
      throw new HipaaValidationError(this, 'sourceDatabaseArn', 'INVALID_VALUE', `sourceDatabaseArn is '${arn}'; give the source DB instance's ARN ` +
        '(arn:aws:rds:<region>:<account>:db:<identifier>): a replica in another region names its source by ARN.');
    }
    const region = Stack.of(this).region;
    if (Token.isUnresolved(region)) {
      throw new HipaaValidationError(this, 'env.region', 'UNRESOLVED_TOKEN', 'the stack of a HipaaDatabaseReplica has no region; pin it to the disaster-recovery region (env: { region }).');
    }
    if (m[1] === region) {
      throw new HipaaValidationError(this, 'sourceDatabaseArn', 'WEAKENS_SAFEGUARD', `sourceDatabaseArn is in '${m[1]}', this stack's own region; a replica in the ` +
        'same region does not survive a regional outage. Deploy the replica to the disaster-recovery region.');
    }
  }
}
