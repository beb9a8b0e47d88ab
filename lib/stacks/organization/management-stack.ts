import { Aws, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import { Construct } from 'constructs';
import { HipaaGuardrails } from '../../../constructs/guardrails';
import { HipaaKey } from '../../../constructs/key';
import { HipaaLogGroup } from '../../../constructs/log-group';
import { suppress } from '../../compliance/suppress';
import { TrailDataEvents } from '../../../constructs/trail/data-events';
import { ACCOUNT_ID_PATTERN, BUCKET_NAME_PATTERN, idOrParameter, KEY_ARN_PATTERN, OU_ID_PATTERN } from './ids';
import { ORGANIZATION_TRAIL_NAME } from './log-archive-stack';
import { HipaaBreakGlassStack } from './break-glass-stack';
import { HipaaMemberBaselineStack } from './member-baseline-stack';
import { OrganizationAdmin } from './organization-admin';
import { HipaaBaselineStackSet } from './stack-set';

/** Services whose delegated administrator is registered through Organizations (no CloudFormation resource). */
const DELEGATED_SERVICE_PRINCIPALS: Record<string, string> = {
  GuardDutyAdmin: 'guardduty.amazonaws.com',
  ConfigAdmin: 'config.amazonaws.com',
  ConfigMultiAccountAdmin: 'config-multiaccountsetup.amazonaws.com',
  AccessAnalyzerAdmin: 'access-analyzer.amazonaws.com',
};

/** Props of {@link OrganizationManagementStack}. */
export interface OrganizationManagementStackProps extends StackProps {
  /** Regions the organization uses (Region allow list, StackSet Regions). */
  readonly governedRegions: string[];
  /**
   * Root id (`r-…`) the organization-wide guardrails attach to.
   * @default - a CloudFormation parameter `RootId`
   */
  readonly rootId?: string;
  /**
   * The OU that holds PHI workloads: PHI guardrails and the account baseline StackSet.
   * @default - a CloudFormation parameter `PhiOuId`
   */
  readonly phiOuId?: string;
  /**
   * The security tooling account (delegated administrator of GuardDuty, Security Hub, Config).
   * @default - a CloudFormation parameter `SecurityAccountId`
   */
  readonly securityAccountId?: string;
  /**
   * Name of the log-archive account's trail bucket (an output of OrganizationLogArchiveStack).
   * @default - a CloudFormation parameter `TrailBucketName`
   */
  readonly trailBucketName?: string;
  /**
   * ARN of the log-archive account's key.
   * @default - a CloudFormation parameter `ArchiveKeyArn`
   */
  readonly archiveKeyArn?: string;
  /**
   * Name of the log-archive account's Config delivery bucket.
   * @default - a CloudFormation parameter `ConfigBucketName`
   */
  readonly configBucketName?: string;
  /**
   * The break-glass role name of every account.
   * @default 'BreakGlass'
   */
  readonly breakGlassRoleName?: string;
  /**
   * The account whose people may assume the break-glass role (with MFA) in every member account.
   * @default - the security account
   */
  readonly breakGlassTrustedAccountId?: string;
}

/**
 * The management account of a PHI organization: the HIPAA guardrails (SCPs), the
 * organization trail (every account, every Region, management and data events, to the
 * log-archive account), the security account as delegated administrator of GuardDuty,
 * Security Hub and AWS Config, and the account baseline as a service-managed StackSet on
 * the PHI OU. §164.308(a)(1)(ii)(D), §164.308(a)(3), §164.312(b).
 */
export class OrganizationManagementStack extends Stack {
  public readonly guardrails: HipaaGuardrails;
  public readonly trail: cloudtrail.CfnTrail;
  public readonly baseline: HipaaBaselineStackSet;
  /** The break-glass role in every member account (one Region: IAM is global). */
  public readonly breakGlass: HipaaBaselineStackSet;

  constructor(scope: Construct, id: string, props: OrganizationManagementStackProps) {
    super(scope, id, props);
    const rootId = idOrParameter(this, 'rootId', props.rootId, OU_ID_PATTERN, 'the organization root id (r-…)');
    const phiOu = idOrParameter(this, 'phiOuId', props.phiOuId, OU_ID_PATTERN, 'the PHI workloads OU id (ou-…)');
    const security = idOrParameter(this, 'securityAccountId', props.securityAccountId, ACCOUNT_ID_PATTERN, 'the security tooling account id');
    const trailBucketName = idOrParameter(this, 'trailBucketName', props.trailBucketName, BUCKET_NAME_PATTERN, 'the log-archive trail bucket');
    const archiveKeyArn = idOrParameter(this, 'archiveKeyArn', props.archiveKeyArn, KEY_ARN_PATTERN, 'the log-archive key ARN');
    const configBucketName = idOrParameter(this, 'configBucketName', props.configBucketName, BUCKET_NAME_PATTERN, 'the log-archive Config bucket');

    const breakGlassRoleName = props.breakGlassRoleName ?? 'BreakGlass';
    this.guardrails = new HipaaGuardrails(this, 'Guardrails', {
      targetIds: [rootId], phiTargetIds: [phiOu], allowedRegions: props.governedRegions, breakGlassRoleName,
    });

    // One trail for every account and Region, delivered to the log-archive account:
    // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html
    const archive = s3.Bucket.fromBucketName(this, 'TrailBucket', trailBucketName);
    // A copy in CloudWatch Logs (this account, six years, its own key) for metric filters
    // and alarms; the log archive keeps the authoritative, Object Lock copy.
    const logsKey = new HipaaKey(this, 'TrailLogsKey', { description: 'cdk-hipaa organization trail CloudWatch Logs' });
    const logGroup = new HipaaLogGroup(this, 'TrailEvents', { encryptionKey: logsKey.key }).logGroup;
    const trailArn = `arn:${Aws.PARTITION}:cloudtrail:${Aws.REGION}:${Aws.ACCOUNT_ID}:trail/${ORGANIZATION_TRAIL_NAME}`;
    const deliveryRole = new iam.Role(this, 'TrailLogsRole', {
      assumedBy: new iam.ServicePrincipal('cloudtrail.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceArn': trailArn, 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: 'cdk-hipaa: the organization trail writes its CloudWatch Logs copy',
    });
    // The log group ARN ends in ':*': every stream of this group (management and member
    // accounts' streams of an organization trail) and nothing else.
    const deliveryPolicy = new iam.ManagedPolicy(this, 'TrailLogsPolicy', {
      roles: [deliveryRole],
      statements: [new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] })],
    });
    this.trail = new cloudtrail.CfnTrail(this, 'OrganizationTrail', {
      trailName: ORGANIZATION_TRAIL_NAME,
      isLogging: true,
      isOrganizationTrail: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      s3BucketName: trailBucketName,
      kmsKeyId: archiveKeyArn,
      cloudWatchLogsLogGroupArn: logGroup.logGroupArn,
      cloudWatchLogsRoleArn: deliveryRole.roleArn,
      advancedEventSelectors: TrailDataEvents.allBucketsAndTables()._selectors(this, archive),
    });
    // CloudTrail checks the role's permissions when the trail is created.
    this.trail.node.addDependency(deliveryPolicy);
    suppress(this.trail, 'ControlTower-CT.CLOUDTRAIL.PR.1', 'KMSKeyId is the log-archive key ARN, a parameter constrained to a KMS key ARN pattern; the control cannot read a reference.');

    // Security Hub has a CloudFormation resource for its delegated administrator; GuardDuty,
    // Config and Access Analyzer do not, so their Organizations calls run as a custom resource.
    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services_list.html
    new securityhub.CfnDelegatedAdmin(this, 'SecurityHubAdmin', { adminAccountId: security });
    const admin = new OrganizationAdmin(this, 'OrganizationAdmin', [
      'organizations:EnableAWSServiceAccess', 'organizations:RegisterDelegatedAdministrator', 'organizations:DeregisterDelegatedAdministrator',
      'organizations:DescribeOrganization', 'organizations:ListAccounts', 'organizations:ListDelegatedAdministrators',
      'organizations:ListAWSServiceAccessForOrganization', 'guardduty:EnableOrganizationAdminAccount', 'guardduty:DisableOrganizationAdminAccount',
      'iam:CreateServiceLinkedRole',
    ]);
    for (const [name, servicePrincipal] of Object.entries(DELEGATED_SERVICE_PRINCIPALS)) {
      admin.call(name, { Operation: 'DelegateAdministrator', ServicePrincipal: servicePrincipal, AccountId: security });
    }

    // Every member account gets the recorder (the organization conformance pack needs one in
    // each account it evaluates), not only the PHI OU.
    this.baseline = new HipaaBaselineStackSet(this, 'AccountBaseline', {
      organizationalUnitIds: [rootId],
      regions: props.governedRegions,
      template: (app) => new HipaaMemberBaselineStack(app, 'MemberBaseline'),
      parameters: { ConfigBucketName: configBucketName, ConfigKeyArn: archiveKeyArn, HomeRegion: props.governedRegions[0] },
    });

    // The guardrails let only the break-glass role delete keys and archived evidence, and let
    // nobody but StackSets create a role of that name: every member account gets it here,
    // in one Region (IAM is global; a second Region would fail on the existing name).
    const trusted = props.breakGlassTrustedAccountId === undefined ? security
      : idOrParameter(this, 'breakGlassTrustedAccountId', props.breakGlassTrustedAccountId, ACCOUNT_ID_PATTERN, 'the account whose people may break the glass');
    this.breakGlass = new HipaaBaselineStackSet(this, 'BreakGlass', {
      stackSetName: 'cdk-hipaa-break-glass',
      description: 'cdk-hipaa break-glass role in every member account (MFA-only trust; the guardrails\' only key and evidence deletion path)',
      organizationalUnitIds: [rootId],
      regions: [props.governedRegions[0]],
      template: (app) => new HipaaBreakGlassStack(app, 'BreakGlass', { roleName: breakGlassRoleName }),
      parameters: { TrustedAccountId: trusted },
    });
  }
}
