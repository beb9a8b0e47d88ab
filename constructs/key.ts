import { Duration, Names, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { accountRootStatement, cloudWatchLogsStatement, denyGrantsOutsideAwsServicesStatement, denyUseExceptStatement, keyAdministratorsStatement } from '../lib/policies/kms-key-policy';
import { HipaaValidationError } from '../lib/errors';
import { duration, hasMembers, list, required, shape, str, validateProps } from './validation';

/** Props of {@link HipaaKey}. */
export interface HipaaKeyProps {
  /**
   * Alias of the key, with or without the `alias/` prefix. Must not start with `alias/aws/` (reserved for AWS managed keys; `aws-phi` is fine).
   * @default - `alias/hipaa/<unique id of this construct>`
   */
  readonly alias?: string;
  /**
   * Description shown in the KMS console.
   * @default - 'cdk-hipaa customer-managed key for <construct path>'
   */
  readonly description?: string;
  /**
   * How often KMS rotates the key material, between 90 and 2560 days. Rotation is always on.
   * @default Duration.days(365)
   */
  readonly rotationPeriod?: Duration;
  /**
   * Waiting period before a scheduled deletion takes effect, 7 to 30 days. The longest
   * window gives the most time to notice and cancel a mistaken deletion.
   * @default Duration.days(30)
   */
  readonly pendingWindow?: Duration;
  /**
   * Principals that administer the key (rotate, disable, tag, schedule deletion) without being
   * able to use it. Users of the key get access through `grant*` methods.
   * @default - no named administrators; the account manages the key through IAM policies
   */
  readonly admins?: iam.IPrincipal[];
  /**
   * Keep the key as narrow as its data: deny encrypt/decrypt/data-key use to everyone except
   * requests through these AWS services (`kms:ViaService`) and the named principals, whatever
   * IAM policies say. Also settable later with {@link HipaaKey.restrictUse}.
   * @default - no restriction beyond the key policy and IAM
   */
  readonly restrictUse?: HipaaKeyUse;
}

/** Who may use a key's material ({@link HipaaKey.restrictUse}). */
export interface HipaaKeyUse {
  /**
   * AWS services that may use the key on a caller's behalf, by endpoint name: `rds`, `s3`,
   * `dynamodb`, `secretsmanager`, `backup`, `sns`, `ec2` ...
   */
  readonly viaServices: string[];
  /**
   * IAM roles (or users) that may call KMS with the key directly, e.g. the role that does
   * envelope encryption with cdk-hipaa/envelope.
   * @default - none
   */
  readonly principals?: iam.IRole[];
}

const MIN_ROTATION_DAYS = 90;
const MAX_ROTATION_DAYS = 2560;

/**
 * A customer-managed, symmetric KMS key for PHI: automatic rotation, an alias,
 * a key policy scoped to the account and named services, RETAIN on stack deletion.
 * §164.312(a)(2)(iv).
 */
export class HipaaKey extends Construct {
  /** The KMS key. */
  public readonly key: kms.Key;
  /** The key's alias. */
  public readonly alias: kms.IAlias;
  private logGroupStatements = 0;
  private useRestricted = false;

  constructor(scope: Construct, id: string, props: HipaaKeyProps = {}) {
    super(scope, id);
    validateProps(this, props, {
      alias: str({ rule: "a KMS alias name: letters, digits, '/', '_' and '-'", example: 'clinic-phi' }),
      description: str({ maxLength: 8192, rule: 'a description of at most 8192 characters' }),
      // KMS: https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html (rotation period 90 to 2560 days)
      // Ranges of literals are judged below, in KMS's words; a parameter gets KMS's floor as its MinValue.
      rotationPeriod: duration({ unit: 'days', deployMin: MIN_ROTATION_DAYS }),
      pendingWindow: duration({ unit: 'days', deployMin: 7 }),
      admins: list(hasMembers('an iam.IPrincipal', 'grantPrincipal'), { what: 'principals' }),
      restrictUse: shape<HipaaKeyUse>({ viaServices: required(list(str(), { what: 'service endpoint names' })), principals: list(hasMembers('an iam.IRole', 'roleArn'), { what: 'roles' }) }),
    });
    const rotationPeriod = props.rotationPeriod ?? Duration.days(365);
    const pendingWindow = props.pendingWindow ?? Duration.days(30);
    validateRotationPeriod(this, rotationPeriod);
    validatePendingWindow(this, pendingWindow);
    const aliasName = normalizeAlias(this, props.alias ?? `hipaa/${Names.uniqueResourceName(this, { maxLength: 200 })}`);

    const policy = new iam.PolicyDocument({ statements: [accountRootStatement(), denyGrantsOutsideAwsServicesStatement()] });
    if (props.admins && props.admins.length > 0) {
      policy.addStatements(keyAdministratorsStatement(props.admins));
    }

    this.key = new kms.Key(this, 'Key', {
      description: props.description ?? `cdk-hipaa customer-managed key for ${this.node.path}`,
      enableKeyRotation: true,
      rotationPeriod,
      pendingWindow,
      keySpec: kms.KeySpec.SYMMETRIC_DEFAULT,
      keyUsage: kms.KeyUsage.ENCRYPT_DECRYPT,
      policy,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.alias = this.key.addAlias(aliasName);
    if (props.restrictUse) this.restrictUse(props.restrictUse);
  }

  /**
   * Denies use of the key to everyone except the named AWS services (on a caller's behalf)
   * and principals. Call once.
   */
  public restrictUse(use: HipaaKeyUse): void {
    if (this.useRestricted) {
      throw new HipaaValidationError(this, 'restrictUse', 'INCONSISTENT', 'restrictUse was already applied to this key; pass every service and principal in one call.');
    }
    const bad = use.viaServices.filter((s) => Token.isUnresolved(s) || !/^[a-z0-9-]+$/.test(s));
    if (use.viaServices.length === 0 || bad.length > 0) {
      throw new HipaaValidationError(this, 'restrictUse.viaServices', 'INVALID_VALUE', `restrictUse.viaServices is [${use.viaServices.join(', ')}]; ` +
        "name at least one service by its endpoint name, e.g. ['rds', 's3', 'dynamodb'] (the region is added for you).");
    }
    this.useRestricted = true;
    this.key.addToResourcePolicy(denyUseExceptStatement(use.viaServices, (use.principals ?? []).map((p) => p.roleArn)));
  }

  /**
   * Lets CloudWatch Logs of this account and region encrypt one log group with this key
   * (a `HipaaLogGroup` given this key does it for you). Call once per log group.
   * @param logGroupName the exact name of the log group; wildcards are rejected, so that no
   *   other log group of the account can use the key
   */
  public allowCloudWatchLogs(logGroupName: string): void {
    if (!Token.isUnresolved(logGroupName) && (logGroupName === undefined || /[*?]/.test(logGroupName) || logGroupName.trim() === '')) {
      throw new HipaaValidationError(this, 'logGroupName', 'WEAKENS_SAFEGUARD', `logGroupName is '${logGroupName}'; name the one log group ` +
        'this key serves (no wildcard), e.g. key.allowCloudWatchLogs(\'/app/web\'), and call it once per log group.');
    }
    this.logGroupStatements += 1;
    this.key.addToResourcePolicy(cloudWatchLogsStatement(this, logGroupName, `Group${this.logGroupStatements}`));
  }
}

function validateRotationPeriod(scope: Construct, period: Duration): void {
  if (Token.isUnresolved(period.toDays({ integral: false }))) return;
  const days = period.toDays({ integral: false });
  if (days < MIN_ROTATION_DAYS || days > MAX_ROTATION_DAYS || !Number.isInteger(days)) {
    throw new HipaaValidationError(scope, 'rotationPeriod', 'OUT_OF_RANGE', `rotationPeriod is ${days} days; KMS accepts a whole number of days ` +
      `from ${MIN_ROTATION_DAYS} to ${MAX_ROTATION_DAYS}. Use e.g. Duration.days(365).`);
  }
}

function validatePendingWindow(scope: Construct, window: Duration): void {
  if (Token.isUnresolved(window.toDays({ integral: false }))) return;
  const days = window.toDays({ integral: false });
  if (days < 7 || days > 30 || !Number.isInteger(days)) {
    throw new HipaaValidationError(scope, 'pendingWindow', 'OUT_OF_RANGE', `pendingWindow is ${days} days; KMS accepts 7 to 30 whole days. ` +
      'Use Duration.days(30) to keep the most time to cancel a mistaken deletion.');
  }
}

function normalizeAlias(scope: Construct, alias: string): string {
  if (Token.isUnresolved(alias)) return alias;
  const name = alias.startsWith('alias/') ? alias : `alias/${alias}`;
  // Only the 'alias/aws/' prefix is reserved (https://docs.aws.amazon.com/kms/latest/developerguide/alias-about.html): 'alias/aws-phi' is a valid name.
  if (name.startsWith('alias/aws/')) {
    throw new HipaaValidationError(scope, 'alias', 'INVALID_VALUE', `alias '${alias}' starts with 'alias/aws/', which AWS reserves for AWS managed keys; choose another name.`);
  }
  if (!/^alias\/[a-zA-Z0-9/_-]{1,250}$/.test(name)) {
    throw new HipaaValidationError(scope, 'alias', 'INVALID_VALUE', `alias '${alias}' is not a valid KMS alias; use letters, digits, '/', '_' and '-' (at most 256 characters with 'alias/').`);
  }
  return name;
}
