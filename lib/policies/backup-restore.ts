import { actionPatternMatches, AUDIT_TAMPER_ACTION_LIST } from './audit-tamper';

/**
 * What an AWS Backup restore of S3 data needs, and where the audit-tamper protection must step
 * aside for it. Used by HipaaPermissionsBoundary (the `backup-service` profile) and by the
 * `HipaaGap-BackupS3RestorePermitted` rule, which fails a template whose AWS Backup role could
 * not restore a bucket into a new one.
 */

/**
 * The actions of AWSBackupServiceRolePolicyForS3Restore v2, the policy AWS documents for the role
 * that restores S3 recovery points (https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-s3.html,
 * "Amazon S3 restore permissions"; document:
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupServiceRolePolicyForS3Restore.html).
 * A restore into a new bucket creates it and turns versioning on (`s3:CreateBucket`,
 * `s3:PutBucketVersioning`), then writes the objects, their ACLs and tags.
 */
export const S3_RESTORE_ACTIONS: readonly string[] = [
  's3:CreateBucket', 's3:ListBucketVersions', 's3:ListBucket', 's3:GetBucketVersioning', 's3:GetBucketLocation', 's3:PutBucketVersioning',
  's3:PutBucketOwnershipControls', 's3:GetBucketOwnershipControls',
  's3:GetObject', 's3:GetObjectVersion', 's3:DeleteObject', 's3:PutObjectVersionAcl', 's3:GetObjectVersionAcl', 's3:GetObjectTagging',
  's3:PutObjectTagging', 's3:GetObjectAcl', 's3:PutObjectAcl', 's3:PutObject', 's3:ListMultipartUploadParts',
  'kms:GenerateDataKey', 'kms:DescribeKey', 'kms:Decrypt',
];

/**
 * Buckets an AWS Backup restore creates start with this: restore testing names its bucket
 * `awsbackup-restore-test-<random>` (`destinationBucketName`, "Restore testing inferred metadata",
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-inferred-metadata.html), and an
 * on-demand restore into a new bucket takes the name the operator gives, which the README asks to
 * start with the same prefix. No bucket of this library is named so: generated names start with the
 * stack name, the DR replicas with `cdk-hipaa-`, and HipaaBucket / HipaaLogBucket refuse a
 * `bucketName` with this prefix (NAME_RULES.s3Bucket).
 */
export const RESTORE_BUCKET_PREFIX = 'awsbackup-restore-';

/**
 * The audit-tamper actions an S3 restore needs (today `s3:PutBucketVersioning`, on the new bucket):
 * the `backup-service` boundary denies them on every bucket but {@link RESTORE_BUCKET_PREFIX}`*`.
 * Derived, so a tamper action added later that restores use is carved out (and tested) too.
 */
export const S3_RESTORE_TAMPER_ACTIONS: readonly string[] = S3_RESTORE_ACTIONS.filter((a) => AUDIT_TAMPER_ACTION_LIST.includes(a));

/** The resource a restore action acts on, as the rule evaluates it: the new bucket, one of its objects, or a key. */
export function s3RestoreResource(action: string): string {
  if (action.startsWith('kms:')) return 'arn:aws:kms:<region>:<account>:key/<key-id>';
  const bucket = `arn:aws:s3:::${RESTORE_BUCKET_PREFIX}test-<random>`;
  return /Bucket/.test(action) ? bucket : `${bucket}/<key>`;
}

/** A policy statement as the template holds it, its ARNs flattened (`${AWS::Partition}` and other references). */
export interface FlatStatement {
  readonly Effect?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
  readonly Condition?: unknown;
}

const list = (v: unknown): unknown[] => v === undefined ? [] : Array.isArray(v) ? v : [v];

/** IAM's resource glob: `*` any run, `?` one character, case-sensitive. */
function resourceMatches(pattern: string, resource: string): boolean {
  const regex = '^' + pattern.split('').map((c) => c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')).join('') + '$';
  return new RegExp(regex).test(resource);
}

/**
 * Whether `statement` could deny `action` on `resource`. Conservative where the template does not
 * say: a condition is assumed to hold, a reference other than the partition in `Resource` matches
 * anything, and a `NotResource` entry with such a reference excludes nothing. `resolve` turns a
 * template value into text (or undefined when it cannot).
 */
export function mayDeny(statement: FlatStatement, action: string, resource: string, resolve: (v: unknown) => string | undefined): boolean {
  if (statement.Effect !== 'Deny') return false;
  const actions = list(statement.Action).filter((a): a is string => typeof a === 'string');
  const notActions = list(statement.NotAction).filter((a): a is string => typeof a === 'string');
  const actionHit = statement.NotAction !== undefined
    ? !notActions.some((p) => actionPatternMatches(p, action))
    : actions.some((p) => actionPatternMatches(p, action));
  if (!actionHit) return false;
  const text = (v: unknown) => resolve(v)?.replace(/\$\{AWS::Partition\}/g, 'aws');
  if (statement.NotResource !== undefined) {
    const excluded = list(statement.NotResource).map(text).some((p) => p !== undefined && !p.includes('${') && resourceMatches(p, resource));
    return !excluded;
  }
  return list(statement.Resource).map(text).some((p) => p === undefined || resourceMatches(p.replace(/\$\{[^}]*\}/g, '*'), resource));
}
