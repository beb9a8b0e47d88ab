/**
 * The service control policy statements of HipaaGuardrails, as data: one reason each
 * (shown in the README and the tests). Statements are built from the guardrail context
 * so exemptions and allow-lists are literal in the policy.
 *
 * SCPs never apply to the management account or to service-linked roles:
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
 */

/** What a statement is built from. */
export interface GuardrailContext {
  /** Regions where anything but global services may be used. */
  readonly allowedRegions: readonly string[];
  /** ARN patterns of principals exempt from tamper denies (break-glass, StackSets execution, the library's protected roles). */
  readonly exemptPrincipalArns: readonly string[];
  /** ARN patterns of the roles that may schedule key deletion (break-glass, the library's per-Region key-deletion role). */
  readonly keyDeletionRoleArns: readonly string[];
  /** ARN pattern of CloudFormation's execution role of the CDK bootstrap (reconfiguration through reviewed deployments). */
  readonly deploymentRoleArn: string;
  /** ARN patterns of roles nobody but the exempt principals may create or change. */
  readonly protectedRoleArns: readonly string[];
}

/** One guardrail: a statement id, whether it applies to PHI OUs only, why it exists, and its statement. */
export interface Guardrail {
  readonly sid: string;
  readonly scope: 'organization' | 'phi';
  readonly reason: string;
  readonly statement: (context: GuardrailContext) => Record<string, unknown>;
}

/**
 * Global services exempt from the Region deny: their endpoints live in us-east-1 (or
 * us-west-2), so a Region deny without them breaks IAM, Organizations, billing and support.
 * List from AWS's example SCP "Deny access to AWS based on the requested AWS Region":
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html
 */
export const GLOBAL_SERVICE_ACTIONS: readonly string[] = [
  'a4b:*', 'acm:*', 'aws-marketplace-management:*', 'aws-marketplace:*', 'aws-portal:*', 'budgets:*', 'ce:*', 'chime:*',
  'cloudfront:*', 'config:*', 'cur:*', 'directconnect:*', 'ec2:DescribeRegions', 'ec2:DescribeTransitGateways',
  'ec2:DescribeVpnGateways', 'fms:*', 'globalaccelerator:*', 'health:*', 'iam:*', 'importexport:*', 'kms:*',
  'mobileanalytics:*', 'networkmanager:*', 'organizations:*', 'pricing:*', 'route53:*', 'route53domains:*',
  'route53-recovery-cluster:*', 'route53-recovery-control-config:*', 'route53-recovery-readiness:*', 's3:GetAccountPublic*',
  's3:ListAllMyBuckets', 's3:ListMultiRegionAccessPoints', 's3:PutAccountPublic*', 'shield:*', 'sts:*', 'support:*',
  'trustedadvisor:*', 'waf-regional:*', 'waf:*', 'wafv2:*', 'wellarchitected:*',
];

/**
 * Actions that stop, delete or detach the organization's detective controls: denied to all
 * but the exempt roles (break-glass, StackSets, the baseline's own roles).
 */
export const AUDIT_TAMPER_ACTIONS: readonly string[] = [
  'cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:DeleteEventDataStore',
  'config:StopConfigurationRecorder', 'config:DeleteConfigurationRecorder', 'config:DeleteDeliveryChannel',
  'config:DeleteConfigRule', 'config:DeleteConformancePack', 'config:DeleteAggregationAuthorization', 'config:DeleteRetentionConfiguration',
  'guardduty:DeleteDetector', 'guardduty:DisassociateFromMasterAccount', 'guardduty:DisassociateFromAdministratorAccount',
  'guardduty:DeletePublishingDestination',
  'securityhub:DisableSecurityHub', 'securityhub:DisassociateFromMasterAccount', 'securityhub:DisassociateFromAdministratorAccount',
  'securityhub:BatchDisableStandards',
  'access-analyzer:DeleteAnalyzer',
];

/**
 * Actions that reconfigure those controls (narrow a recorder, drop event selectors, turn a
 * detector off, archive findings by filter). They are also how CloudFormation creates and
 * updates them, so CloudFormation's execution role of the CDK bootstrap may, reviewed in
 * code and gated at synth; no person may directly.
 */
export const AUDIT_RECONFIGURE_ACTIONS: readonly string[] = [
  'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:PutInsightSelectors', 'cloudtrail:UpdateEventDataStore',
  'config:PutConfigurationRecorder', 'config:PutDeliveryChannel',
  'guardduty:UpdateDetector', 'guardduty:CreateFilter', 'guardduty:UpdateFilter',
  'securityhub:UpdateSecurityHubConfiguration', 'securityhub:DeleteInsight',
];

const exempt = (c: GuardrailContext) => ({ ArnNotLike: { 'aws:PrincipalARN': [...c.exemptPrincipalArns] } });

