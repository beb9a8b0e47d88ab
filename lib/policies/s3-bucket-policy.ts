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
 * Deny uploads that ask for another encryption than SSE-KMS with this bucket's key.
 * Both statements apply only when the header is present (`Null: false`), so an upload
 * with no encryption header succeeds and gets the bucket default (SSE-KMS, this key).
 */
export function denyOtherEncryptionStatements(bucket: s3.IBucket, key: kms.IKey): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'DenyUploadsWithAnotherEncryptionType',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:PutObject'],
      resources: [bucket.arnForObjects('*')],
      conditions: {
        'StringNotEquals': { 's3:x-amz-server-side-encryption': 'aws:kms' },
        'Null': { 's3:x-amz-server-side-encryption': 'false' },
      },
    }),
    new iam.PolicyStatement({
      sid: 'DenyUploadsWithAnotherKmsKey',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:PutObject'],
      resources: [bucket.arnForObjects('*')],
      conditions: {
        'StringNotEquals': { 's3:x-amz-server-side-encryption-aws-kms-key-id': key.keyArn },
        'Null': { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' },
      },
    }),
  ];
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
