import { Aws, Duration, Fn, Lazy, Names, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { HipaaValidationError } from '../lib/errors';
import { bool, customerManagedKey, duration, list, reason, str, validateProps } from './validation';
import { HipaaKey } from './key';
import { HipaaLogGroup } from './log-group';

/** Props of {@link HipaaUserPool}. */
export interface HipaaUserPoolProps {
  /**
   * Prefix of the Cognito-hosted sign-in domain (`<prefix>.auth.<region>.amazoncognito.com`):
   * 1 to 63 lower-case letters, digits and hyphens, unique in the Region, without `aws`,
   * `amazon` or `cognito`. It has no safe default (it is global), so it is required.
   */
  readonly domainPrefix: string;
  /**
   * Let people create their own accounts. PHI applications normally invite users.
   * @default false
   */
  readonly selfSignUpEnabled?: boolean;
  /**
   * Why self sign-up is acceptable (at least 30 characters); required with `selfSignUpEnabled`.
   * @default - none
   */
  readonly selfSignUpJustification?: string;
  /**
   * Callback URLs of the app client besides those added by load balancers that sign users in
   * (`HipaaLoadBalancer.addTargets(..., { authenticate })` adds its own).
   * @default - none
   */
  readonly callbackUrls?: string[];
  /**
   * Lifetime of the access and ID tokens (5 minutes to 1 hour).
   * @default Duration.hours(1)
   */
  readonly tokenValidity?: Duration;
  /**
   * Lifetime of the refresh token (1 hour to 1 day): how long a session lasts without a new sign-in.
   * @default Duration.hours(12)
   */
  readonly refreshTokenValidity?: Duration;
  /**
   * Key of the sign-in log group.
   * @default - a new HipaaKey
   */
  readonly encryptionKey?: kms.IKey;
}

/** Token lifetimes Cognito and a HIPAA session policy both accept. */
const TOKEN_MIN_MINUTES = 5;
const TOKEN_MAX_MINUTES = 60;
const REFRESH_MIN_MINUTES = 60;
const REFRESH_MAX_MINUTES = 24 * 60;

/**
 * A Cognito user pool for the application's people: MFA required (TOTP, and passkeys as a
 * first factor), threat protection enforced (Plus plan, full function), passwords of at
 * least 14 characters with every character class, no self sign-up unless justified,
 * recovery by verified email only, user-existence errors hidden, deletion protection and
 * RETAIN, short tokens, and an app client with the authorization-code flow only and a
 * secret; sign-in activity exported to an encrypted log group kept six years.
 * §164.312(a)(2)(i) unique user identification, (a)(2)(iii) automatic logoff, (d) authentication.
 */
export class HipaaUserPool extends Construct {
  /** The user pool. */
  public readonly userPool: cognito.UserPool;
  /** The app client (authorization-code flow, with a secret). */
  public readonly client: cognito.UserPoolClient;
  /** The hosted sign-in domain. */
  public readonly domain: cognito.UserPoolDomain;
  /** Sign-in (user activity) logs. */
  public readonly logGroupArn: string;
  private readonly callbackUrls: string[] = [];

  constructor(scope: Construct, id: string, props: HipaaUserPoolProps) {
    super(scope, id);
    validateProps(this, props, {
      selfSignUpEnabled: bool(),
      selfSignUpJustification: reason('selfSignUpJustification'),
      callbackUrls: list(str(), { what: 'https:// URLs' }),
      tokenValidity: duration({ unit: 'minutes' }),
      refreshTokenValidity: duration({ unit: 'minutes' }),
      encryptionKey: customerManagedKey(),
    });
    const prefix = validateDomainPrefix(this, props.domainPrefix);
    const selfSignUp = validateSelfSignUp(this, props);
    const tokenMinutes = minutesWithin(this, 'tokenValidity', props.tokenValidity ?? Duration.hours(1), TOKEN_MIN_MINUTES, TOKEN_MAX_MINUTES);
    const refreshMinutes = minutesWithin(this, 'refreshTokenValidity', props.refreshTokenValidity ?? Duration.hours(12), REFRESH_MIN_MINUTES, REFRESH_MAX_MINUTES);
    for (const url of props.callbackUrls ?? []) this.addCallbackUrl(url);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: selfSignUp,
      signInAliases: { email: true },
      autoVerify: { email: true },
      signInCaseSensitive: false,
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false, email: false },
      // Passkeys (phishing-resistant) as a first factor beside the password, verified by the device.
      signInPolicy: { allowedFirstAuthFactors: { password: true, passkey: true } },
      passkeyUserVerification: cognito.PasskeyUserVerification.REQUIRED,
      passwordPolicy: {
        minLength: 14, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true,
        tempPasswordValidity: Duration.days(1), passwordHistorySize: 24,
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Threat protection (compromised credentials, adaptive authentication) needs the Plus plan.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: prefix },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });

    this.client = this.userPool.addClient('Client', {
      generateSecret: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: ['https://callback.invalid/'],
      },
      accessTokenValidity: Duration.minutes(tokenMinutes),
      idTokenValidity: Duration.minutes(tokenMinutes),
      refreshTokenValidity: Duration.minutes(refreshMinutes),
    });
    // Callback URLs are known only once load balancers attach: rendered at synth.
    const cfnClient = this.client.node.defaultChild as cognito.CfnUserPoolClient;
    cfnClient.addPropertyOverride('CallbackURLs', Lazy.list({ produce: () => this.callbackUrls }, { omitEmpty: true }));
    this.node.addValidation({
      validate: () => (this.callbackUrls.length === 0
        ? ['HipaaUserPool has no callback URL: pass callbackUrls, or use it with HipaaLoadBalancer.addTargets(..., { authenticate }).']
        : []),
    });

    // Sign-in activity (threat protection's user-auth events) to CloudWatch Logs, six years.
    // Cognito delivers vended logs to groups under /aws/vendedlogs/:
    // https://docs.aws.amazon.com/cognito/latest/developerguide/exporting-quotas-and-usage.html
    const key = props.encryptionKey ?? new HipaaKey(this, 'Key', { description: `cdk-hipaa sign-in logs of ${this.node.path}` }).key;
    const logGroup = new HipaaLogGroup(this, 'SignInLogs', {
      encryptionKey: key,
      // Retained: the name ends in the stack instance id so a redeploy after a teardown does not collide.
      logGroupName: `/aws/vendedlogs/cognito/${Names.uniqueResourceName(this, { maxLength: 150 })}-${Fn.select(2, Fn.split('/', Aws.STACK_ID))}`,
    }).logGroup;
    this.logGroupArn = logGroup.logGroupArn;
    new cognito.CfnLogDeliveryConfiguration(this, 'SignInLogDelivery', {
      userPoolId: this.userPool.userPoolId,
      logConfigurations: [{
        eventSource: 'userAuthEvents',
        logLevel: 'INFO',
        cloudWatchLogsConfiguration: { logGroupArn: logGroup.logGroupArn },
      }],
    });

  }

  /** Adds an HTTPS callback URL to the app client (what a load balancer's sign-in uses). */
  public addCallbackUrl(url: string): void {
    if (!Token.isUnresolved(url) && !/^https:\/\/[^\s/]+(\/\S*)?$/.test(url)) {
      throw new HipaaValidationError(this, 'callbackUrls', 'WEAKENS_SAFEGUARD', `callbackUrls has '${String(url).slice(0, 100)}'; use an https:// URL (an authorization code must never travel in clear text).`);
    }
    this.callbackUrls.push(url);
  }
}

