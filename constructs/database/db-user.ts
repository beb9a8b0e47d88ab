import * as path from 'path';
import { ArnFormat, Aws, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import { allowVpcEndpointEgress } from '../vpc/egress';
import { HardenedFunction } from '../internal/hardened-function';
import { HipaaKey } from '../key';
import { DbPrivilege } from './db-user-sql';

/** Options of {@link HipaaDatabase.grantConnect}. */
export interface HipaaDatabaseGrantOptions {
  /**
   * What the user may do, from SELECT, INSERT, UPDATE, DELETE, REFERENCES, TRIGGER and
   * CREATE: on the tables of `schemas` (PostgreSQL; CREATE on the schema itself) or on
   * `databaseName`.* (MySQL). Nothing else is grantable: no ALL, no GRANT OPTION, no
   * administrative privilege.
   * @default ['SELECT']
   */
  readonly privileges?: DbPrivilege[];
  /**
   * The database the privileges apply to (PostgreSQL: the one the user is granted
   * CONNECT on and whose schemas are meant).
   * @default - the HipaaDatabase's `databaseName`; for PostgreSQL without one, `postgres`
   */
  readonly databaseName?: string;
  /**
   * PostgreSQL schemas whose tables (present and future ones created by the master
   * user) the privileges cover; a schema other than `public` is created if missing.
   * Not accepted for MySQL, where privileges apply to the whole database.
   * @default ['public'] (PostgreSQL)
   */
  readonly schemas?: string[];
}

/** What {@link HipaaDatabase.grantConnect} made. */
export interface HipaaDatabaseConnectGrant {
  /** The database user name the grantee connects as (with an IAM token as password). */
  readonly userName: string;
  /** The custom resource that creates the user: make anything that connects at deploy time depend on it. */
  readonly userResource: CustomResource;
  /** The `rds-db:connect` statement for exactly this user of this database. */
  readonly statement: iam.PolicyStatement;
  /** The customer-managed policy holding the statement when the grantee is a role (otherwise the principal's own policy). */
  readonly policy?: iam.ManagedPolicy;
}

/** What the provisioner needs from the database. */
export interface DbUserProvisionerProps {
  readonly vpc: ec2.IVpc;
  readonly vpcSubnets: ec2.SubnetSelection;
  readonly secret: secretsmanager.ISecret;
  readonly secretKey: kms.IKey;
}

/**
 * The pair of functions behind every `Custom::HipaaDatabaseUser` of one database: the
 * provisioner in the private tier (reads the master secret, connects over verified
 * TLS, issues the SQL) and the relay outside the VPC (answers CloudFormation, never
 * sees a credential). Only the provisioner's role may read the master secret.
 */
export class DbUserProvisioner extends Construct {
  /** The in-VPC function that connects as the master user. */
  public readonly provisioner: HardenedFunction;
  /** The relay that CloudFormation invokes. */
  public readonly relay: HardenedFunction;

  constructor(scope: Construct, id: string, props: DbUserProvisionerProps) {
    super(scope, id);
    const key = new HipaaKey(this, 'Key', { description: `cdk-hipaa key for the database-user functions of ${scope.node.path}` }).key;
    this.provisioner = new HardenedFunction(this, 'Provisioner', {
      entry: path.join(__dirname, 'db-user-handler'),
      description: 'cdk-hipaa: create IAM-authenticated database users with named privileges (connects as the master user over verified TLS)',
      encryptionKey: key,
      timeout: Duration.minutes(2),
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      invocationReason: 'Invoked synchronously only by the relay of its custom resource during deployment; the relay reports any error to CloudFormation, which fails the deployment visibly.',
    });
    this.provisioner.addToPolicy(new iam.PolicyStatement({
      sid: 'ReadMasterSecret', actions: ['secretsmanager:GetSecretValue'], resources: [props.secret.secretArn],
    }));
    this.provisioner.addToPolicy(new iam.PolicyStatement({
      sid: 'DecryptMasterSecret',
      actions: ['kms:Decrypt'],
      resources: [props.secretKey.keyArn],
      // Only as Secrets Manager decrypts the secret for this function, never directly.
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Aws.REGION}.amazonaws.com` } },
    }));
    // Secrets Manager and KMS through the VPC's endpoints only: not every host in the VPC on 443.
    allowVpcEndpointEgress(props.vpc, this.provisioner.function, this, 'Secrets Manager through the VPC endpoints only');

    this.relay = new HardenedFunction(this, 'Relay', {
      entry: path.join(__dirname, '..', 'internal', 'relay-handler'),
      description: 'cdk-hipaa: relay database-user requests from CloudFormation to the in-VPC provisioner',
      encryptionKey: key,
      timeout: Duration.minutes(3),
      environment: { TARGET_FUNCTION_ARN: this.provisioner.function.functionArn },
      outsideVpcReason: 'Runs only during deployment and calls only the Lambda Invoke API and the CloudFormation response URL; it holds no credential and no PHI (the provisioner that connects to the database runs in the private tier).',
      invocationReason: 'Invoked only by CloudFormation during deployment, which waits for its answer and fails the deployment visibly on error.',
    });
    this.relay.addToPolicy(new iam.PolicyStatement({
      sid: 'InvokeProvisioner', actions: ['lambda:InvokeFunction'], resources: [this.provisioner.function.functionArn],
    }));
  }
}

/** The `rds-db:connect` ARN of one database user. */
export function dbUserArn(scope: IConstruct, resourceId: string, userName: string): string {
  // Instance: arn:...:dbuser:<DbiResourceId>/<user>; Aurora: the cluster resource id (cluster-...) in its place.
  // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.IAMPolicy.html
  // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/UsingWithRDS.IAMDBAuth.IAMPolicy.html
  return Stack.of(scope).formatArn({ service: 'rds-db', resource: 'dbuser', resourceName: `${resourceId}/${userName}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}
