import { ArnFormat, Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/**
 * Session Manager is the only way onto a PHI host (no key pair, no open port).
 * The account-level preferences (HipaaBaselineStack) log every session to this
 * log group and encrypt the session with the key of this alias; instance roles
 * (HipaaAutoScalingGroup) get exactly what the SSM agent needs for that.
 */
export const SESSION_LOG_GROUP_NAME = '/hipaa/session-manager';
/** Alias of the key that encrypts session data and the session log group. */
export const SESSION_KEY_ALIAS = 'alias/hipaa/session-manager';

/**
 * What the SSM agent needs for Session Manager with CloudWatch logging and KMS
 * session encryption, and nothing else (no Run Command, no parameters, no
 * inventory), as AWS documents for a custom instance profile:
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-create-iam-instance-profile.html
 * (the AWS managed AmazonSSMManagedInstanceCore grants far more, e.g. ssm:GetParameters on every parameter).
 */
export function sessionManagerInstanceStatements(scope: IConstruct): iam.PolicyStatement[] {
  const stack = Stack.of(scope);
  const logGroupArn = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: SESSION_LOG_GROUP_NAME, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  return [
    new iam.PolicyStatement({
      sid: 'SessionManagerRegisterInstance',
      actions: ['ssm:UpdateInstanceInformation'],
      resources: [stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: '*' })],
    }),
    new iam.PolicyStatement({
      sid: 'SessionManagerChannels',
      // ssmmessages has no resource types: only '*' is possible.
      actions: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'SessionManagerLogSessions',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: [`${logGroupArn}:*`],
    }),
    new iam.PolicyStatement({
      sid: 'SessionManagerCheckLogEncryption',
      // The agent checks that the session log group is encrypted before streaming (cloudWatchEncryptionEnabled).
      actions: ['logs:DescribeLogGroups'],
      resources: [stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    }),
    new iam.PolicyStatement({
      sid: 'SessionManagerDecryptSessions',
      // The key lives in the baseline stack: named by its alias, not by a cross-stack reference.
      actions: ['kms:Decrypt'],
      resources: [stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*' })],
      conditions: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': SESSION_KEY_ALIAS } },
    }),
  ];
}

/** The ARN of the session log group, for tests and for the baseline. */
export function sessionLogGroupArn(): string {
  return `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:${SESSION_LOG_GROUP_NAME}`;
}
