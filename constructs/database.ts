import { CustomResource, Duration, Names, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import { suppress, suppressHipaaAndNist } from '../lib/compliance/suppress';
import { hipaaAndNistRuleIds } from '../lib/compliance/ids';
import { IHipaaBackupable } from './backup-plan/backupable';
import { HipaaDatabaseEngine, HipaaDatabaseEngineFamily, TLS_PARAMETERS } from './database/engine';
import { enhancedMonitoringRole } from './database/monitoring-role';
import { auditParameters } from './database/audit-parameters';
import { ORACLE_AUDIT_PARAMETERS, oracleOptionGroup, validateOracleParameters, validateOracleSettings } from './database/oracle';
import { dbUserArn, DbUserProvisioner, HipaaDatabaseConnectGrant, HipaaDatabaseGrantOptions } from './database/db-user';
import { DbPrivilege, DbUserEngine, isPostgres, objectNameProblem, privilegesProblem, userNameProblem } from './database/db-user-sql';
import { applyDataClassification } from './data-classification';
import { validateDatabaseParameters } from './database/parameter-rules';
import { HipaaKey } from './key';
import { HipaaLogGroup } from './log-group';
import { allowOnPort, requirePlacement } from './vpc/placement';
import { dataTierPortsOf } from './vpc/data-tier-ports';
import {
  customerManagedKey, describeValue, duration, hasMembers, instanceTypeCheck, logRetention, NAME_RULES, num, PropChecks, reason, record, required, str,
  subnetSelection, validateProps, vpcCheck,
} from './validation';
import { daysOf } from './retention';
import { HipaaValidationError } from '../lib/errors';
import { allowVpcEndpointEgress } from './vpc/egress';
import { stackInstanceSuffix } from './stack-instance';
import { acknowledgeTeardown, HipaaTeardown, validateTeardown } from './teardown';

export { HipaaDatabaseEngine, HipaaDatabaseEngineFamily, TLS_PARAMETERS };
export type { HipaaOracleOptions } from './database/oracle';
export { DB_PRIVILEGES } from './database/db-user-sql';
export type { DbPrivilege } from './database/db-user-sql';
export type { HipaaDatabaseConnectGrant, HipaaDatabaseGrantOptions };

/** Backup retention RDS keeps by default: its maximum, 35 days. */
export const DEFAULT_DB_BACKUP_RETENTION = Duration.days(35);
/** Shortest backup retention accepted: seven days of point-in-time recovery. */
export const MIN_DB_BACKUP_RETENTION_DAYS = 7;
const MONITORING_INTERVALS_SECONDS = [1, 5, 10, 15, 30, 60];

/** What a database without deletion protection raises (acknowledged only for a teardown). */
const DATABASE_PROTECTION_RULES = [...hipaaAndNistRuleIds('RDSInstanceDeletionProtectionEnabled'), 'AwsSolutions-RDS10'];
/** The Control Tower control of each: CT.RDS.PR.13 reads instances, CT.RDS.PR.3 Aurora clusters. */
const CONTROL_TOWER_PROTECTION_RULE = { instance: 'ControlTower-CT.RDS.PR.13', cluster: 'ControlTower-CT.RDS.PR.3' };

/** Props of {@link HipaaDatabase}. */
export interface HipaaDatabaseProps {
  /** The VPC; the database goes into its isolated subnets. */
  readonly vpc: ec2.IVpc;
  /**
   * Engine and version.
   * @default HipaaDatabaseEngine.postgres()
   */
  readonly engine?: HipaaDatabaseEngine;
  /**
   * Instance class (of each Aurora instance for Aurora).
   * @default - db.m7g.large (db.r7g.large for Aurora)
   */
  readonly instanceType?: ec2.InstanceType;
  /**
   * Subnets of the database. Public subnets are rejected.
   * @default - the VPC's isolated subnets (`PRIVATE_ISOLATED`)
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Customer-managed key for storage, the master secret and Performance Insights.
   * @default - a new HipaaKey
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Customer-managed key of the exported log groups (kept apart from the data key, so
   * whoever may read logs cannot decrypt the database, and the reverse).
   * @default - a new HipaaKey for the logs
   */
  readonly logEncryptionKey?: kms.IKey;
  /**
   * Port the database listens on (RDS accepts 1150 to 65535). Set a port other than the engine's
   * default (e.g. 5433 for PostgreSQL) to pass the default-port controls (AwsSolutions-RDS11,
   * Control Tower CT.RDS.PR.20); a HipaaVpc's `databasePorts` must admit it. Changing the port of
   * a deployed database is an in-place modification that restarts it at once and changes every
   * client's connection string: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html (DBPortNumber).
   * @default - the engine's default port (5432 PostgreSQL, 3306 MySQL, 1521 Oracle), with those findings acknowledged
   */
  readonly port?: number;
  /**
   * Name of the database created at launch.
   * @default - none (connect to the engine's default database)
   */
  readonly databaseName?: string;
  /**
   * Master user name; its password is generated into Secrets Manager and rotated.
   * @default 'hipaa_admin'
   */
  readonly masterUsername?: string;
  /**
   * Extra engine parameters. The TLS parameter of the engine is set for you
   * (`rds.force_ssl=1` or `require_secure_transport=ON`); a value that weakens it, or the
   * TLS parameter of another engine, is rejected. PostgreSQL engines also get pgAudit
   * (`shared_preload_libraries` with pgaudit, `pgaudit.log=ddl,role`,
   * `pgaudit.log_parameter=0`) and `log_connections` / `log_disconnections` on; a value that
   * drops pgaudit, logs reads or writes or statement parameters, or stops connection logging
   * is rejected.
   * @default - the TLS parameter; PostgreSQL: the audit parameters above; MySQL: the slow query log to FILE
   */
  readonly parameters?: Record<string, string>;
  /**
   * How long automated backups (point-in-time recovery) are kept, 7 to 35 days.
   * @default Duration.days(35)
   */
  readonly backupRetention?: Duration;
  /**
   * Initial storage in GiB (RDS instances only; Aurora grows by itself).
   * @default 100
   */
  readonly allocatedStorage?: number;
  /**
   * Upper bound of storage autoscaling in GiB (RDS instances only).
   * @default 1000
   */
  readonly maxAllocatedStorage?: number;
  /**
   * How often Secrets Manager rotates the master password (hosted rotation).
   * @default Duration.days(30)
   */
  readonly rotationInterval?: Duration;
  /**
   * Subnets of the hosted rotation function: they need a route to the Secrets Manager
   * endpoint (HipaaVpc has an interface endpoint) and to the database.
   * @default - the VPC's private subnets with egress
   */
  readonly rotationSubnets?: ec2.SubnetSelection;
  /**
   * Retention of the exported database logs, six years or longer.
   * @default logs.RetentionDays.SIX_YEARS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Enhanced monitoring granularity: 1, 5, 10, 15, 30 or 60 seconds.
   * @default Duration.seconds(60)
   */
  readonly monitoringInterval?: Duration;
  /**
   * Performance Insights retention (encrypted with the key).
   * @default rds.PerformanceInsightRetention.DEFAULT (7 days, free tier)
   */
  readonly performanceInsightRetention?: rds.PerformanceInsightRetention;
  /**
   * DB instance (or Aurora cluster) identifier, known before the database so its log groups exist,
   * encrypted and retained, before RDS would create them unencrypted. A literal identifier gives the
   * retained log groups the same names in every instance of the stack, so a redeploy after a teardown
   * fails while they exist (HipaaGap-RetainedResourceNameUnique reports it).
   * @default - derived from the construct path, lower case, ending in this stack instance's id
   */
  readonly identifier?: string;
  /**
   * Value of the `DataClassification` tag, read by the PHI key rule of HipaaConfigRules. 'PHI' in
   * any spelling is written 'PHI'; another value takes the store out of that rule and needs
   * `nonPhiJustification`.
   * @default 'PHI'
   */
  readonly dataClassification?: string;
  /**
   * Why this store never holds PHI (at least 30 characters); required with a `dataClassification`
   * other than 'PHI' and shown as the acknowledgement of HipaaGap-DataStoreClassification.
   * @default - none; a classification other than PHI is rejected
   */
  readonly nonPhiJustification?: string;
  /**
   * Non-production only: let `cdk destroy` and the rollback of a failed first create delete
   * the database (deletion protection off; the final snapshot is still taken, removal policy SNAPSHOT). The reason acknowledges the findings this raises and is noted at synth (info).
   * @default - protected: deletion protection on, so a stack delete fails until it is turned off by hand
   */
  readonly teardown?: HipaaTeardown;
}

/** Every prop's type and AWS limit; placement, ports, parameters and retention floors follow in the constructor. */
const PROP_CHECKS: Partial<PropChecks<HipaaDatabaseProps>> = {
  vpc: required(vpcCheck()),
  engine: hasMembers('a HipaaDatabaseEngine, e.g. HipaaDatabaseEngine.postgres()', 'family', 'port'),
  instanceType: instanceTypeCheck(),
  vpcSubnets: subnetSelection(),
  // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html (Port: 1150-65535)
  port: num({ integer: true, min: 1150, max: 65535 }),
  encryptionKey: customerManagedKey(),
  logEncryptionKey: customerManagedKey(),
  databaseName: str({ ...NAME_RULES.rdsDatabaseName, literalBecause: 'database grants name the database' }),
  masterUsername: str({ ...NAME_RULES.rdsMasterUsername, literalBecause: 'the master secret and the user grants name the user',
    judge: (v) => (v.toLowerCase() === 'rdsadmin' ? "'rdsadmin' is reserved by RDS; choose another name." : undefined) }),
  parameters: record(str({ allowEmpty: true }), 'engine parameter values (strings)'),
  // RDS keeps automated backups 1 to 35 days; the floor of 7 is judged (and enforced on a parameter) as a safeguard.
  backupRetention: duration({ unit: 'days', min: 1, max: 35, whole: true, deployMin: MIN_DB_BACKUP_RETENTION_DAYS, safeguard: 'automated backups are kept at least 7 days' }),
  // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html (gp3: 20 to 65,536 GiB)
  allocatedStorage: num({ integer: true, min: 20, max: 65536, unit: 'GiB' }),
  maxAllocatedStorage: num({ integer: true, min: 20, max: 65536, unit: 'GiB' }),
  // Secrets Manager rotation: every 1 to 1000 days (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_schedule.html).
  rotationInterval: duration({ unit: 'days', min: 1, max: 1000, whole: true }),
  rotationSubnets: subnetSelection(),
  logRetention: logRetention(),
  monitoringInterval: duration({ unit: 'seconds', min: 1, max: 60 }),
  performanceInsightRetention: num({ integer: true, allowed: Object.values(rds.PerformanceInsightRetention).filter((v): v is number => typeof v === 'number') }),
  identifier: str(),
  dataClassification: str({ literalBecause: 'the PHI key rule selects stores by this tag' }),
  nonPhiJustification: reason('HipaaGap-DataStoreClassification'),
};

/**
 * An RDS database for PHI: PostgreSQL by default (MySQL, Aurora PostgreSQL by
 * prop) in isolated subnets, storage and Performance Insights encrypted with a
 * customer-managed key, Multi-AZ, not public, TLS forced by parameter group,
 * IAM authentication, a generated master secret encrypted with the key and
 * rotated by Secrets Manager, 35 days of backups, deletion protection, SNAPSHOT
 * on removal, all logs exported to encrypted log groups kept six years,
 * database activity recorded (PostgreSQL: pgAudit DDL and role changes, connections and
 * disconnections, never statement parameters; MySQL: the audit plugin), enhanced monitoring. Ingress only from peers given to {@link allowFrom}.
 * §164.312(a)(1), (a)(2)(iv), (b), (e)(1).
 */
export class HipaaDatabase extends Construct implements ec2.IConnectable, IHipaaBackupable {
  /** The RDS instance (undefined for Aurora). */
  public readonly instance?: rds.DatabaseInstance;
  /** The Aurora cluster (undefined for an RDS instance). */
  public readonly cluster?: rds.DatabaseCluster;
  /** The master user secret, rotated by Secrets Manager. */
  public readonly secret: secretsmanager.ISecret;
  /** The customer-managed key. */
  public readonly key: kms.IKey;
  /** The database's security group: no ingress except what allowFrom adds. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** Network connections of the database. */
  public readonly connections: ec2.Connections;
  /** The engine. */
  public readonly engine: HipaaDatabaseEngine;
  /** The port clients connect to. */
  public readonly port: number;
  /** The log groups receiving the exported logs, by log type. */
  public readonly logGroups: Record<string, logs.LogGroup> = {};
  private readonly vpc: ec2.IVpc;
  private readonly privateSubnets: ec2.SubnetSelection;
  private readonly masterUsername: string;
  private readonly databaseName?: string;
  private userProvisioner?: DbUserProvisioner;
  private readonly users = new Map<string, { resource: CustomResource; signature: string }>();

  constructor(scope: Construct, id: string, props: HipaaDatabaseProps) {
    super(scope, id);
    validateProps(this, props, PROP_CHECKS);
    this.engine = props.engine ?? HipaaDatabaseEngine.postgres();
    this.port = props.port ?? this.engine.port;
    const dataTierPorts = dataTierPortsOf(props.vpc);
    if (dataTierPorts && !dataTierPorts.includes(this.port)) {
      const what = props.port === undefined ? 'engine' : 'port';
      throw new HipaaValidationError(this, what, 'INCONSISTENT', `${what} is ${props.port === undefined ? `${this.engine.family} on port ${this.port}` : this.port}, but the data tier of vpc ` +
        `${props.vpc.node.path} admits only ports [${dataTierPorts.join(', ')}] (HipaaVpc databasePorts); its network ACL would drop every connection. ` +
        `Add ${this.port} to databasePorts, or choose ${props.port === undefined ? 'the engine' : 'a port'} those ports serve.`);
    }
    this.vpc = props.vpc;
    this.privateSubnets = props.rotationSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    this.masterUsername = props.masterUsername ?? 'hipaa_admin';
    this.databaseName = props.databaseName;
    const vpcSubnets = props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
    requirePlacement(this, props.vpc, vpcSubnets, {
      tiers: ['isolated'], minAzs: 2, workload: 'a Multi-AZ database holding PHI',
      why: 'the isolated tier has no route out of the VPC and its network ACL admits only the private tier on database ports',
      fix: '{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED } (the default), in at least two Availability Zones',
    });
    const backupRetention = props.backupRetention ?? DEFAULT_DB_BACKUP_RETENTION;
    validateBackupRetention(this, backupRetention);
    validateStorage(this, props.allocatedStorage ?? 100, props.maxAllocatedStorage ?? 1000);
    const teardown = validateTeardown(this, 'teardown', props.teardown);
    const monitoringInterval = props.monitoringInterval ?? Duration.seconds(60);
    validateMonitoringInterval(this, monitoringInterval);
    if (this.engine.oracle) validateOracleSettings(this, this.engine.oracle);
    // The default ends in this stack instance's id: the log groups below are retained, and a name shared by every
    // instance of the stack would make a redeploy after a teardown fail with "already exists".
    const identifier = props.identifier !== undefined ? validateIdentifier(this, props.identifier)
      : `${validateIdentifier(this, defaultIdentifier(this))}-${stackInstanceSuffix()}`;

    this.key = props.encryptionKey ?? new HipaaKey(this, 'Key', { description: `cdk-hipaa key for database ${this.node.path}` }).key;
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Database ${this.node.path}: ingress only from allowed peers on ${this.port}`,
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(this.port) });

    const logKey = props.logEncryptionKey ?? new HipaaKey(this, 'LogKey', { description: `cdk-hipaa key for the logs of database ${this.node.path}` }).key;
    const logGroups = this.createLogGroups(identifier, logKey, props.logRetention);
    const common = {
      vpc: props.vpc,
      vpcSubnets,
      port: this.port,
      securityGroups: [this.securityGroup],
      ...this.credentials(),
      storageEncryptionKey: this.key,
      // RDS for Oracle has no IAM database authentication (MySQL, MariaDB and PostgreSQL only).
      iamAuthentication: this.engine.oracle ? undefined : true,
      // Off only for a non-production teardown; either way CloudFormation takes a final snapshot on delete.
      deletionProtection: teardown === undefined,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      copyTagsToSnapshot: true,
      cloudwatchLogsExports: [...this.engine.logExports],
      monitoringInterval,
      monitoringRole: enhancedMonitoringRole(this, 'MonitoringRole'),
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: this.key,
      performanceInsightRetention: props.performanceInsightRetention ?? rds.PerformanceInsightRetention.DEFAULT,
      parameterGroup: this.parameterGroup(props.parameters ?? {}),
    };

    let database: Construct;
    if (this.engine.isCluster) {
      const instanceType = props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.LARGE);
      const member = (memberId: string) => rds.ClusterInstance.provisioned(memberId, {
        instanceType,
        publiclyAccessible: false,
        autoMinorVersionUpgrade: true,
        caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
        enablePerformanceInsights: true,
        performanceInsightEncryptionKey: this.key,
        performanceInsightRetention: common.performanceInsightRetention,
      });
      this.cluster = new rds.DatabaseCluster(this, 'Cluster', {
        ...common,
        engine: this.engine.clusterEngine!,
        clusterIdentifier: identifier,
        defaultDatabaseName: props.databaseName,
        writer: member('Writer'),
        // A reader in another AZ is Aurora's Multi-AZ: failover in about a minute.
        readers: [member('Reader')],
        storageEncrypted: true,
        backup: { retention: backupRetention },
      });
      database = this.cluster;
      this.secret = this.cluster.secret!;
    } else {
      this.instance = new rds.DatabaseInstance(this, 'Instance', {
        ...common,
        engine: this.engine.instanceEngine!,
        instanceIdentifier: identifier,
        databaseName: props.databaseName,
        // RDS for Oracle runs on Intel classes only.
        instanceType: props.instanceType ?? (this.engine.oracle
          ? ec2.InstanceType.of(ec2.InstanceClass.M5, ec2.InstanceSize.LARGE) : ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE)),
        licenseModel: this.engine.licenseModel,
        multiAz: true,
        publiclyAccessible: false,
        storageEncrypted: true,
        storageType: rds.StorageType.GP3,
        allocatedStorage: props.allocatedStorage ?? 100,
        maxAllocatedStorage: props.maxAllocatedStorage ?? 1000,
        backupRetention,
        autoMinorVersionUpgrade: true,
        caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
        optionGroup: this.auditOptionGroup(),
      });
      database = this.instance;
      this.secret = this.instance.secret!;
    }
    // RDS would create these groups itself, unencrypted and never expiring, if it wrote first.
    for (const group of Object.values(logGroups)) database.node.addDependency(group);
    // Oracle's master password is rotated by RDS itself (see credentials()); the others by a hosted rotation function.
    if (!this.engine.oracle) this.addRotation(props);
    applyDataClassification(this, this, props.dataClassification, props.nonPhiJustification);
    if (teardown) {
      acknowledgeTeardown(this, database, 'the database (a final snapshot is kept)',
        [...DATABASE_PROTECTION_RULES, CONTROL_TOWER_PROTECTION_RULE[this.engine.isCluster ? 'cluster' : 'instance']], teardown);
    }
    if (this.engine.oracle) this.acknowledgeOracleLimits(database);
    if (this.port === this.engine.port) {
      const defaultPort = `The engine's default port ${this.port} (the port prop moves it): a non-default port is obscurity, not a control; the security group ` +
        'admits only named peers, the isolated tier\'s network ACL only the private tier, and the engine requires TLS and IAM or secret credentials.';
      suppress(database, 'AwsSolutions-RDS11', defaultPort);
      suppress(database, 'ControlTower-CT.RDS.PR.20', defaultPort);
    }
  }

  /**
   * Admits `peer` on the database port, and nothing else.
   * @param peer a connectable (an Auto Scaling group, a function) or a CIDR peer
   * @param description shown on the security group rule
   */
  public allowFrom(peer: ec2.IConnectable | ec2.IPeer, description = 'Database clients'): void {
    allowOnPort(this.connections, peer, this.port, description);
  }

  /**
   * Lets `grantee` connect as database user `dbUser` with IAM authentication, and
   * creates that user at deploy time with exactly `options.privileges`: `rds-db:connect`
   * on this one user of this one database (in a customer-managed policy when the
   * grantee is a role), and a `Custom::HipaaDatabaseUser` whose function, in the
   * private tier, connects as the master user over TLS verified against the RDS
   * certificate authorities. The master secret stays readable only by that function
   * and by rotation. Network access is separate: call {@link allowFrom} for the grantee.
   * Removing the grant drops the user (PostgreSQL: kept without login if it owns objects).
   * §164.312(a)(1), (d).
   * @param grantee the workload identity (a role, an Auto Scaling group, a function)
   * @param dbUser the database user name: lower case, digits, underscores; not the master user
   * @param options the privileges, database and schemas
   */
  public grantConnect(grantee: iam.IGrantable, dbUser: string, options: HipaaDatabaseGrantOptions = {}): HipaaDatabaseConnectGrant {
    if (this.engine.oracle) {
      throw new HipaaValidationError(this, 'grantConnect', 'INCONSISTENT', `grantConnect('${dbUser}') is called on ${this.engine.family}, which has no IAM ` +
        'database authentication; create the Oracle user yourself and keep its password in a Secrets Manager secret under the key.');
    }
    const resource = this.databaseUser(dbUser, options);
    const resourceId = this.cluster ? this.cluster.clusterResourceIdentifier : this.instance!.instanceResourceId!;
    const statement = new iam.PolicyStatement({ actions: ['rds-db:connect'], resources: [dbUserArn(this, resourceId, dbUser)] });
    const principal = grantee.grantPrincipal;
    if (iam.Role.isRole(principal)) {
      const index = this.node.children.filter((c) => c.node.id.startsWith(`Connect-${dbUser}-`)).length;
      const policy = new iam.ManagedPolicy(this, `Connect-${dbUser}-${index}`, {
        description: `Connect to ${this.node.path} as database user ${dbUser} (IAM authentication)`,
        roles: [principal],
        statements: [statement],
      });
      return { userName: dbUser, userResource: resource, statement, policy };
    }
    iam.Grant.addToPrincipal({ grantee, actions: statement.actions, resourceArns: statement.resources });
    return { userName: dbUser, userResource: resource, statement };
  }

  /** The custom resource of one database user, created on the first grant (later grants must ask for the same user). */
  private databaseUser(dbUser: string, options: HipaaDatabaseGrantOptions): CustomResource {
    // grantConnect refuses Oracle before this point: the provisioner speaks PostgreSQL and MySQL.
    const family = this.engine.family as DbUserEngine;
    const postgres = isPostgres(family);
    const userProblem = Token.isUnresolved(dbUser) ? 'dbUser must be a literal string known at synth.' : userNameProblem(family, dbUser, this.masterUsername);
    if (userProblem) throw new HipaaValidationError(this, 'dbUser', 'INVALID_VALUE', userProblem);
    const privileges: DbPrivilege[] = options.privileges ?? ['SELECT'];
    const privilegeProblem = privilegesProblem(privileges);
    if (privilegeProblem) throw new HipaaValidationError(this, 'privileges', 'INVALID_VALUE', `${privilegeProblem} (grantConnect of '${dbUser}')`);
    const databaseName = options.databaseName ?? this.databaseName ?? (postgres ? 'postgres' : undefined);
    if (databaseName === undefined) {
      throw new HipaaValidationError(this, 'databaseName', 'REQUIRED', `databaseName is undefined for grantConnect of '${dbUser}'; MySQL privileges ` +
        'apply to one database: pass options.databaseName or give the HipaaDatabase a databaseName.');
    }
    const dbProblem = Token.isUnresolved(databaseName) ? 'databaseName must be a literal string known at synth.' : objectNameProblem('databaseName', databaseName);
    if (dbProblem) throw new HipaaValidationError(this, 'databaseName', 'INVALID_VALUE', dbProblem);
    if (!postgres && options.schemas !== undefined) {
      throw new HipaaValidationError(this, 'schemas', 'INCONSISTENT', `schemas is ${JSON.stringify(options.schemas)}, but MySQL has no schemas inside a ` +
        `database; remove it (privileges apply to ${databaseName}.*).`);
    }
    const schemas = postgres ? options.schemas ?? ['public'] : undefined;
    for (const schema of schemas ?? []) {
      const problem = objectNameProblem('schemas[]', schema);
      if (problem) throw new HipaaValidationError(this, 'schemas', 'INVALID_VALUE', problem);
    }
    if (schemas?.length === 0) throw new HipaaValidationError(this, 'schemas', 'INVALID_VALUE', 'schemas is []; name the schemas whose tables the user may use (e.g. public).');

    const properties = { SecretArn: this.secret.secretArn, Engine: family, UserName: dbUser, DatabaseName: databaseName, Privileges: privileges, Schemas: schemas };
    const signature = JSON.stringify({ ...properties, SecretArn: undefined });
    const existing = this.users.get(dbUser);
    if (existing) {
      if (existing.signature !== signature) {
        throw new HipaaValidationError(this, 'dbUser', 'INCONSISTENT', `dbUser '${dbUser}' was already granted with other options; ` +
          'grant every grantee of one user the same privileges, database and schemas, or use another user name.');
      }
      return existing.resource;
    }
    if (!this.userProvisioner) {
      this.userProvisioner = new DbUserProvisioner(this, 'UserProvisioner', {
        vpc: this.vpc, vpcSubnets: this.privateSubnets, secret: this.secret, secretKey: this.key,
      });
      this.allowFrom(this.userProvisioner.provisioner.securityGroup!, 'Database-user provisioner (deployment only)');
    }
    const resource = new CustomResource(this, `User-${dbUser}`, {
      serviceToken: this.userProvisioner.relay.function.functionArn,
      resourceType: 'Custom::HipaaDatabaseUser',
      properties,
    });
    // The user is created once the database, its secret (attached and rotating) and the network path exist.
    resource.node.addDependency(this.cluster ?? this.instance!, this.secret, this.securityGroup, this.userProvisioner);
    this.users.set(dbUser, { resource, signature });
    return resource;
  }

  /** What RDS for Oracle does not offer, acknowledged with the fact (only on Oracle instances). */
  private acknowledgeOracleLimits(database: Construct): void {
    suppress(database, 'ControlTower-CT.RDS.PR.7', 'RDS for Oracle has no IAM database authentication (MySQL, MariaDB and PostgreSQL only, ' +
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html); users authenticate with passwords over Native Network ' +
      'Encryption, the master password is generated, kept and rotated by RDS in Secrets Manager under the customer-managed key.');
  }

  /** The instance or the cluster, for AWS Backup. */
  public backupResources(): backup.BackupResource[] {
    return [this.cluster
      ? backup.BackupResource.fromRdsDatabaseCluster(this.cluster)
      : backup.BackupResource.fromRdsDatabaseInstance(this.instance!)];
  }

  /** Aurora instances are backed up through their cluster, which the plan selects. */
  public bindToBackupPlan(plan: IConstruct): void {
    if (!this.cluster) return;
    for (const member of this.node.findAll().filter((c) => c instanceof rds.CfnDBInstance)) {
      suppressHipaaAndNist(member, 'RDSInBackupPlan', `AWS Backup protects Aurora at the cluster level: the cluster of this ` +
        `instance is selected by the backup plan ${plan.node.path}; instances of a cluster cannot be selected on their own.`);
    }
  }

  private createLogGroups(identifier: string, key: kms.IKey, retention: logs.RetentionDays | undefined): Record<string, logs.LogGroup> {
    const kind = this.engine.isCluster ? 'cluster' : 'instance';
    for (const type of this.engine.logExports) {
      const group = new HipaaLogGroup(this, `Log-${type}`, {
        logGroupName: `/aws/rds/${kind}/${identifier}/${type}`,
        encryptionKey: key,
        retention,
      });
      this.logGroups[type] = group.logGroup;
    }
    return this.logGroups;
  }

  /**
   * The master credentials: a generated secret under the key, rotated by a hosted rotation function; for Oracle, the
   * password RDS manages in Secrets Manager under the key and rotates itself. Hosted Oracle rotation connects with
   * python-oracledb, which cannot negotiate the Native Network Encryption this construct requires, so it would fail
   * (https://github.com/aws-samples/aws-secrets-manager-rotation-lambdas/issues/132); RDS rotates its managed secret without
   * connecting (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html).
   */
  private credentials(): { credentials: rds.Credentials; manageMasterUserPassword?: boolean } {
    if (this.engine.oracle) {
      return { credentials: rds.Credentials.fromUsername(this.masterUsername, { encryptionKey: this.key }), manageMasterUserPassword: true };
    }
    return { credentials: rds.Credentials.fromGeneratedSecret(this.masterUsername, { encryptionKey: this.key }) };
  }

  private parameterGroup(extra: Record<string, string>): rds.IParameterGroup {
    if (this.engine.oracle) {
      validateOracleParameters(this, extra);
      return new rds.ParameterGroup(this, 'Parameters', {
        engine: this.engine.instanceEngine!,
        description: `${this.node.path}: audit trail to OS files, exported (audit_trail=OS); TLS through Native Network Encryption (option group)`,
        parameters: { ...extra, ...ORACLE_AUDIT_PARAMETERS },
      });
    }
    const tls = this.engine.tlsParameter!;
    validateDatabaseParameters(this, this.engine.family, extra);
    for (const [name, value] of Object.entries(extra)) {
      if (name === tls.name && Token.isUnresolved(value)) {
        throw new HipaaValidationError(this, 'parameters', 'UNRESOLVED_TOKEN', `parameters['${name}'] is ${describeValue(this, value)}; HipaaDatabase sets ` +
          `'${name}=${tls.value}' itself so the database refuses connections without TLS. Remove it from parameters.`);
      }
      if (name === tls.name && !tlsParameterOn(tls.value, value)) {
        throw new HipaaValidationError(this, 'parameters', 'WEAKENS_SAFEGUARD', `parameters['${name}'] is '${value}'; it must stay '${tls.value}' so the database ` +
          'refuses connections without TLS (§164.312(e)(1)). Remove it from parameters; HipaaDatabase sets it.');
      }
      const other = Object.entries(TLS_PARAMETERS).find(([, p]) => p?.name === name && p.name !== tls.name);
      if (other) {
        throw new HipaaValidationError(this, 'parameters', 'INCONSISTENT', `parameters['${name}'] is the TLS parameter of ${other[0]}, but the engine is ` +
          `${this.engine.family}, which uses '${tls.name}'. Remove it; HipaaDatabase sets '${tls.name}=${tls.value}' for you.`);
      }
    }
    const engineDefaults: Record<string, string> = this.engine.family === HipaaDatabaseEngineFamily.MYSQL
      // The general log would copy every statement, PHI included, into CloudWatch: off, but
      // exported so turning it on is a parameter change. Slow queries are logged.
      ? { slow_query_log: '1', general_log: '0', log_output: 'FILE' }
      // PostgreSQL: pgAudit (DDL, role changes; never parameters) and connection logging.
      : auditParameters(this.engine.family);
    return new rds.ParameterGroup(this, 'Parameters', {
      engine: this.engine.instanceEngine ?? this.engine.clusterEngine!,
      description: `${this.node.path}: TLS required (${tls.name}=${tls.value})`,
      parameters: { ...engineDefaults, ...extra, [tls.name]: tls.value },
    });
  }

  /** MySQL writes its audit log only with the MariaDB audit plugin. */
  private auditOptionGroup(): rds.IOptionGroup | undefined {
    if (this.engine.oracle) return oracleOptionGroup(this, 'OracleOptions', this.engine.instanceEngine!, this.engine.oracle);
    if (this.engine.family !== HipaaDatabaseEngineFamily.MYSQL) return undefined;
    return new rds.OptionGroup(this, 'AuditOptions', {
      engine: this.engine.instanceEngine!,
      description: `${this.node.path}: MariaDB audit plugin (connections, DDL, DCL; not query text, which can hold PHI)`,
      configurations: [{
        name: 'MARIADB_AUDIT_PLUGIN',
        settings: { SERVER_AUDIT_EVENTS: 'CONNECT,QUERY_DDL,QUERY_DCL' },
      }],
    });
  }

  private addRotation(props: HipaaDatabaseProps): void {
    const rotationSecurityGroup = new ec2.SecurityGroup(this, 'RotationSecurityGroup', {
      vpc: props.vpc,
      description: `Secret rotation of ${this.node.path}: to the database and to the VPC endpoints only`,
      allowAllOutbound: false,
    });
    // Secrets Manager through its interface endpoint; no internet.
    allowVpcEndpointEgress(props.vpc, rotationSecurityGroup, this, 'Secrets Manager through the VPC endpoints only');
    this.allowFrom(rotationSecurityGroup, 'Hosted rotation of the master secret');
    this.secret.addRotationSchedule('Rotation', {
      hostedRotation: this.engine.hostedRotation({
        vpc: props.vpc,
        vpcSubnets: props.rotationSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        securityGroups: [rotationSecurityGroup],
      }),
      automaticallyAfter: props.rotationInterval ?? Duration.days(30),
    });
  }
}

