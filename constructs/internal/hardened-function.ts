import * as fs from 'fs';
import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { HipaaKey } from '../key';
import { HipaaLogGroup } from '../log-group';
import { HipaaPermissionsBoundary } from '../permissions-boundary';
import { FunctionDeadLetters } from './function-dead-letters';
import { suppress, suppressHipaaAndNist } from '../../lib/compliance/suppress';
import { HipaaValidationError } from '../../lib/errors';

/** Props of {@link HardenedFunction}. */
export interface HardenedFunctionProps {
  /** Handler source without extension: the `.ts` file in this repository, the compiled `.js` in the package. */
  readonly entry: string;
  /** What the function does, for the console. */
  readonly description: string;
  /**
   * Why the function runs outside a VPC (it calls only AWS APIs), shown as the acknowledgement's reason.
   * Required unless `vpc` is given.
   * @default - none; then `vpc` is required
   */
  readonly outsideVpcReason?: string;
  /**
   * A VPC to run in (for handlers that reach a database). The function gets its own
   * security group with no egress; open what it needs through {@link connections}.
   * @default - outside any VPC (then `outsideVpcReason` is required)
   */
  readonly vpc?: ec2.IVpc;
  /**
   * Subnets of the function when `vpc` is given.
   * @default - the VPC's private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Who invokes it and how a failure shows, for the reserved-concurrency acknowledgement (the
   * function gets no reserved concurrency; see README, Functions).
   */
  readonly invocationReason: string;
  /**
   * Key for the environment variables and the log group.
   * @default - a new HipaaKey
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Environment variables (encrypted at rest with the key).
   * @default - none
   */
  readonly environment?: Record<string, string>;
  /**
   * Timeout.
   * @default Duration.minutes(1)
   */
  readonly timeout?: Duration;
  /**
   * Actions the handler needs that support no resource-level permissions (granted on `*`
   * beside X-Ray's), and why: the reason joins the wildcard acknowledgement.
   * @default - only X-Ray
   */
  readonly accountLevelActions?: { readonly actions: string[]; readonly reason: string };
}

/**
 * Internal (not exported from the package): lives under constructs/ because it creates
 * constructs and is built from them (test/naming/layering.test.ts keeps it there).
 *
 * A Node.js Lambda function hardened for the library's own handlers (custom
 * resources, custom Config rules): bundled locally by esbuild (never Docker),
 * AWS SDK left to the runtime, the newest Node.js runtime on ARM, X-Ray
 * tracing, environment encrypted with a customer-managed key, logs to a
 * HipaaLogGroup, and a role with a customer-managed policy that writes only
 * to that log group. Grant it more with {@link addToPolicy}.
 */
