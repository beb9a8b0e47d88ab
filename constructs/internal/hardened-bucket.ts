import { RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { MINIMUM_TLS_VERSION } from '../../lib/compliance/rules/s3/bucket-tls-policy';

/**
 * The safeguards every bucket of the library carries, written once for HipaaBucket and
 * HipaaLogBucket (which differ only in encryption, lifecycle and logging): Block Public
 * Access, bucket owner enforced (no ACLs), versioning, TLS 1.2 or later only, and RETAIN so
 * a stack deletion never deletes records.
 */
export const HARDENED_BUCKET_PROPS = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  versioned: true,
  enforceSSL: true,
  minimumTLSVersion: MINIMUM_TLS_VERSION,
  removalPolicy: RemovalPolicy.RETAIN,
} as const satisfies s3.BucketProps;
