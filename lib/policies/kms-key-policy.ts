import { ArnFormat, Aws, Names, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/**
 * The key policy statements each AWS service needs on a customer-managed key,
 * written once and used by every construct (the AWS Solutions Constructs
 * "defaults module" idea). Each is scoped to this account and, where the
 * service supports it, to the encryption context of the resource.
 */

/** Key administration without use: no Encrypt/Decrypt for administrators. */
export const KEY_ADMIN_ACTIONS = [
  'kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*',
  'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource',
  'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:RotateKeyOnDemand',
];

/** What a service needs to encrypt and decrypt with the key. */
export const KEY_USE_ACTIONS = ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'];

/**
 * The account root may manage the key through IAM. Without it the key becomes
 * unmanageable if its other principals are deleted (AWS's default key policy).
 * Use of the key is still only by IAM policies that name it (least privilege).
 */
export function accountRootStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'EnableIamPoliciesOfThisAccount',
    principals: [new iam.AccountRootPrincipal()],
    actions: ['kms:*'],
    resources: ['*'],
  });
}

/** Named key administrators: manage, never use. */
export function keyAdministratorsStatement(admins: iam.IPrincipal[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'KeyAdministration',
    principals: admins,
    actions: KEY_ADMIN_ACTIONS,
    resources: ['*'],
  });
}

/**
 * CloudWatch Logs encrypts a log group with the key only when the key policy
 * allows the regional logs principal; the `kms:EncryptionContext:aws:logs:arn`
 * condition names the one log group of this account and region the statement
 * serves, so no other log group can be encrypted with (or read through) the key
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
 * One statement per log group, each with its own Sid.
 * @param logGroupName the exact name (no wildcard; a token must not depend on the key)
 * @param sidSuffix makes the statement id unique in the key policy
 */
export function cloudWatchLogsStatement(scope: IConstruct, logGroupName: string, sidSuffix = Names.uniqueId(scope)): iam.PolicyStatement {
  const stack = Stack.of(scope);
  return new iam.PolicyStatement({
    sid: `AllowCloudWatchLogs${sidSuffix.replace(/[^A-Za-z0-9]/g, '').slice(-100)}`,
    principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
    actions: KEY_USE_ACTIONS,
    resources: ['*'],
    conditions: {
      ArnEquals: {
        'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    },
  });
}

/** The default Auto Scaling service-linked role of this account. */
const AUTO_SCALING_SERVICE_LINKED_ROLE_ARN = `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;

/**
 * EC2 Auto Scaling launches instances with encrypted EBS volumes through its
 * service-linked role, which therefore needs the key in the key policy (IAM
 * policies cannot grant it): use, and grants for AWS resources only. The role
 * must exist when the key policy is created; HipaaAutoScalingGroup makes the key
 * wait for a custom resource that creates it when missing
 * (constructs/auto-scaling-group/service-linked-role.ts).
 */
export function autoScalingServiceLinkedRoleStatements(): iam.PolicyStatement[] {
  const role = new iam.ArnPrincipal(AUTO_SCALING_SERVICE_LINKED_ROLE_ARN);
  return [
    new iam.PolicyStatement({
      sid: 'AllowAutoScalingServiceLinkedRoleUse',
      principals: [role],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'AllowAutoScalingServiceLinkedRoleGrants',
      principals: [role],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { Bool: { 'kms:GrantIsForAWSResource': true } },
    }),
  ];
}

/**
 * Auto Scaling publishes scaling-event notifications with its service-linked role: on an encrypted
 * topic the publisher needs kms:GenerateDataKey* and kms:Decrypt on the topic's key
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html), which the role's AWS managed
 * policy does not grant for a customer-managed key
 * (https://docs.aws.amazon.com/autoscaling/ec2/userguide/autoscaling-service-linked-role.html).
 * For a topic key that encrypts nothing else of Auto Scaling's (an alarm topic's key).
 */
export function autoScalingNotificationsStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'AllowAutoScalingServiceLinkedRolePublish',
    principals: [new iam.ArnPrincipal(AUTO_SCALING_SERVICE_LINKED_ROLE_ARN)],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
  });
}

/**
 * CloudTrail encrypts log files with the key only for trails of this account
 * (`aws:cloudtrail:arn` encryption context) and only for the named trail
 * (`aws:SourceArn`), and may describe the key. Readers decrypt through IAM
 * (account root statement).
 */
export function cloudTrailStatements(trailArn: string): iam.PolicyStatement[] {
  const principal = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
  return [
    new iam.PolicyStatement({
      sid: 'AllowCloudTrailEncryptLogs',
      principals: [principal],
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${Aws.PARTITION}:cloudtrail:*:${Aws.ACCOUNT_ID}:trail/*` },
        StringEquals: { 'aws:SourceArn': trailArn },
      },
    }),
    new iam.PolicyStatement({
      sid: 'AllowCloudTrailDescribeKey',
      principals: [principal],
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
    }),
  ];
}

