import { CfnOutput, Stack, StackProps, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { HipaaDatabaseEngine } from '../../../constructs/database/engine';
import { HipaaDatabaseReplica } from '../../../constructs/database/replica';
import { HipaaVpc } from '../../../constructs/vpc';
import { HipaaValidationError } from '../../errors';
import { DisasterRecoveryNames } from './names';

/** Props of {@link DisasterRecoveryDatabaseStack}. */
export interface DisasterRecoveryDatabaseStackProps extends StackProps {
  /** The app's disaster-recovery names; `env.region` must be `names.region`. */
  readonly names: DisasterRecoveryNames;
  /** ARN of the primary region's DB instance (`aws rds describe-db-instances --query 'DBInstances[].DBInstanceArn'`). */
  readonly sourceDatabaseArn: string;
  /**
   * Customer-managed key of the DR region for the replica.
   * @default - the DisasterRecoveryStack's key by its alias (`names.keyAlias`): no reference between the stacks
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * The source's engine.
   * @default HipaaDatabaseEngine.postgres()
   */
  readonly engine?: HipaaDatabaseEngine;
  /**
   * Port of the source database, which the replica keeps (clients keep their connection string after promotion).
   * @default - the engine's default port + 1, as ThreeTierStack's `databasePort` (5433 for PostgreSQL)
   */
  readonly databasePort?: number;
}

/**
 * The database's disaster-recovery copy: a cross-region read replica of the primary HipaaDatabase
 * in a HipaaVpc of the DR region. Deployed after the primary stack (the source must exist), unlike
 * the DisasterRecoveryStack, which deploys before it. Costs a second Multi-AZ instance and the DR
 * VPC's interface endpoints, hence opt-in (README, Disaster recovery).
 */
export class DisasterRecoveryDatabaseStack extends Stack {
  /** The DR region's VPC (isolated tier for the replica; no NAT, no internet route). */
  public readonly network: HipaaVpc;
  /** The read replica. */
  public readonly replica: HipaaDatabaseReplica;

  constructor(scope: Construct, id: string, props: DisasterRecoveryDatabaseStackProps) {
    super(scope, id, props);
    if (Token.isUnresolved(this.region) || this.region !== props.names.region) {
      throw new HipaaValidationError(this, 'env.region', 'INCONSISTENT',
        `env.region is '${props.env?.region}' but names.region is '${props.names.region}'; pin the stack to the DR region: env: { region: '${props.names.region}' }.`);
    }
    const engine = props.engine ?? HipaaDatabaseEngine.postgres();
    const port = props.databasePort ?? engine.port + 1;
    // The default HipaaVpc: the application rebuilt here after a failover needs its endpoints. A CIDR apart from the primary VPC's (10.0.0.0/16).
    this.network = new HipaaVpc(this, 'Network', { cidr: '10.20.0.0/16', databasePorts: [port] });
    this.replica = new HipaaDatabaseReplica(this, 'Database', {
      sourceDatabaseArn: props.sourceDatabaseArn, engine, port, vpc: this.network.vpc,
      // RDS accepts an alias ARN as KmsKeyId (API_CreateDBInstanceReadReplica.html); the DisasterRecoveryStack deploys first.
      encryptionKey: props.encryptionKey ?? kms.Alias.fromAliasName(this, 'DisasterRecoveryKey', props.names.keyAlias),
    });
    new CfnOutput(this, 'ReplicaEndpoint', { value: this.replica.instance.dbInstanceEndpointAddress, description: 'Endpoint of the database replica (read-only until promoted)' });
  }
}
