import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * Bucket policy statements shared by every construct that writes a bucket policy.
 * TLS (deny `aws:SecureTransport=false` and `s3:TlsVersion < 1.2`) comes from the
 * L2's `enforceSSL` and `minimumTLSVersion` props.
 */

/**
 * Objects one AWS service writes with SSE-S3 whatever the bucket asks (CloudTrail digest files):
 * under these key patterns, and only for requests that service makes for `sourceArn`.
 */
export interface SseS3ServiceWrites {
  /** Object key patterns (S3 ARN wildcards allowed), e.g. `AWSLogs/<account>/CloudTrail-Digest/*`. */
  readonly objectPatterns: string[];
  /** The `aws:SourceArn` the service sets on those writes (e.g. the trail's ARN). */
  readonly sourceArn: string;
}

/**
 * Deny uploads that ask for another encryption than SSE-KMS with this bucket's key.
 * Both statements apply only when the header is present (`Null: false`), so an upload
 * with no encryption header succeeds and gets the bucket default (SSE-KMS, this key).
 *
 * With `sseS3`, the objects under its patterns may also be SSE-S3 (`AES256`), and only when
 * the request comes from the named source (`aws:SourceArn`, which only an AWS service sets):
 * everyone else still gets SSE-KMS only there, and nobody gets another encryption anywhere.
 */
export function denyOtherEncryptionStatements(bucket: s3.IBucket, key: kms.IKey, sseS3?: SseS3ServiceWrites): iam.PolicyStatement[] {
  const present = { 's3:x-amz-server-side-encryption': 'false' };
  const exempt = sseS3 ? sseS3.objectPatterns.map((pattern) => bucket.arnForObjects(pattern)) : [];
  const wrongType = new iam.PolicyStatement({
    sid: 'DenyUploadsWithAnotherEncryptionType',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['s3:PutObject'],
    conditions: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' }, Null: present },
  });
  if (exempt.length > 0) wrongType.addNotResources(...exempt);
  else wrongType.addResources(bucket.arnForObjects('*'));
  const statements = [wrongType];
  if (sseS3 && exempt.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'DenyServiceObjectsWithAnotherEncryptionType',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: exempt,
        conditions: { StringNotEquals: { 's3:x-amz-server-side-encryption': ['aws:kms', 'AES256'] }, Null: present },
      }),
      new iam.PolicyStatement({
        sid: 'DenySseS3ServiceObjectsFromOthers',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: exempt,
        // A negated operator on a key absent from the request (anyone but an AWS service) matches: denied.
        conditions: { 'StringNotEquals': { 's3:x-amz-server-side-encryption': 'aws:kms' }, 'Null': present, 'ArnNotEquals': { 'aws:SourceArn': sseS3.sourceArn } },
      }),
    );
  }
  statements.push(new iam.PolicyStatement({
    sid: 'DenyUploadsWithAnotherKmsKey',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['s3:PutObject'],
    resources: [bucket.arnForObjects('*')],
    conditions: {
      'StringNotEquals': { 's3:x-amz-server-side-encryption-aws-kms-key-id': key.keyArn },
      'Null': { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' },
    },
  }));
  return statements;
}

/**
 * Where CloudTrail writes digest files, and with which encryption: "Enabling server-side encryption
 * encrypts the log files but not the digest files with SSE-KMS. Digest files are encrypted with Amazon
 * S3-managed encryption keys (SSE-S3)."
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
 * Digest location (`AWSLogs/<account>/CloudTrail-Digest/`, `AWSLogs/<org id>/<account>/CloudTrail-Digest/`
 * for an organization trail):
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
 * A bucket policy that refuses `AES256` there refuses every digest, and log file validation has nothing to validate.
 */
export function cloudTrailDigestWrites(trailArn: string, accountPrefixes: string[]): SseS3ServiceWrites {
  return { objectPatterns: accountPrefixes.map((prefix) => `AWSLogs/${prefix}/CloudTrail-Digest/*`), sourceArn: trailArn };
}

/**
 * Lets the S3 logging service write server access logs of one source bucket of
 * this account (the bucket-policy method, required with Object Ownership
 * "bucket owner enforced"). S3 sets both confused-deputy keys on delivery
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html#grant-log-delivery-permissions-general).
 */
export function serverAccessLogsDeliveryStatement(logBucket: s3.IBucket, prefix: string, sourceBucket: s3.IBucket): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: `S3ServerAccessLogsDelivery${prefix.replace(/[^A-Za-z0-9]/g, '')}`,
    principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
    actions: ['s3:PutObject'],
    resources: [logBucket.arnForObjects(`${prefix}*`)],
    conditions: {
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      ArnEquals: { 'aws:SourceArn': sourceBucket.bucketArn },
    },
  });
}

/**
 * CloudTrail checks the bucket ACL and writes under `AWSLogs/<account>/` with
 * the bucket-owner-full-control ACL, for the named trail only (`aws:SourceArn`).
 */
export function cloudTrailDeliveryStatements(bucket: s3.IBucket, trailArn: string): iam.PolicyStatement[] {
  const principal = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
  return [
    new iam.PolicyStatement({
      sid: 'AWSCloudTrailAclCheck',
      principals: [principal],
      actions: ['s3:GetBucketAcl'],
      resources: [bucket.bucketArn],
      conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
    }),
    new iam.PolicyStatement({
      sid: 'AWSCloudTrailWrite',
      principals: [principal],
      actions: ['s3:PutObject'],
      resources: [bucket.arnForObjects(`AWSLogs/${Aws.ACCOUNT_ID}/*`)],
      conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } },
    }),
  ];
}