function validateDomainPrefix(scope: Construct, prefix: string): string {
  if (typeof prefix !== 'string' || prefix === '') {
    throw new HipaaValidationError(scope, 'domainPrefix', 'REQUIRED', 'domainPrefix is required; choose a prefix unique in the Region, e.g. \'my-clinic-portal\'.');
  }
  if (Token.isUnresolved(prefix)) return prefix;
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix) || /aws|amazon|cognito/.test(prefix)) {
    throw new HipaaValidationError(scope, 'domainPrefix', 'INVALID_VALUE', `domainPrefix '${prefix.slice(0, 80)}' is not a valid Cognito domain prefix; ` +
      "use 1 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen, without 'aws', 'amazon' or 'cognito'.");
  }
  return prefix;
}

function validateSelfSignUp(scope: Construct, props: HipaaUserPoolProps): boolean {
  const enabled = props.selfSignUpEnabled ?? false;
  if (typeof enabled !== 'boolean') {
    throw new HipaaValidationError(scope, 'selfSignUpEnabled', 'INVALID_VALUE', `selfSignUpEnabled is ${JSON.stringify(enabled)}; use true or false.`);
  }
  const why = (props.selfSignUpJustification ?? '').trim();
  if (enabled && why.length < 30) {
    throw new HipaaValidationError(scope, 'selfSignUpJustification', 'WEAKENS_SAFEGUARD', 'selfSignUpEnabled lets anyone create an account; ' +
      'give selfSignUpJustification (at least 30 characters) that tells an auditor why, or invite users instead.');
  }
  if (!enabled && why) {
    throw new HipaaValidationError(scope, 'selfSignUpJustification', 'INCONSISTENT', 'selfSignUpJustification is set but self sign-up is off; remove it.');
  }
  return enabled;
}

function minutesWithin(scope: Construct, prop: string, duration: Duration, min: number, max: number): number {
  const minutes = duration.toMinutes({ integral: false });
  if (Token.isUnresolved(minutes) || !Number.isInteger(minutes) || minutes < min || minutes > max) {
    throw new HipaaValidationError(scope, prop, 'OUT_OF_RANGE', `${prop} is ${Token.isUnresolved(minutes) ? 'a token' : `${minutes} minutes`}; ` +
      `use whole minutes from ${min} to ${max} (short sessions are the automatic logoff of §164.312(a)(2)(iii)).`);
  }
  return minutes;
}
