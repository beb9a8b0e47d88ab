import { Aws, CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { HipaaBucket } from '../../../constructs/bucket';
import { HipaaKey } from '../../../constructs/key';
import { cloudTrailDigestWrites } from '../../policies/s3-bucket-policy';
import { denyEvidenceDeletionStatement } from '../../policies/evidence-deletion';
import { SIX_YEARS } from '../../../constructs/retention';
import { GUARDRAIL_ROLE_PREFIX } from '../../../constructs/guardrails';
import { ACCOUNT_ID_PATTERN, idOrParameter, ORGANIZATION_ID_PATTERN } from './ids';

/** Name of the organization trail (part of the ARN the key and bucket policies are bound to). */
export const ORGANIZATION_TRAIL_NAME = 'cdk-hipaa-organization-trail';

/** Props of {@link OrganizationLogArchiveStack}. */
export interface OrganizationLogArchiveStackProps extends StackProps {
  /**
   * The AWS Organization id (`o-…`).
   * @default - a CloudFormation parameter `OrganizationId`
   */
  readonly organizationId?: string;
  /**
   * The management account id (it owns the organization trail).
   * @default - a CloudFormation parameter `ManagementAccountId`
   */
  readonly managementAccountId?: string;
  /**
   * Region of the organization trail (where the management stack is deployed), part of the
   * trail ARN every policy here is bound to.
   * @default - this stack's Region
   */
  readonly trailRegion?: string;
  /**
   * Object Lock mode of the trail bucket. GOVERNANCE lets a principal with
   * `s3:BypassGovernanceRetention` (nobody, by this stack's bucket policy, but the
   * break-glass role) shorten a retention; COMPLIANCE lets nobody, not even the root user,
   * delete a log file before its retention ends, and cannot be undone.
   * @default s3.ObjectLockMode.GOVERNANCE
   */
  readonly objectLockMode?: s3.ObjectLockMode;
  /**
   * Name of the break-glass role of this account: the only principal that may delete or
   * bypass retention on the archive.
   * @default 'BreakGlass'
   */
  readonly breakGlassRoleName?: string;
}

/**
 * The log-archive account of a PHI organization: the organization trail's bucket (S3
 * Object Lock, six years) and the AWS Config delivery bucket of every member account
 * (AWS Config cannot deliver to an Object Lock bucket), both encrypted with a key of this
 * account, written only by CloudTrail for the organization trail and by the member
 * accounts' Config roles, deleted by nobody but the break-glass role. Workload accounts
 * have no principal here. §164.312(b), §164.316(b)(2)(i).
 */
export class OrganizationLogArchiveStack extends Stack {
  /** The key of both buckets. */
  public readonly key: HipaaKey;
  /** The organization trail's bucket (Object Lock). */
  public readonly trailBucket: HipaaBucket;
  /** The AWS Config delivery bucket. */
  public readonly configBucket: HipaaBucket;

  constructor(scope: Construct, id: string, props: OrganizationLogArchiveStackProps = {}) {
    super(scope, id, props);
    const orgId = idOrParameter(this, 'organizationId', props.organizationId, ORGANIZATION_ID_PATTERN, 'the AWS Organization id (o-…)');
    const management = idOrParameter(this, 'managementAccountId', props.managementAccountId, ACCOUNT_ID_PATTERN, 'the management account id');
    const breakGlass = `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${props.breakGlassRoleName ?? 'BreakGlass'}`;
    const trailArn = `arn:${Aws.PARTITION}:cloudtrail:${props.trailRegion ?? Aws.REGION}:${management}:trail/${ORGANIZATION_TRAIL_NAME}`;
    // The CDK bootstrap's CloudFormation execution role (any qualifier) of this account.
    const deployRole = `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/cdk-*-cfn-exec-role-${Aws.ACCOUNT_ID}-*`;
    const configRoles = `arn:${Aws.PARTITION}:iam::*:role/${GUARDRAIL_ROLE_PREFIX}config-*`;

    this.key = new HipaaKey(this, 'Key', { description: 'cdk-hipaa organization log archive (trail and Config delivery)' });
    // The organization trail encrypts with this key from the management account:
    // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
    this.key.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowOrganizationTrailEncrypt',
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceArn': trailArn },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${Aws.PARTITION}:cloudtrail:*:${management}:trail/*` },
      },
    }));
    // DescribeKey carries no encryption context, and the trail bucket uses an S3 Bucket Key,
    // for which CloudTrail needs kms:Decrypt when the trail is created or updated (same page).
    this.key.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowOrganizationTrailDescribeAndBucketKey',
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['kms:DescribeKey', 'kms:Decrypt'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
    }));
    // Member accounts' Config roles encrypt their deliveries through S3 only.
    this.key.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowMemberConfigDelivery',
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:PrincipalOrgID': orgId, 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` },
        ArnLike: { 'aws:PrincipalArn': configRoles },
      },
    }));

    this.trailBucket = new HipaaBucket(this, 'Trail', {
      encryptionKey: this.key.key,
      objectLock: { mode: props.objectLockMode ?? s3.ObjectLockMode.GOVERNANCE, retention: SIX_YEARS },
      lifecycle: { expireAfter: Duration.days(2557), noncurrentVersionExpireAfter: Duration.days(2557) },
      dataClassification: 'Audit',
      nonPhiJustification: 'Organization trail log files: audit records of API calls, not a PHI store of a workload; SSE-KMS with the ' +
        'log-archive key, Object Lock and seven-year retention protect them (HipaaGap-S3BucketDefaultEncryption checks the encryption).',
      // Digest files are SSE-S3 even on an SSE-KMS trail (AWS documentation cited at cloudTrailDigestWrites).
      _sseS3ServiceWrites: cloudTrailDigestWrites(trailArn, [management, `${orgId}/*`]),
    });
    const trailBucket = this.trailBucket.bucket;
    // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html#org-trail-bucket-policy
    trailBucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AWSCloudTrailAclCheck',
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['s3:GetBucketAcl'],
      resources: [trailBucket.bucketArn],
      conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
    }));
    trailBucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AWSCloudTrailWrite',
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [trailBucket.arnForObjects(`AWSLogs/${management}/*`), trailBucket.arnForObjects(`AWSLogs/${orgId}/*`)],
      conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } },
    }));

    // AWS Config refuses Object Lock buckets as delivery targets:
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-config-deliverychannel.html
    this.configBucket = new HipaaBucket(this, 'Config', {
      encryptionKey: this.key.key,
      lifecycle: { expireAfter: Duration.days(2557), noncurrentVersionExpireAfter: Duration.days(2557) },
      dataClassification: 'Audit',
      nonPhiJustification: 'AWS Config snapshots and history: resource configuration records, not a PHI store of a workload; SSE-KMS ' +
        'with the log-archive key and seven-year retention (HipaaGap-S3BucketDefaultEncryption checks the encryption).',
    });
    const configBucket = this.configBucket.bucket;
    // Config writes with the member account's recorder role (named by the account baseline):
    // https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html
    const memberConfig = { StringEquals: { 'aws:PrincipalOrgID': orgId }, ArnLike: { 'aws:PrincipalArn': configRoles } };
    configBucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowMemberConfigCheck',
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:GetBucketAcl', 's3:ListBucket'],
      resources: [configBucket.bucketArn],
      conditions: memberConfig,
    }));
    configBucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowMemberConfigWrite',
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:PutObject'],
      resources: [configBucket.arnForObjects('AWSLogs/*/Config/*')],
      conditions: { ...memberConfig, StringEquals: { ...memberConfig.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
    }));

    for (const bucket of [trailBucket, configBucket]) {
      // Nobody but the break-glass role deletes evidence, shortens retention or loosens the
      // bucket; CloudFormation's execution role may still update the configuration this stack
      // declares (else the next deploy of this stack fails), but never deletes objects.
      bucket.addToResourcePolicy(denyEvidenceDeletionStatement(bucket, breakGlass));
      bucket.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'DenyArchiveReconfigurationButDeployment',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutLifecycleConfiguration', 's3:PutBucketVersioning', 's3:PutBucketObjectLockConfiguration',
          's3:DeleteBucketPolicy', 's3:PutBucketPolicy'],
        resources: [bucket.bucketArn],
        conditions: { ArnNotLike: { 'aws:PrincipalArn': [breakGlass, deployRole] } },
      }));
    }
    // What the management stack needs (passed to it by context or parameter).
    new CfnOutput(this, 'TrailBucketName', { value: trailBucket.bucketName, description: 'trailBucketName for the management stack' });
    new CfnOutput(this, 'ConfigBucketName', { value: configBucket.bucketName, description: 'configBucketName for the management stack' });
    new CfnOutput(this, 'ArchiveKeyArn', { value: this.key.key.keyArn, description: 'archiveKeyArn for the management stack' });
  }
}