/**
 * A KMS-encrypted SNS topic receives alarm notifications only when CloudWatch
 * may use the key (for alarms of this account). `aws:SourceAccount` is the condition
 * SNS advises for AWS service publishers, CloudWatch among them
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services, step 3).
 */
export function cloudWatchAlarmsStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'AllowCloudWatchAlarmsOfThisAccount',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
    conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
  });
}

/**
 * EventBridge rules deliver to a KMS-encrypted SNS topic only when EventBridge may use the
 * topic's key. Deliberately without condition: the SNS guide states that "adding the
 * aws:SourceAccount, aws:SourceArn, and aws:SourceOrgID to a AWS KMS policy is not supported
 * for EventBridge-to-encrypted topics"
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services),
 * so such a condition would drop every finding silently. What binds the delivery is the topic
 * policy: only the named rules of this account may publish (`aws:SourceArn`). The key grant
 * itself names no account (SNS documents no condition that holds there); EventBridge offers no
 * API that decrypts a caller's ciphertext, and cannot publish to the topic for another account.
 * Gate rule HipaaGap-EventBridgeTopicKeyGrant reports the condition if it comes back.
 */
export function eventBridgeTopicKeyStatement(sid: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    principals: [new iam.ServicePrincipal('events.amazonaws.com')],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
  });
}

/**
 * Grants only for AWS resources or to AWS services: nobody can hand the key to
 * an arbitrary principal by grant, which IAM policies would not show
 * (AWS Control Tower CT.KMS.PR.3).
 */
export function denyGrantsOutsideAwsServicesStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'DenyGrantsExceptForAwsResources',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  });
}

/** The data-key actions {@link denyUseExceptStatement} keeps to named services and principals. */
export const DATA_KEY_USE_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'];

/**
 * Denies use of the key's material to everyone except requests made through
 * one of the named AWS services on a caller's behalf (`kms:ViaService`,
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service),
 * the named principals (e.g. the role doing envelope encryption), and AWS
 * services acting as themselves (grants RDS, DynamoDB and EBS use in the
 * background). Identity policies cannot widen it: an explicit deny wins. A
 * condition key missing from the request counts as "not equal", so a direct
 * call (no ViaService) by anyone else is denied.
 * @param services service names as in their endpoints (`rds`, `s3`, `dynamodb`, `secretsmanager`)
 * @param principalArns ARNs of the IAM roles or users that may call KMS directly
 */
export function denyUseExceptStatement(services: string[], principalArns: string[]): iam.PolicyStatement {
  const conditions: Record<string, Record<string, unknown>> = {
    StringNotEquals: { 'kms:ViaService': services.map((s) => `${s}.${Aws.REGION}.amazonaws.com`) },
    BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
  };
  if (principalArns.length > 0) conditions.ArnNotEquals = { 'aws:PrincipalArn': principalArns };
  return new iam.PolicyStatement({
    sid: 'DenyUseExceptThroughNamedServicesOrPrincipals',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: DATA_KEY_USE_ACTIONS,
    resources: ['*'],
    conditions,
  });
}