function validateBackupRetention(scope: Construct, retention: Duration): void {
  const days = daysOf(retention);
  if (days === undefined) return;
  if (!Number.isInteger(days) || days < MIN_DB_BACKUP_RETENTION_DAYS || days > 35) {
    throw new HipaaValidationError(scope, 'backupRetention', 'OUT_OF_RANGE', `backupRetention is ${days} days; use a whole number of days from ` +
      `${MIN_DB_BACKUP_RETENTION_DAYS} to 35 (RDS's maximum). Longer retention belongs in a HipaaBackupPlan.`);
  }
}

function validateStorage(scope: Construct, allocated: number, max: number): void {
  if (!Number.isInteger(allocated) || allocated < 20 || allocated > 65536 || !Number.isInteger(max) || max < allocated || max > 65536) {
    throw new HipaaValidationError(scope, 'allocatedStorage', 'OUT_OF_RANGE', `allocatedStorage=${allocated} GiB, maxAllocatedStorage=${max} GiB; use whole GiB with ` +
      '20 <= allocatedStorage <= maxAllocatedStorage <= 65536 (gp3), or storage autoscaling cannot grow.');
  }
}

function validateMonitoringInterval(scope: Construct, interval: Duration): void {
  const seconds = interval.toSeconds({ integral: false });
  if (Token.isUnresolved(seconds)) return;
  if (!MONITORING_INTERVALS_SECONDS.includes(seconds)) {
    throw new HipaaValidationError(scope, 'monitoringInterval', 'OUT_OF_RANGE', `monitoringInterval is ${seconds} seconds; enhanced monitoring accepts ` +
      `${MONITORING_INTERVALS_SECONDS.join(', ')} seconds (0 would turn it off).`);
  }
}