/** Every guardrail, in the order they are packed into policies. */
export const GUARDRAILS: readonly Guardrail[] = [
  {
    sid: 'DenyLeaveOrganization',
    scope: 'organization',
    reason: 'An account that leaves the organization leaves every guardrail, the organization trail and the delegated security tooling with its PHI.',
    statement: () => ({ Effect: 'Deny', Action: ['organizations:LeaveOrganization'], Resource: '*' }),
  },
  {
    sid: 'DenyRootUser',
    scope: 'organization',
    reason: 'The root user cannot be limited by IAM or attributed to a person (§164.312(a)(2)(i) unique user identification); member accounts use roles.',
    statement: () => ({
      Effect: 'Deny', Action: '*', Resource: '*',
      Condition: { StringLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:root'] } },
    }),
  },
  {
    sid: 'DenyAuditTamper',
    scope: 'organization',
    reason: 'Stopping or changing CloudTrail, Config, GuardDuty, Security Hub or Access Analyzer would blind the audit controls of §164.312(b) and §164.308(a)(1)(ii)(D).',
    statement: (c) => ({ Effect: 'Deny', Action: [...AUDIT_TAMPER_ACTIONS], Resource: '*', Condition: exempt(c) }),
  },
  {
    sid: 'DenyAuditReconfiguration',
    scope: 'organization',
    reason: 'Narrowing a recorder, dropping event selectors or archiving findings blinds the audit controls as surely as stopping them; only reviewed deployments may reconfigure.',
    statement: (c) => ({
      Effect: 'Deny', Action: [...AUDIT_RECONFIGURE_ACTIONS], Resource: '*',
      Condition: { ArnNotLike: { 'aws:PrincipalARN': [...c.exemptPrincipalArns, c.deploymentRoleArn] } },
    }),
  },
  {
    sid: 'DenyKeyDeletion',
    scope: 'organization',
    reason: 'Deleting a KMS key makes every record it protects unreadable, backups included (§164.308(a)(7) contingency); only the break-glass roles may.',
    statement: (c) => ({
      Effect: 'Deny', Action: ['kms:ScheduleKeyDeletion', 'kms:DeleteImportedKeyMaterial'], Resource: '*',
      Condition: { ArnNotLike: { 'aws:PrincipalARN': [...c.keyDeletionRoleArns] } },
    }),
  },
  {
    sid: 'DenyOutsideAllowedRegions',
    scope: 'organization',
    reason: 'PHI stays in the Regions the organization governs and monitors; global services are exempt as in AWS\'s example policy.',
    statement: (c) => ({
      Effect: 'Deny', NotAction: [...GLOBAL_SERVICE_ACTIONS], Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': [...c.allowedRegions] }, ...exempt(c) },
    }),
  },
  {
    sid: 'DenyEncryptionAndPublicAccessDowngrade',
    scope: 'organization',
    reason: 'EBS encryption by default and the S3 account-level public access block are account-wide safeguards (§164.312(a)(2)(iv), (e)(1)); only the baseline sets them.',
    statement: (c) => ({
      Effect: 'Deny',
      Action: ['ec2:DisableEbsEncryptionByDefault', 's3:PutAccountPublicAccessBlock', 's3:DeleteAccountPublicAccessBlock'],
      Resource: '*', Condition: exempt(c),
    }),
  },
  {
    sid: 'ProtectGuardrailRoles',
    scope: 'organization',
    reason: 'The exemptions above name roles; nobody else may create, assume-policy-edit or re-permission a role with those names.',
    statement: (c) => ({
      Effect: 'Deny',
      Action: [
        'iam:CreateRole', 'iam:DeleteRole', 'iam:UpdateRole', 'iam:UpdateAssumeRolePolicy', 'iam:AttachRolePolicy',
        'iam:DetachRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:PutRolePermissionsBoundary',
        'iam:DeleteRolePermissionsBoundary', 'iam:TagRole', 'iam:UntagRole',
      ],
      Resource: [...c.protectedRoleArns], Condition: exempt(c),
    }),
  },
  {
    sid: 'DenySharedTenancyInstances',
    scope: 'phi',
    reason: 'PHI workloads run on single-tenant hardware (dedicated or host tenancy), as the library\'s compute constructs do.',
    statement: () => ({
      Effect: 'Deny', Action: ['ec2:RunInstances'], Resource: 'arn:aws:ec2:*:*:instance/*',
      Condition: { StringEquals: { 'ec2:Tenancy': 'default' } },
    }),
  },
  {
    sid: 'DenyInstancesWithoutImdsv2',
    scope: 'phi',
    reason: 'IMDSv1 lets a server-side request forgery read instance credentials; AWS\'s example SCP requires IMDSv2 at launch.',
    statement: () => ({
      Effect: 'Deny', Action: ['ec2:RunInstances'], Resource: 'arn:aws:ec2:*:*:instance/*',
      Condition: { StringNotEquals: { 'ec2:MetadataHttpTokens': 'required' } },
    }),
  },
  {
    sid: 'DenyImdsDowngrade',
    scope: 'phi',
    reason: 'Without this, IMDSv2 required at launch could be turned off afterwards.',
    statement: (c) => ({ Effect: 'Deny', Action: ['ec2:ModifyInstanceMetadataOptions'], Resource: '*', Condition: exempt(c) }),
  },
  {
    sid: 'DenyUnencryptedVolumes',
    scope: 'phi',
    reason: 'Every EBS volume in a PHI account is encrypted (§164.312(a)(2)(iv)), whatever the account default says.',
    statement: () => ({
      Effect: 'Deny', Action: ['ec2:CreateVolume', 'ec2:RunInstances'], Resource: 'arn:aws:ec2:*:*:volume/*',
      Condition: { Bool: { 'ec2:Encrypted': 'false' } },
    }),
  },
];
