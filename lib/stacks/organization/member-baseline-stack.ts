import { Aws, CfnCondition, CfnParameter, Fn, Stack, StackProps } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { GUARDRAIL_ROLE_PREFIX } from '../../../constructs/guardrails';
import { suppress } from '../../compliance/suppress';
import { BUCKET_NAME_PATTERN, KEY_ARN_PATTERN } from './ids';

/** Props of {@link HipaaMemberBaselineStack}. */
export interface HipaaMemberBaselineStackProps extends StackProps {
  /**
   * Name of the log-archive account's Config delivery bucket.
   * @default - a CloudFormation parameter `ConfigBucketName` (what the StackSet passes)
   */
  readonly configBucketName?: string;
  /**
   * ARN of the log-archive account's key that encrypts Config deliveries.
   * @default - a CloudFormation parameter `ConfigKeyArn` (what the StackSet passes)
   */
  readonly configKeyArn?: string;
  /**
   * The Region that records global resources (IAM users, roles, policies).
   * @default - a CloudFormation parameter `HomeRegion` (what the StackSet passes)
   */
  readonly homeRegion?: string;
}

/**
 * Managed rules that fix an account setting CloudFormation has no resource for, and the
 * AWS-owned Systems Manager Automation runbook that fixes it (no Lambda, so no asset has
 * to reach every account and Region). Runbooks:
 * https://docs.aws.amazon.com/systems-manager-automation-runbooks/latest/userguide/automation-aws-block-public-s3.html
 * https://docs.aws.amazon.com/systems-manager-automation-runbooks/latest/userguide/automation-aws-enable-ebs-encryption.html
 */
export const SELF_HEALING_SETTINGS = [
  {
    rule: 'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC',
    ruleParameters: { BlockPublicAcls: 'True', BlockPublicPolicy: 'True', IgnorePublicAcls: 'True', RestrictPublicBuckets: 'True' },
    runbook: 'AWSConfigRemediation-ConfigureS3PublicAccessBlock',
    runbookParameters: { AccountId: { StaticValue: { Values: [Aws.ACCOUNT_ID] } } },
    permissions: ['s3:PutAccountPublicAccessBlock', 's3:GetAccountPublicAccessBlock'],
  },
  {
    rule: 'EC2_EBS_ENCRYPTION_BY_DEFAULT',
    ruleParameters: {},
    runbook: 'AWSConfigRemediation-EnableEbsEncryptionByDefault',
    runbookParameters: {},
    permissions: ['ec2:EnableEbsEncryptionByDefault', 'ec2:GetEbsEncryptionByDefault'],
  },
] as const;

/**
 * The per-account, per-Region part of the baseline that every account of a PHI OU gets
 * from a service-managed StackSet ({@link HipaaBaselineStackSet}): the AWS Config recorder
 * (all resources, global ones in the home Region only) delivering to the log-archive
 * account, and self-healing account settings (S3 account public access block, EBS
 * encryption by default) through Config remediation with AWS-owned runbooks. Its roles
 * carry the guardrail prefix, so only StackSets can change them. GuardDuty, Security Hub
 * and the HIPAA conformance pack come organization-wide from the delegated administrator.
 */