function defaultIdentifier(scope: Construct): string {
  // 'db-' + 50 + '-' + 8 hex digits of the stack id: 62 of RDS's 63 characters.
  const name = Names.uniqueResourceName(scope, { maxLength: 50, separator: '-' }).toLowerCase().replace(/[^a-z0-9-]/g, '').replace(/-+/g, '-');
  return `db-${name}`.replace(/-$/, '');
}

function validateIdentifier(scope: Construct, identifier: string): string {
  if (Token.isUnresolved(identifier)) {
    throw new HipaaValidationError(scope, 'identifier', 'UNRESOLVED_TOKEN', `identifier must be known at synth (the log group names are built from it); pass a literal string.`);
  }
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(identifier) || identifier.length > 63) {
    throw new HipaaValidationError(scope, 'identifier', 'INVALID_VALUE', `identifier '${identifier}' is not a valid RDS identifier; use 1 to 63 lower-case ` +
      'letters, digits and single hyphens, starting with a letter and not ending with a hyphen.');
  }
  return identifier;
}

/** Whether `value` turns the engine's force-TLS parameter on: MySQL's require_secure_transport is a boolean that RDS takes as ON or 1. */
function tlsParameterOn(expected: string, value: unknown): boolean {
  const given = String(value).trim().toUpperCase();
  return given === expected || (['ON', '1'].includes(expected) && ['ON', '1', 'TRUE'].includes(given));
}