export class HardenedFunction extends Construct {
  /** The function. */
  public readonly function: nodejs.NodejsFunction;
  /** Its execution role. */
  public readonly role: iam.Role;
  /** The customer-managed policy of the role. */
  public readonly policy: iam.ManagedPolicy;
  /** The function's security group (VPC functions only): no egress until a rule is added. */
  public readonly securityGroup?: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: HardenedFunctionProps) {
    super(scope, id);
    if (!props.vpc && !props.outsideVpcReason) {
      throw new HipaaValidationError(this, 'outsideVpcReason', 'REQUIRED', 'outsideVpcReason is undefined; give the VPC to run in (vpc) or the reason the function runs outside one.');
    }
    const key = props.encryptionKey ?? new HipaaKey(this, 'Key', { description: `cdk-hipaa key for function ${this.node.path}` }).key;
    const logGroup = new HipaaLogGroup(this, 'Logs', { encryptionKey: key }).logGroup;
    const deadLetters = FunctionDeadLetters.of(this);
    this.role = new iam.Role(this, 'Role', {
      description: props.description,
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    HipaaPermissionsBoundary.applyTo(this.role);
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `${props.description}: logs and what the handler needs`,
      roles: [this.role],
      statements: [new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        // The log group's Arn attribute ends in ':*', which covers its log streams and nothing else.
        resources: [logGroup.logGroupArn],
      }), new iam.PolicyStatement({
        sid: 'DecryptEnvironment',
        actions: ['kms:Decrypt'],
        resources: [key.keyArn],
      }), new iam.PolicyStatement({
        sid: 'ActionsWithoutResourceLevelPermissions',
        actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', ...(props.accountLevelActions?.actions ?? [])],
        resources: ['*'],
      }), ...deadLetters.sendStatements(), ...(props.vpc ? [new iam.PolicyStatement({
        sid: 'VpcNetworkInterfaces',
        // What AWSLambdaVPCAccessExecutionRole grants, as Lambda requires for a VPC function:
        // https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions
        actions: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface',
          'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
        resources: ['*'],
      })] : [])],
    });
    if (props.vpc) {
      this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
        vpc: props.vpc,
        description: `${props.description}: no egress but what its owner opens`,
        allowAllOutbound: false,
      });
    }
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: resolveEntry(this, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: props.timeout ?? Duration.minutes(1),
      memorySize: 256,
      // Immutable to the L2: tracing and the environment key would otherwise add an inline policy.
      role: this.role.withoutPolicyUpdates(),
      logGroup,
      tracing: lambda.Tracing.ACTIVE,
      environment: props.environment,
      vpc: props.vpc,
      vpcSubnets: props.vpc ? props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } : undefined,
      securityGroups: this.securityGroup ? [this.securityGroup] : undefined,
      environmentEncryption: key,
      // Events CloudFormation or AWS Config sent asynchronously that still fail after Lambda's retries.
      deadLetterQueue: deadLetters.queue,
      // logLevel ERROR: esbuild's size table and "Done in" lines would pad every synth's output.
      bundling: { externalModules: ['@aws-sdk/*'], minify: true, sourceMap: false, target: 'node22', logLevel: nodejs.LogLevel.ERROR },
    });
    this.function.node.addDependency(this.policy);

    suppress(this.policy, 'AwsSolutions-IAM5[Resource::*]',
      'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions' +
      (props.vpc ? '; Lambda manages the network interfaces of a VPC function under ids it assigns at run time (DescribeNetworkInterfaces and DescribeSubnets support no resource-level permissions)' : '') +
      (props.accountLevelActions ? `; ${props.accountLevelActions.reason}` : `; only ${props.vpc ? 'those' : 'those two'} actions use the wildcard.`));
    if (props.outsideVpcReason && !props.vpc) suppress(this.function, 'ControlTower-CT.LAMBDA.PR.3', props.outsideVpcReason);
    if (props.outsideVpcReason && !props.vpc) suppressHipaaAndNist(this.function, 'LambdaInsideVPC', props.outsideVpcReason);
    suppressHipaaAndNist(this.function, 'LambdaConcurrency', `${props.invocationReason} ${CONCURRENCY_REASON}`);
  }

  /**
   * Adds a statement to the function's customer-managed policy. Its actions must be in the
   * `workload` profile of HipaaPermissionsBoundary (constructs/permissions-boundary/profiles.ts):
   * the role is bounded by it, and the reference app's test fails on an action outside it.
   */
  public addToPolicy(statement: iam.PolicyStatement): void {
    this.policy.addStatements(statement);
  }
}

/**
 * Why no library function reserves concurrency: Lambda keeps at least 100 of the account's
 * concurrency unreserved (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html),
 * and new accounts start with a reduced concurrency quota
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html), so any reservation fails
 * the deployment there.
 */
const CONCURRENCY_REASON = 'It reserves no concurrency: Lambda keeps at least 100 of the account\'s concurrency unreserved and new accounts ' +
  'start with a reduced concurrency quota, so a reservation would fail the deployment there.';

/** The handler file: TypeScript when running from source, compiled JavaScript from the package. */
function resolveEntry(scope: Construct, entry: string): string {
  for (const ext of ['.ts', '.js']) {
    if (fs.existsSync(entry + ext)) return entry + ext;
  }
  throw new HipaaValidationError(scope, 'entry', 'INVALID_VALUE', `entry is ${entry}; no handler at ${entry}.ts or ${entry}.js: the package is missing its Lambda sources.`);
}
