import * as path from 'path';
import { Annotations, Aws, CustomResource, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as accessanalyzer from 'aws-cdk-lib/aws-accessanalyzer';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { HipaaConfigRules } from '../../constructs/config-rules';
import { HipaaKey } from '../../constructs/key';
import { HipaaTrail } from '../../constructs/trail';
import { suppress } from '../compliance/suppress';
import { HardenedFunction } from '../../constructs/internal/hardened-function';
import { HipaaValidationError } from '../errors';
import { SessionManagerPreferences } from './baseline/session-manager';
import { KEY_DELETION_ROLE_PREFIX } from '../policies/key-deletion';
import { alarmEmailsOrParameter, existingAlarmTopicOf } from '../alarms/alarm-destination';
import { routeFindings } from './baseline/finding-routes';
import { DisasterRecoveryNames } from './disaster-recovery/names';
import { FunctionDeadLetters } from '../../constructs/internal/function-dead-letters';

/** GuardDuty protection plans turned on by default (those that need no agent). */
export const DEFAULT_GUARDDUTY_FEATURES: readonly string[] = [
  'S3_DATA_EVENTS', 'EKS_AUDIT_LOGS', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS', 'LAMBDA_NETWORK_LOGS',
];

/** Security Hub standards enabled by default (path after `standards/`). */
export const DEFAULT_SECURITY_HUB_STANDARDS: readonly string[] = [
  'aws-foundational-security-best-practices/v/1.0.0',
  'cis-aws-foundations-benchmark/v/3.0.0',
  'nist-800-53/v/5.0.0',
];

/** Account singletons the account already runs; see {@link HipaaBaselineStackProps.existingAccountServices}. */
export interface HipaaExistingAccountServices {
  /**
   * A GuardDuty detector is already enabled in this account and region.
   * @default false
   */
  readonly guardDuty?: boolean;
  /**
   * Security Hub is already enabled in this account and region (its standards are then managed where it was enabled).
   * @default false
   */
  readonly securityHub?: boolean;
  /**
   * An account-level IAM Access Analyzer already exists in this account and region.
   * @default false
   */
  readonly accessAnalyzer?: boolean;
}

/** Props of {@link HipaaBaselineStack}. */
export interface HipaaBaselineStackProps extends StackProps {
  /**
   * Emails subscribed to the security topic: the trail's alarms and the GuardDuty, Security
   * Hub, Access Analyzer and HIPAA Config findings routed to it. Not with `alarmTopic`.
   * @default - an `AlarmEmail` CloudFormation parameter without default (unless `alarmTopic`): deploying needs one
   */
  readonly alarmEmails?: string[];
  /**
   * An existing topic that receives the trail's alarms and the finding routes instead of a new
   * security topic (no topic and no `AlarmEmail` parameter are created), e.g. the organization's
   * on-call topic by `sns.Topic.fromTopicArn`, in this stack's region. Its owner must let
   * CloudWatch alarms and EventBridge rules of this account publish to it and use its KMS key
   * (README, "Alarm destination"); a topic defined in this app gets those grants here.
   * @default - a new topic encrypted with the audit key, `alarmEmails` subscribed
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * `alarmTopic` by ARN (e.g. from context), imported into this stack: checked at synth to be a
   * standard SNS topic ARN in this stack's region (when the region is known; a token passes).
   * @default - `alarmTopic`
   */
  readonly alarmTopicArn?: string;
  /**
   * Create the AWS Config recorder and delivery channel. Turn off only when the account
   * already records in this region (one recorder per account and region).
   * @default true
   */
  readonly createConfigRecorder?: boolean;
  /**
   * Account services that exist once per account and region and that this account already runs
   * (e.g. enabled by AWS Organizations or Control Tower): the stack does not create them, since a
   * second detector, hub or account analyzer fails to create. Each skip is recorded as an info
   * annotation on the stack. To bring an existing one under this stack instead, leave its flag off
   * and use `cdk import` before the first deploy.
   * @default - none: the stack creates the GuardDuty detector, the Security Hub hub with its standards
   *   and the account Access Analyzer
   */
  readonly existingAccountServices?: HipaaExistingAccountServices;
  /**
   * The disaster-recovery region's names: the trail's log bucket and the Config delivery bucket
   * replicate to their `trail` and `config` replicas there (the trail replica with Object Lock).
   * @default - no disaster-recovery copies outside this region
   */
  readonly disasterRecovery?: DisasterRecoveryNames;
  /**
   * GuardDuty protection plans. Runtime monitoring installs an agent: add `RUNTIME_MONITORING` yourself.
   * @default DEFAULT_GUARDDUTY_FEATURES
   */
  readonly guardDutyFeatures?: readonly string[];
  /**
   * Security Hub standards.
   * @default DEFAULT_SECURITY_HUB_STANDARDS
   */
  readonly securityHubStandards?: readonly string[];
  /**
   * Default key for EBS encryption by default (replaces the account's default key).
   * @default - the account's default key is left as it is: aws/ebs on a fresh account, or the
   *   customer-managed key already chosen (the library's constructs pass their own keys)
   */
  readonly ebsDefaultKey?: kms.IKey;
  /**
   * IAM password policy: minimum length (14 or more) and maximum age in days (90 or less).
   * @default { minimumLength: 14, maxAgeDays: 90 }
   */
  readonly passwordPolicy?: { readonly minimumLength?: number; readonly maxAgeDays?: number };
  /**
   * Session Manager: minutes without input after which a session ends (1 to 60).
   * @default 15
   */
  readonly sessionIdleTimeoutMinutes?: number;
  /**
   * Session Manager: longest session in minutes (1 to 1440).
   * @default 60
   */
  readonly sessionMaxMinutes?: number;
  /**
   * Who may assume the break-glass role `cdk-hipaa-key-deletion-<region>`, the only principal
   * the audit and backup key policies let schedule a key deletion (always with MFA). Name
   * people other than the everyday administrators.
   * @default - IAM principals of this account whose own policies allow assuming the role, with MFA
   */
  readonly keyDeletionApprovers?: iam.IPrincipal[];
}

/**
 * One per account and region: CloudTrail (HipaaTrail), AWS Config with its
 * recorder and the HIPAA rules (HipaaConfigRules), GuardDuty, Security Hub with
 * its standards, IAM Access Analyzer, and the account settings CloudFormation
 * has no resource for (password policy, EBS encryption by default, S3
 * account-level public access block) through a custom resource, and the
 * Session Manager preferences (sessions logged, encrypted, idle timeout).
 * §164.312(b), §164.308(a)(1)(ii)(D).
 */
export class HipaaBaselineStack extends Stack {
  public readonly trail: HipaaTrail;
  public readonly configRules: HipaaConfigRules;
  /** The GuardDuty detector; undefined when `existingAccountServices.guardDuty`. */
  public readonly detector?: guardduty.CfnDetector;
  /** The Security Hub hub; undefined when `existingAccountServices.securityHub`. */
  public readonly securityHub?: securityhub.CfnHub;
  /** The account Access Analyzer; undefined when `existingAccountServices.accessAnalyzer`. */
  public readonly accessAnalyzer?: accessanalyzer.CfnAnalyzer;
  public readonly accountSettings: CustomResource;
  /** Session Manager preferences: sessions logged to an encrypted log group, encrypted, idle timeout. */
  public readonly sessionManager: SessionManagerPreferences;
  /** EventBridge rules sending findings to the trail's security topic. */
  public readonly findingRules: events.Rule[];
  /** The break-glass role that alone may schedule deletion of the audit and backup keys of this region. */
  public readonly keyDeletionRole: iam.Role;

  constructor(scope: Construct, id: string, props: HipaaBaselineStackProps = {}) {
    super(scope, id, props);
    const minimumLength = props.passwordPolicy?.minimumLength ?? 14;
    const maxAgeDays = props.passwordPolicy?.maxAgeDays ?? 90;
    if (!Number.isInteger(minimumLength) || minimumLength < 14 || minimumLength > 128) {
      throw new HipaaValidationError(this, 'passwordPolicy.minimumLength', 'WEAKENS_SAFEGUARD', `passwordPolicy.minimumLength is ${minimumLength}; the HIPAA conformance pack requires 14 to 128.`);
    }
    if (!Number.isInteger(maxAgeDays) || maxAgeDays < 1 || maxAgeDays > 90) {
      throw new HipaaValidationError(this, 'passwordPolicy.maxAgeDays', 'WEAKENS_SAFEGUARD', `passwordPolicy.maxAgeDays is ${maxAgeDays}; the HIPAA conformance pack requires 1 to 90.`);
    }

    const key = new HipaaKey(this, 'AuditKey', { alias: 'cdk-hipaa/audit', description: 'cdk-hipaa account baseline: CloudTrail, Config, functions' });
    const alarmTopic = existingAlarmTopicOf(this, props, { alarmEmails: props.alarmEmails });
    this.trail = new HipaaTrail(this, 'Trail', {
      encryptionKey: key.key,
      ...alarmTopic ? { alarmTopic } : { alarmEmails: alarmEmailsOrParameter(this, props.alarmEmails) },
      logBucketReplication: props.disasterRecovery?.replicationTo('trail'),
    });
    this.configRules = new HipaaConfigRules(this, 'Config', {
      encryptionKey: key.key, createRecorder: props.createConfigRecorder ?? true,
      deliveryBucketReplication: props.disasterRecovery?.replicationTo('config'),
    });
    this.findingRules = routeFindings(this, this.trail.alarmTopic, this.trail.alarmTopic.masterKey, this.configRules.ruleNamePrefix);
    // Events the stack's functions (Config rules, account settings) drop after Lambda's retries reach the same topic.
    FunctionDeadLetters.routeTo(this, this.trail.alarmTopic);

    // One detector, one hub and one account analyzer per account and region: a second one fails to create.
    // Skipping one keeps its finding route (EventBridge matches the service, not this stack's resource), and
    // the Config rules guardduty-enabled-centralized / securityhub-enabled report an account that does not run it.
    const existing = props.existingAccountServices ?? {};
    const skipped = (what: string, check: string) => Annotations.of(this).addInfo(`${what} is not created: existingAccountServices says ` +
      `the account already runs it. Its findings still reach the security topic; ${check}`);
    if (existing.guardDuty) skipped('GuardDuty', 'the Config rule guardduty-enabled-centralized reports it if it is not enabled.');
    else this.detector = this.guardDuty(props.guardDutyFeatures ?? DEFAULT_GUARDDUTY_FEATURES);
    if (existing.securityHub) skipped('Security Hub', 'the Config rule securityhub-enabled reports it if it is not enabled; enable the standards where it is managed.');
    else this.securityHub = this.securityHubWithStandards(props.securityHubStandards ?? DEFAULT_SECURITY_HUB_STANDARDS);
    if (existing.accessAnalyzer) skipped('IAM Access Analyzer (account)', 'check that an analyzer of type ACCOUNT or ORGANIZATION covers this account.');
    else this.accessAnalyzer = new accessanalyzer.CfnAnalyzer(this, 'AccessAnalyzer', { type: 'ACCOUNT', analyzerName: 'cdk-hipaa-account' });
    this.sessionManager = new SessionManagerPreferences(this, 'SessionManager', {
      idleTimeoutMinutes: props.sessionIdleTimeoutMinutes, maxSessionMinutes: props.sessionMaxMinutes,
    });
    this.accountSettings = this.accountSettingsResource(key.key, minimumLength, maxAgeDays, props.ebsDefaultKey);
    this.keyDeletionRole = this.createKeyDeletionRole(props.keyDeletionApprovers);
  }

  /**
   * The break-glass role of lib/policies/key-deletion.ts: MFA-only trust, one-hour sessions,
   * allowed only to schedule, cancel and describe key deletions. Its name is fixed per region
   * so key policies in other stacks name it without a cross-stack reference.
   */
  private createKeyDeletionRole(approvers: iam.IPrincipal[] | undefined): iam.Role {
    if (approvers !== undefined && approvers.length === 0) {
      throw new HipaaValidationError(this, 'keyDeletionApprovers', 'INVALID_VALUE', 'keyDeletionApprovers is empty; name at least one principal, or omit it to let MFA-authenticated principals of the account allowed by their own policies assume the role.');
    }
    const mfa = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
    const role = new iam.Role(this, 'KeyDeletionRole', {
      roleName: `${KEY_DELETION_ROLE_PREFIX}-${Aws.REGION}`,
      description: 'cdk-hipaa break-glass: the only principal allowed to schedule deletion of the audit and backup keys (MFA only; its use raises an alarm)',
      assumedBy: new iam.PrincipalWithConditions(approvers ? new iam.CompositePrincipal(...approvers) : new iam.AccountRootPrincipal(), mfa),
      maxSessionDuration: Duration.hours(1),
    });
    const keys = this.formatArn({ service: 'kms', resource: 'key', resourceName: '*' });
    const policy = new iam.ManagedPolicy(this, 'KeyDeletionPolicy', {
      description: 'cdk-hipaa break-glass: schedule, cancel and describe key deletions',
      roles: [role],
      statements: [new iam.PolicyStatement({ actions: ['kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:DescribeKey'], resources: [keys] })],
    });
    suppress(policy, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:key/*]',
      'The break-glass role exists to schedule or cancel the deletion of any key of the region whose policy reserves that to it; it cannot use, change or disable keys.');
    return role;
  }

  private guardDuty(features: readonly string[]): guardduty.CfnDetector {
    const detector = new guardduty.CfnDetector(this, 'GuardDuty', {
      enable: true,
      findingPublishingFrequency: 'FIFTEEN_MINUTES',
      features: features.map((name) => ({ name, status: 'ENABLED' })),
    });
    // A detector takes DataSources or Features, not both
    // (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-guardduty-detector.html);
    // RDS login events and Lambda network logs exist only as features, so the control's DataSources.S3Logs form would lose them.
    suppress(detector, 'ControlTower-CT.GUARDDUTY.PR.1', 'S3 protection is on through the Features API (S3_DATA_EVENTS), which ' +
      'replaces DataSources.S3Logs; a detector takes DataSources or Features, not both (AWS::GuardDuty::Detector reference), and the ' +
      'DataSources form cannot turn on RDS login events or Lambda network logs; the control reads only the older property.');
    return detector;
  }

  private securityHubWithStandards(standards: readonly string[]): securityhub.CfnHub {
    const hub = new securityhub.CfnHub(this, 'SecurityHub', {
      enableDefaultStandards: false,
      controlFindingGenerator: 'SECURITY_CONTROL',
      autoEnableControls: true,
    });
    for (const standard of standards) {
      const cfn = new securityhub.CfnStandard(this, `Standard-${standard.split('/')[0]}`, {
        standardsArn: `arn:${Aws.PARTITION}:securityhub:${Aws.REGION}::standards/${standard}`,
      });
      cfn.addResourceDependency(hub);
    }
    return hub;
  }

  private accountSettingsResource(key: kms.IKey, minimumLength: number, maxAgeDays: number, ebsKey: kms.IKey | undefined): CustomResource {
    const fn = new HardenedFunction(this, 'AccountSettingsFunction', {
      entry: path.join(__dirname, 'baseline', 'account-settings-handler'),
      description: 'cdk-hipaa: IAM password policy, EBS encryption by default, S3 account public access block',
      encryptionKey: key,
      outsideVpcReason: 'Runs only during deployment and calls only the IAM, EC2 and S3 Control APIs over TLS; it handles no PHI.',
      invocationReason: 'Invoked only by CloudFormation during deployment, which waits for its answer and fails the deployment visibly on error.',
      accountLevelActions: {
        // No ec2:ResetEbsDefaultKmsKeyId: the function never resets a default key someone chose.
        actions: ['iam:GetAccountPasswordPolicy', 'iam:UpdateAccountPasswordPolicy', 'ec2:EnableEbsEncryptionByDefault', 'ec2:ModifyEbsDefaultKmsKeyId',
          's3:PutAccountPublicAccessBlock'],
        reason: 'nor do the account-wide settings this function reads and tightens (password policy, EBS encryption by default, S3 account public access block).',
      },
    });
    return new CustomResource(this, 'AccountSettings', {
      serviceToken: fn.function.functionArn,
      resourceType: 'Custom::HipaaAccountSettings',
      properties: {
        AccountId: Aws.ACCOUNT_ID,
        MinimumPasswordLength: String(minimumLength),
        MaxPasswordAge: String(maxAgeDays),
        PasswordReusePrevention: '24',
        EbsDefaultKmsKeyArn: ebsKey?.keyArn ?? '',
      },
    });
  }
}
