import { GapRule, RuleVerdict } from '../rule';
import { bucketPolicyStatements, coversAllS3Actions, deniesEveryone } from './bucket-policy';

/** The lowest TLS version a bucket policy may allow. */
export const MINIMUM_TLS_VERSION = 1.2;

/**
 * The bucket policy denies every S3 action over plain HTTP and over TLS older
 * than 1.2. cdk-nag checks only `aws:SecureTransport`; TLS 1.0/1.1 is the gap.
 */
export const S3BucketTlsPolicy: GapRule = {
  id: 'S3BucketTlsPolicy',
  resourceTypes: ['AWS::S3::Bucket'],
  description: 'The S3 bucket policy does not deny requests over plain HTTP and over TLS older than 1.2.',
  fix: 'Use HipaaBucket, or set `enforceSSL: true` and `minimumTLSVersion: 1.2` on the bucket.',
  safeguard: '164.312(e)(1) transmission security',
  evaluate({ logicalId, template }) {
    const denies = bucketPolicyStatements(template, logicalId).filter((s) => deniesEveryone(s) && coversAllS3Actions(s));
    const deniesHttp = denies.some((s) => {
      const value = s.Condition?.Bool?.['aws:SecureTransport'];
      return value === 'false' || value === false;
    });
    const deniesOldTls = denies.some((s) => {
      const value = Number(s.Condition?.NumericLessThan?.['s3:TlsVersion']);
      return Number.isFinite(value) && value >= MINIMUM_TLS_VERSION;
    });
    return deniesHttp && deniesOldTls ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
