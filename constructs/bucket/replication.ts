import { Aws, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { suppress } from '../../lib/compliance/suppress';
import { HipaaValidationError } from '../../lib/errors';
import { HipaaPermissionsBoundary } from '../permissions-boundary';

/**
 * Cross-region (optionally cross-account) replication of a {@link HipaaBucket} to a bucket
 * in its disaster-recovery region. The destination is named by strings, not by a construct:
 * CloudFormation cannot pass a reference from a stack of one region to a stack of another,
 * so the destination stack uses names both sides know ahead (see `DisasterRecoveryNames`) or
 * you pass the ARNs its deployment printed.
 */
export interface HipaaBucketReplication {
  /** Name of the destination bucket (versioned, SSE-KMS; a HipaaBucket in the DR region). */
  readonly destinationBucketName: string;
  /**
   * Region of the destination bucket, a literal such as `us-west-2`. It must differ from this
   * bucket's region (a same-region copy does not survive a regional outage).
   */
  readonly destinationRegion: string;
  /**
   * ARN of the destination's customer-managed key in `destinationRegion`: a key ARN, or an alias
   * ARN (`arn:<partition>:kms:<region>:<account>:alias/<name>`) when the key is created by another
   * stack under a known alias. For a destination in another account pass the key ARN: S3 resolves
   * an alias in the requester's account.
   */
  readonly destinationKeyArn: string;
  /**
   * Account that owns the destination bucket, when it is not this one. That account's bucket
   * policy and key policy must then let this bucket's replication role in
   * (`HipaaBucket.allowReplicationFrom`).
   * @default - this account
   */
  readonly destinationAccount?: string;
  /**
   * S3 Replication Time Control: 99.99% of objects replicated within 15 minutes, with the
   * `OperationMissedThreshold` events. Costs per GB replicated.
   * @default false
   */
  readonly replicationTimeControl?: boolean;
  /**
   * Replication metrics (bytes and operations pending, latency) in CloudWatch, the way to alarm on
   * a lagging replica. Always on with Replication Time Control.
   * @default true
   */
  readonly metrics?: boolean;
}

/**
 * Lets a source bucket in another account replicate into this bucket: its replication role may
 * write replicas, and encrypt them with this bucket's key through S3
 * (setting-repl-config-perm-overview.html, "Step 3"). Same-account replication needs neither.
 */
export function allowReplicationFromStatements(bucket: s3.IBucket, sourceRoleArn: string): iam.PolicyStatement[] {
  const principal = new iam.ArnPrincipal(sourceRoleArn);
  return [
    new iam.PolicyStatement({
      sid: 'ReplicationFromSourceAccount', principals: [principal],
      actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], resources: [bucket.arnForObjects('*')],
    }),
    new iam.PolicyStatement({
      sid: 'ReplicationFromSourceAccountVersioning', principals: [principal],
      actions: ['s3:GetBucketVersioning'], resources: [bucket.bucketArn],
    }),
  ];
}

/**
 * Why the replication role's trust names no source account (HipaaGap-ServiceTrustConfusedDeputy):
 * the confused deputy needs another account to make S3 use this role, and a role can be passed
 * only to a service of its own account.
 */
export const REPLICATION_TRUST_REASON = 'AWS documents the S3 replication role\'s trust policy without conditions and does not document that S3 ' +
  'sends aws:SourceAccount or aws:SourceArn when it assumes it (setting-repl-config-perm-overview.html, Step 2), so a condition could stop ' +
  'replication. Another account cannot point its bucket at this role: PutBucketReplication needs iam:PassRole, and a role can be passed only ' +
  'to a service of its own account (IAM User Guide, id_roles_use_passrole.html). The role\'s permissions name only this source bucket, its ' +
  'replica bucket and their keys.';

/** The documented 15-minute threshold, the only value S3 accepts for RTC and its metrics. */
const RTC_MINUTES = 15;

/** What {@link applyReplication} needs to know about the source bucket. */
export interface ReplicationSource {
  readonly bucket: s3.Bucket;
  readonly key: kms.IKey;
  /** Source has Object Lock: the role must read retention and legal hold too. */
  readonly objectLock: boolean;
}

/**
 * Configures live replication of `source` to the destination and creates the role S3 assumes
 * for it. Permissions are the ones AWS documents, each on one resource:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html
 * (source bucket: GetReplicationConfiguration, ListBucket; source objects:
 * GetObjectVersionForReplication, GetObjectVersionAcl, GetObjectVersionTagging, and with Object
 * Lock GetObjectRetention, GetObjectLegalHold; destination objects: ReplicateObject,
 * ReplicateDelete, ReplicateTags) and, for SSE-KMS objects,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
 * (kms:Decrypt on the source key, kms:Encrypt on the replica key, each only through S3 of that
 * key's region and only for that bucket's encryption context).
 */