export class HipaaMemberBaselineStack extends Stack {
  constructor(scope: Construct, id: string, props: HipaaMemberBaselineStackProps = {}) {
    super(scope, id, props);
    const configBucketName = props.configBucketName ?? new CfnParameter(this, 'ConfigBucketName', {
      type: 'String', allowedPattern: BUCKET_NAME_PATTERN, description: 'The log-archive account\'s AWS Config delivery bucket',
    }).valueAsString;
    const configKeyArn = props.configKeyArn ?? new CfnParameter(this, 'ConfigKeyArn', {
      type: 'String', allowedPattern: KEY_ARN_PATTERN, description: 'The log-archive account\'s key for Config deliveries',
    }).valueAsString;
    // Role names are per account and global: the Region keeps StackSet instances apart.
    const recorderRole = new iam.Role(this, 'RecorderRole', {
      roleName: `${GUARDRAIL_ROLE_PREFIX}config-${Aws.REGION}`,
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWS_ConfigRole')],
      description: 'cdk-hipaa: AWS Config recorder, delivers to the organization log archive',
    });
    // A managed policy of this stack, not an inline one: it can be reviewed and versioned on its own.
    const deliveryPolicy = new iam.ManagedPolicy(this, 'RecorderDeliveryPolicy', {
      description: 'cdk-hipaa: AWS Config delivers this account\'s items to the log-archive bucket',
      roles: [recorderRole],
      statements: [
        new iam.PolicyStatement({
          actions: ['s3:PutObject'],
          resources: [`arn:${Aws.PARTITION}:s3:::${configBucketName}/AWSLogs/${Aws.ACCOUNT_ID}/Config/*`],
          conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
        }),
        new iam.PolicyStatement({ actions: ['s3:GetBucketAcl', 's3:ListBucket'], resources: [`arn:${Aws.PARTITION}:s3:::${configBucketName}`] }),
        new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [configKeyArn] }),
      ],
    });
    suppress(deliveryPolicy, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<ConfigBucketName>/AWSLogs/<AWS::AccountId>/Config/*]',
      'AWS Config names its delivery objects by date and Region under AWSLogs/<account>/Config/; the wildcard covers only this account\'s prefix of the archive bucket.');
    suppress(recorderRole, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWS_ConfigRole]',
      'AWS_ConfigRole is the policy AWS documents for a Config recorder role; it grants read-only describe/list/get calls needed to record every resource type.');

    // IAM and other global resources are recorded in one Region only (else every Region
    // records the same items and bills for them).
    const homeRegion = props.homeRegion ?? new CfnParameter(this, 'HomeRegion', {
      type: 'String', allowedPattern: '[a-z]{2}(-gov)?-[a-z]+-\\d', description: 'The one Region that records global resources (IAM)',
    }).valueAsString;
    const isHome = new CfnCondition(this, 'IsHomeRegion', { expression: Fn.conditionEquals(Aws.REGION, homeRegion) });
    const recorder = new config.CfnConfigurationRecorder(this, 'Recorder', {
      roleArn: recorderRole.roleArn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: Fn.conditionIf(isHome.logicalId, true, false) },
    });
    const channel = new config.CfnDeliveryChannel(this, 'Delivery', {
      s3BucketName: configBucketName,
      s3KmsKeyArn: configKeyArn,
      configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
    });
    channel.node.addDependency(recorder);
    // Config checks that it can write to the bucket when the channel is created.
    channel.node.addDependency(deliveryPolicy);

    const remediationRole = new iam.Role(this, 'RemediationRole', {
      roleName: `${GUARDRAIL_ROLE_PREFIX}remediation-${Aws.REGION}`,
      assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: 'cdk-hipaa: Config remediation of account settings (S3 account public access block, EBS encryption by default)',
    });
    const remediationPolicy = new iam.ManagedPolicy(this, 'RemediationPolicy', {
      description: 'cdk-hipaa: the account settings the Config remediation runbooks set',
      roles: [remediationRole],
    });
    for (const setting of SELF_HEALING_SETTINGS) {
      const rule = new config.CfnConfigRule(this, setting.runbook.replace(/[^A-Za-z0-9]/g, ''), {
        configRuleName: `cdk-hipaa-${setting.rule.toLowerCase().replace(/_/g, '-')}`,
        source: { owner: 'AWS', sourceIdentifier: setting.rule },
        inputParameters: Object.keys(setting.ruleParameters).length > 0 ? setting.ruleParameters : undefined,
        maximumExecutionFrequency: setting.rule.endsWith('PERIODIC') || setting.rule === 'EC2_EBS_ENCRYPTION_BY_DEFAULT' ? 'TwentyFour_Hours' : undefined,
      });
      rule.node.addDependency(recorder);
      new config.CfnRemediationConfiguration(this, `${rule.node.id}Remediation`, {
        configRuleName: rule.ref,
        targetType: 'SSM_DOCUMENT',
        targetId: setting.runbook,
        automatic: true,
        maximumAutomaticAttempts: 5,
        retryAttemptSeconds: 60,
        parameters: { AutomationAssumeRole: { StaticValue: { Values: [remediationRole.roleArn] } }, ...setting.runbookParameters },
      });
      remediationPolicy.addStatements(new iam.PolicyStatement({ actions: [...setting.permissions], resources: ['*'] }));
    }
    suppress(remediationPolicy, 'AwsSolutions-IAM5[Resource::*]',
      'Account-level settings (S3 account public access block, EBS encryption by default) have no resource ARN; IAM requires Resource * for these actions.');
  }
}
