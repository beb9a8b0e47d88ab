import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * What one administrator could do to audit log files in an Object Lock bucket: delete a version
 * (GOVERNANCE lets `s3:BypassGovernanceRetention` holders do it before the retention ends), shorten
 * or lift a version's retention or legal hold, or delete the bucket. The shared list of
 * {@link denyEvidenceDeletionStatement}, also read by gate rule HipaaGap-CloudTrailLogBucketDeletionDenied.
 */
export const EVIDENCE_DELETION_ACTIONS = ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:BypassGovernanceRetention', 's3:PutObjectRetention',
  's3:PutObjectLegalHold', 's3:DeleteBucket'] as const;

/**
 * Denies {@link EVIDENCE_DELETION_ACTIONS} on the bucket and its objects to every principal but
 * `breakGlassRoleArn` (used by the organization log archive and by HipaaTrail's log bucket).
 *
 * Unaffected, by design:
 * - writes: CloudTrail delivers log files and digest files with `s3:PutObject` only, and the
 *   bucket's default retention is applied by S3 (no `s3:PutObjectRetention` in the request);
 * - S3 Lifecycle expiry: lifecycle actions are not requests of an IAM principal (S3 runs them on
 *   internal endpoints, https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-and-other-bucket-config.html),
 *   so a bucket policy does not govern them; AWS names `s3:PutLifecycleConfiguration` as the
 *   permission to deny for that path (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html),
 *   which the S3BucketPolicyChanges alarm watches, and Object Lock keeps every locked version until its retention ends anyway.
 *
 * The break-glass role needs an identity policy that allows the action as well: without one
 * (the baseline's key-deletion role has none), deleting a log file early takes an IAM change
 * first, which is itself an alarm.
 */
export function denyEvidenceDeletionStatement(bucket: s3.IBucket, breakGlassRoleArn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'DenyEvidenceDeletionButBreakGlass',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: [...EVIDENCE_DELETION_ACTIONS],
    resources: [bucket.bucketArn, bucket.arnForObjects('*')],
    conditions: { ArnNotEquals: { 'aws:PrincipalArn': breakGlassRoleArn } },
  });
}