export function applyReplication(scope: Construct, source: ReplicationSource, replication: HipaaBucketReplication): iam.Role {
  validate(scope, replication);
  const stack = Stack.of(scope);
  const partition = Aws.PARTITION;
  const destinationArn = `arn:${partition}:s3:::${replication.destinationBucketName}`;
  const rtc = replication.replicationTimeControl ?? false;
  const metrics = rtc || (replication.metrics ?? true);

  const role = new iam.Role(scope, 'ReplicationRole', {
    description: `S3 replication of ${source.bucket.node.path} to its disaster-recovery region`,
    // The trust policy AWS documents for live replication, without conditions
    // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html, "Step 2").
    // S3 documents aws:SourceArn / aws:SourceAccount for server access logging and inventory, not for
    // assuming the replication role: a condition on a key S3 does not send would stop replication silently.
    assumedBy: new iam.ServicePrincipal('s3.amazonaws.com'),
  });
  suppress(role, 'HipaaGap-ServiceTrustConfusedDeputy', REPLICATION_TRUST_REASON);
  HipaaPermissionsBoundary.applyTo(role);
  const objectActions = ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'];
  if (source.objectLock) objectActions.push('s3:GetObjectRetention', 's3:GetObjectLegalHold');
  const statements = [
    new iam.PolicyStatement({ sid: 'SourceBucket', actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'], resources: [source.bucket.bucketArn] }),
    new iam.PolicyStatement({ sid: 'SourceObjectVersions', actions: objectActions, resources: [source.bucket.arnForObjects('*')] }),
    new iam.PolicyStatement({
      sid: 'ReplicateToDestination', actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], resources: [`${destinationArn}/*`],
    }),
    new iam.PolicyStatement({
      sid: 'DecryptSourceObjects',
      actions: ['kms:Decrypt'],
      resources: [source.key.keyArn],
      conditions: {
        StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` },
        // With an S3 Bucket Key the encryption context is the bucket ARN, without it the object ARN.
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [source.bucket.bucketArn, source.bucket.arnForObjects('*')] },
      },
    }),
    encryptReplicaStatement(replication, destinationArn),
  ];
  // A customer-managed policy (no inline policies, HIPAA.Security-IAMNoInlinePolicy) attached to the role;
  // the bucket refers to the role only, so the policy can name the bucket without a dependency cycle.
  const policy = new iam.ManagedPolicy(scope, 'ReplicationPolicy', {
    description: `S3 replication of ${source.bucket.node.path}: read its versions, write replicas, the two keys through S3 only`,
    roles: [role],
    statements,
  });
  suppressReplicationWildcards(policy, source.bucket, destinationArn, replication);

  (source.bucket.node.defaultChild as s3.CfnBucket).replicationConfiguration = {
    role: role.roleArn,
    rules: [{
      id: 'DisasterRecovery',
      status: 'Enabled',
      priority: 0,
      // An empty filter selects every object (replication configuration V2, needed for delete markers).
      filter: { prefix: '' },
      deleteMarkerReplication: { status: 'Enabled' },
      sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
      destination: {
        bucket: destinationArn,
        account: replication.destinationAccount,
        encryptionConfiguration: { replicaKmsKeyId: replication.destinationKeyArn },
        metrics: metrics ? { status: 'Enabled', eventThreshold: { minutes: RTC_MINUTES } } : undefined,
        replicationTime: rtc ? { status: 'Enabled', time: { minutes: RTC_MINUTES } } : undefined,
      },
    }],
  };
  return role;
}

/**
 * kms:Encrypt on the replica key, only through S3 of the destination region and only for the
 * destination bucket. An alias ARN cannot be an IAM resource (KMS authorizes against the key
 * ARN), so a key known by its alias is matched with kms:ResourceAliases
 * (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-resource-aliases).
 */
function encryptReplicaStatement(replication: HipaaBucketReplication, destinationArn: string): iam.PolicyStatement {
  const alias = aliasOf(replication.destinationKeyArn);
  const conditions: Record<string, unknown> = {
    StringEquals: { 'kms:ViaService': `s3.${replication.destinationRegion}.amazonaws.com` },
    StringLike: { 'kms:EncryptionContext:aws:s3:arn': [destinationArn, `${destinationArn}/*`] },
  };
  if (alias) conditions['ForAnyValue:StringEquals'] = { 'kms:ResourceAliases': alias };
  const account = replication.destinationAccount ?? Aws.ACCOUNT_ID;
  return new iam.PolicyStatement({
    sid: 'EncryptReplicas',
    actions: ['kms:Encrypt'],
    resources: [alias ? `arn:${Aws.PARTITION}:kms:${replication.destinationRegion}:${account}:key/*` : replication.destinationKeyArn],
    conditions,
  });
}

function suppressReplicationWildcards(policy: iam.ManagedPolicy, bucket: s3.IBucket, destinationArn: string, replication: HipaaBucketReplication): void {
  const why = 'S3 replication acts on every object version of the one source bucket and writes replicas of them under the same keys ' +
    'into the one destination bucket; object keys are chosen by the application at run time.';
  suppress(policy, `AwsSolutions-IAM5[Resource::${nagText(policy, bucket.bucketArn)}/*]`, why);
  suppress(policy, `AwsSolutions-IAM5[Resource::${nagText(policy, destinationArn)}/*]`, why);
  const alias = aliasOf(replication.destinationKeyArn);
  if (alias) {
    const account = replication.destinationAccount ?? '<AWS::AccountId>';
    suppress(policy, `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:${replication.destinationRegion}:${account}:key/*]`,
      `The replica key is created by the disaster-recovery stack in ${replication.destinationRegion} and known here only by its alias ` +
      `${alias}; kms:ResourceAliases limits kms:Encrypt to that one key, kms:ViaService to S3 and the encryption context to the destination bucket.`);
  }
}

/** A value as cdk-nag writes it inside a finding id: `{Ref: X}` as `<X>`, `Fn::GetAtt` as `<X.Attr>`, `Fn::Join` joined. */
function nagText(scope: Construct, value: string): string {
  const render = (v: unknown): string => {
    if (typeof v === 'string') return v;
    const o = (v ?? {}) as Record<string, any>;
    if (typeof o.Ref === 'string') return `<${o.Ref}>`;
    if (Array.isArray(o['Fn::GetAtt'])) return `<${o['Fn::GetAtt'].join('.')}>`;
    if (Array.isArray(o['Fn::Join'])) return (o['Fn::Join'][1] as unknown[]).map(render).join(o['Fn::Join'][0]);
    return JSON.stringify(v);
  };
  return render(Stack.of(scope).resolve(value));
}

/**
 * The alias name of an alias ARN (also of one built with tokens such as the account pseudo
 * parameter: the alias part is literal text), or undefined for a key ARN.
 */
function aliasOf(keyArn: string): string | undefined {
  return /:(alias\/[A-Za-z0-9/_-]+)$/.exec(keyArn)?.[1];
}

function validate(scope: Construct, r: HipaaBucketReplication): void {
  const stack = Stack.of(scope);
  if (Token.isUnresolved(r.destinationRegion) || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(r.destinationRegion)) {
    throw new HipaaValidationError(scope, 'replication.destinationRegion', Token.isUnresolved(r.destinationRegion) ? 'UNRESOLVED_TOKEN' : 'INVALID_VALUE',
      `replication.destinationRegion is '${r.destinationRegion}'; give the disaster-recovery region as a literal, e.g. 'us-west-2' ` +
      '(it scopes the replication role\'s kms:ViaService condition).');
  }
  if (!Token.isUnresolved(stack.region) && stack.region === r.destinationRegion) {
    throw new HipaaValidationError(scope, 'replication.destinationRegion', 'WEAKENS_SAFEGUARD',
      `replication.destinationRegion is '${r.destinationRegion}', this stack's own region; a replica in the same region does not survive ` +
      'a regional outage. Choose another region.');
  }
  if (!Token.isUnresolved(r.destinationBucketName) && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(r.destinationBucketName)) {
    throw new HipaaValidationError(scope, 'replication.destinationBucketName', 'INVALID_VALUE',
      `replication.destinationBucketName is '${r.destinationBucketName}'; give the bucket's name (3 to 63 lower-case letters, digits, '.' and '-'), not its ARN.`);
  }
  const keyArn = r.destinationKeyArn;
  if (!Token.isUnresolved(keyArn) && !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/[0-9a-f-]+|alias\/[A-Za-z0-9/_-]+)$/.test(keyArn)) {
    throw new HipaaValidationError(scope, 'replication.destinationKeyArn', 'INVALID_VALUE',
      `replication.destinationKeyArn is '${keyArn}'; give the full ARN of the replica's customer-managed key (arn:aws:kms:<region>:<account>:key/<id>) ` +
      'or of its alias (…:alias/<name>). S3 needs it to encrypt replicas with a key of the destination region.');
  }
  if (!Token.isUnresolved(keyArn) && keyArn.split(':')[3] !== r.destinationRegion) {
    throw new HipaaValidationError(scope, 'replication.destinationKeyArn', 'INCONSISTENT',
      `replication.destinationKeyArn is in region '${keyArn.split(':')[3]}' but destinationRegion is '${r.destinationRegion}'; S3 encrypts replicas with a key of the destination bucket's region.`);
  }
  if (r.destinationAccount !== undefined && !Token.isUnresolved(r.destinationAccount) && !/^\d{12}$/.test(r.destinationAccount)) {
    throw new HipaaValidationError(scope, 'replication.destinationAccount', 'INVALID_VALUE',
      `replication.destinationAccount is '${r.destinationAccount}'; give the 12-digit id of the account that owns the destination bucket, or omit it for this account.`);
  }
  if (r.destinationAccount !== undefined && aliasOf(keyArn)) {
    throw new HipaaValidationError(scope, 'replication.destinationKeyArn', 'INCONSISTENT',
      `replication.destinationKeyArn is an alias ARN with destinationAccount set; S3 resolves an alias in the requester's account, ` +
      'so a replica in another account could be encrypted with a key of this one. Give the key ARN of the destination account\'s key.');
  }
  if (r.replicationTimeControl && r.metrics === false) {
    throw new HipaaValidationError(scope, 'replication.metrics', 'INCONSISTENT',
      'replication.metrics is false with replicationTimeControl on; S3 requires replication metrics with Replication Time Control. Drop metrics: false.');
  }
}
