import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { HipaaOracleOptions, OracleSettings } from './oracle';

export type { HipaaOracleOptions };

/** The engines HipaaDatabase supports. */
export enum HipaaDatabaseEngineFamily {
  POSTGRES = 'postgres',
  MYSQL = 'mysql',
  AURORA_POSTGRESQL = 'aurora-postgresql',
  ORACLE_SE2 = 'oracle-se2',
  ORACLE_EE = 'oracle-ee',
}

/** The parameter that makes an engine refuse connections without TLS. */
export interface TlsParameter {
  readonly name: string;
  readonly value: string;
}

/**
 * Every engine's TLS parameter, so a parameter meant for another engine can be recognized.
 * Oracle has none: its transport encryption is an option group (Native Network Encryption).
 */
export const TLS_PARAMETERS: Readonly<Partial<Record<HipaaDatabaseEngineFamily, TlsParameter>>> = {
  [HipaaDatabaseEngineFamily.POSTGRES]: { name: 'rds.force_ssl', value: '1' },
  [HipaaDatabaseEngineFamily.MYSQL]: { name: 'require_secure_transport', value: 'ON' },
  [HipaaDatabaseEngineFamily.AURORA_POSTGRESQL]: { name: 'rds.force_ssl', value: '1' },
};

/**
 * Every log RDS for Oracle exports (the Enterprise Manager agent's stays empty unless you add the OEM_AGENT option).
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Concepts.Oracle.html
 */
const ORACLE_LOG_EXPORTS = ['alert', 'audit', 'listener', 'oemagent', 'trace'];

/**
 * An RDS engine with what HIPAA hardening needs to know about it: the TLS
 * parameter, the log types to export, the hosted rotation and whether it is a
 * cluster (Aurora) or an instance. Choose with the static factories.
 */
export class HipaaDatabaseEngine {
  /** RDS for PostgreSQL (default: the newest 17.x, minor upgrades applied automatically). */
  public static postgres(version: rds.PostgresEngineVersion = rds.PostgresEngineVersion.VER_17): HipaaDatabaseEngine {
    return new HipaaDatabaseEngine(HipaaDatabaseEngineFamily.POSTGRES, 5432, ['postgresql', 'upgrade'],
      rds.DatabaseInstanceEngine.postgres({ version }), undefined,
      (o) => secretsmanager.HostedRotation.postgreSqlSingleUser(o));
  }

  /** RDS for MySQL (default: 8.4.10; minor upgrades applied automatically). */
  public static mysql(version: rds.MysqlEngineVersion = rds.MysqlEngineVersion.VER_8_4_10): HipaaDatabaseEngine {
    return new HipaaDatabaseEngine(HipaaDatabaseEngineFamily.MYSQL, 3306, ['audit', 'error', 'general', 'slowquery'],
      rds.DatabaseInstanceEngine.mysql({ version }), undefined,
      (o) => secretsmanager.HostedRotation.mysqlSingleUser(o));
  }

  /** Aurora PostgreSQL, a writer and a reader in different AZs. */
  public static auroraPostgres(version: rds.AuroraPostgresEngineVersion = rds.AuroraPostgresEngineVersion.VER_17_9): HipaaDatabaseEngine {
    return new HipaaDatabaseEngine(HipaaDatabaseEngineFamily.AURORA_POSTGRESQL, 5432, ['postgresql'],
      undefined, rds.DatabaseClusterEngine.auroraPostgres({ version }),
      (o) => secretsmanager.HostedRotation.postgreSqlSingleUser(o));
  }

  /**
   * RDS for Oracle Standard Edition 2 (default: 19c, the newest release update applied by
   * minor upgrades; license included unless `options.licenseModel` says otherwise), with Native
   * Network Encryption REQUIRED (AES-256, SHA-2) and the audit trail exported.
   */
  public static oracleSe2(version: rds.OracleEngineVersion = rds.OracleEngineVersion.VER_19, options: HipaaOracleOptions = {}): HipaaDatabaseEngine {
    return new HipaaDatabaseEngine(HipaaDatabaseEngineFamily.ORACLE_SE2, 1521, ORACLE_LOG_EXPORTS,
      rds.DatabaseInstanceEngine.oracleSe2({ version }), undefined,
      (o) => secretsmanager.HostedRotation.oracleSingleUser(o),
      { ...options, edition: 'se2', licenseModel: options.licenseModel ?? rds.LicenseModel.LICENSE_INCLUDED });
  }

  /**
   * RDS for Oracle Enterprise Edition (default: 19c; bring your own license), with Native Network
   * Encryption REQUIRED (AES-256, SHA-2), the audit trail exported and, with
   * `options.transparentDataEncryption`, the TDE option.
   */
  public static oracleEe(version: rds.OracleEngineVersion = rds.OracleEngineVersion.VER_19, options: HipaaOracleOptions = {}): HipaaDatabaseEngine {
    return new HipaaDatabaseEngine(HipaaDatabaseEngineFamily.ORACLE_EE, 1521, ORACLE_LOG_EXPORTS,
      rds.DatabaseInstanceEngine.oracleEe({ version }), undefined,
      (o) => secretsmanager.HostedRotation.oracleSingleUser(o),
      { ...options, edition: 'ee', licenseModel: options.licenseModel ?? rds.LicenseModel.BRING_YOUR_OWN_LICENSE });
  }

  private constructor(
    /** Which engine this is. */
    public readonly family: HipaaDatabaseEngineFamily,
    /** The engine's default port. */
    public readonly port: number,
    /** Log types exported to CloudWatch Logs (all the engine offers). */
    public readonly logExports: readonly string[],
    /** The engine for an RDS instance, when not Aurora. */
    public readonly instanceEngine: rds.IInstanceEngine | undefined,
    /** The engine for an Aurora cluster. */
    public readonly clusterEngine: rds.IClusterEngine | undefined,
    /** Secrets Manager's hosted single-user rotation for this engine. */
    public readonly hostedRotation: (options: secretsmanager.SingleUserHostedRotationOptions) => secretsmanager.HostedRotation,
    /** Oracle's edition, license model, TDE and Native Network Encryption settings (Oracle engines only). */
    public readonly oracle?: OracleSettings,
  ) {}

  /** The parameter (and value) that forces TLS on this engine; undefined for Oracle (an option group does it). */
  public get tlsParameter(): TlsParameter | undefined {
    return TLS_PARAMETERS[this.family];
  }

  /** The license model (stated explicitly for Oracle; undefined for the open-source engines). */
  public get licenseModel(): rds.LicenseModel | undefined {
    return this.oracle?.licenseModel;
  }

  /** True for Aurora (a cluster), false for a single RDS instance. */
  public get isCluster(): boolean {
    return this.clusterEngine !== undefined;
  }
}
