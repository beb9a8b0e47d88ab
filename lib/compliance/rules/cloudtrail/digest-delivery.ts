import { GapRule, RuleVerdict } from '../rule';
import { CfnTemplateResource, asArray, refersTo, resourcesOfType, statementsOf } from '../template';

const SSE_HEADER = 's3:x-amz-server-side-encryption';

/** Where digest files land, for an account trail and an organization trail (any bucket, any account). */
const DIGEST_KEYS = ['arn:aws:s3:::bucket/AWSLogs/ACCOUNT/CloudTrail-Digest/region/2026/01/01/file.json.gz',
  'arn:aws:s3:::bucket/AWSLogs/o-organization/ACCOUNT/CloudTrail-Digest/region/2026/01/01/file.json.gz'];

/** An ARN value as a wildcard pattern: every intrinsic (bucket ARN, account id) may be anything. */
function pattern(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as Record<string, any> | undefined)?.['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1])) return join[1].map(pattern).join(join[0]);
  return '*';
}

function matches(arnPattern: string, arn: string): boolean {
  const regex = arnPattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${regex}$`).test(arn);
}

/** The statement could apply to a digest file. */
function coversDigests(statement: Record<string, any>): boolean {
  const covered = (values: unknown): boolean => asArray(values).some((v) => DIGEST_KEYS.some((key) => matches(pattern(v), key)));
  if (statement.NotResource !== undefined) return !covered(statement.NotResource);
  return covered(statement.Resource);
}

/** The statement refuses an upload that asks for SSE-S3 (`AES256`). */
function refusesSseS3(statement: Record<string, any>): boolean {
  if (statement.Effect !== 'Deny') return false;
  if (!asArray(statement.Action).some((a) => ['s3:PutObject', 's3:Put*', 's3:*', '*'].includes(String(a)))) return false;
  const condition = statement.Condition ?? {};
  const notEquals = condition.StringNotEquals?.[SSE_HEADER] ?? condition.StringNotLike?.[SSE_HEADER];
  const equals = condition.StringEquals?.[SSE_HEADER] ?? condition.StringLike?.[SSE_HEADER];
  return (notEquals !== undefined && !asArray(notEquals).includes('AES256')) || (equals !== undefined && asArray(equals).includes('AES256'));
}

/** The statement leaves out requests CloudTrail makes for this trail (`aws:SourceArn` names it). */
function exemptsTrail(statement: Record<string, any>, trail: CfnTemplateResource): boolean {
  const condition = statement.Condition ?? {};
  const name = trail.Properties?.TrailName;
  return ['ArnNotEquals', 'ArnNotLike', 'StringNotEquals', 'StringNotLike'].some((op) => {
    const value = condition[op]?.['aws:SourceArn'];
    return value !== undefined && (typeof name !== 'string' || JSON.stringify(value).includes(`trail/${name}`));
  });
}

/**
 * A trail with log file validation can deliver its digest files: CloudTrail writes them with SSE-S3
 * even when the trail encrypts log files with KMS ("Digest files are encrypted with Amazon S3-managed
 * encryption keys (SSE-S3)",
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html),
 * so a bucket policy that denies `AES256` uploads under `CloudTrail-Digest/` without exempting the trail
 * refuses every digest, and validation silently has nothing to validate.
 */
export const CloudTrailDigestDelivery: GapRule = {
  id: 'CloudTrailDigestDelivery',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  description: 'The trail bucket\'s policy refuses SSE-S3 uploads where CloudTrail writes digest files (always SSE-S3, even on a KMS-encrypted trail): no digest is delivered and log file integrity cannot be validated.',
  fix: 'Use HipaaTrail (its bucket accepts SSE-S3 under AWSLogs/<account>/CloudTrail-Digest/ from this trail only), or exempt that prefix for `aws:SourceArn` = the trail ARN in the deny statement.',
  safeguard: '164.312(c)(1) integrity',
  evaluate({ resource, template }) {
    const validates = resource.Properties?.EnableLogFileValidation;
    if (validates !== true && validates !== 'true') return RuleVerdict.NOT_APPLICABLE;
    const bucket = resourcesOfType(template, 'AWS::S3::Bucket').find(([id]) => refersTo(resource.Properties?.S3BucketName, id));
    // A bucket of another template or account is judged where it is built.
    if (!bucket) return RuleVerdict.NOT_APPLICABLE;
    const policies = resourcesOfType(template, 'AWS::S3::BucketPolicy').filter(([, p]) => refersTo(p.Properties?.Bucket, bucket[0]));
    const blocking = policies.flatMap(([, p]) => statementsOf(p.Properties?.PolicyDocument))
      .filter((s) => refusesSseS3(s) && coversDigests(s) && !exemptsTrail(s, resource));
    return blocking.length === 0 ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
