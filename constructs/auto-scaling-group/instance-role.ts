import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { suppress } from '../../lib/compliance/suppress';
import { sessionManagerInstanceStatements } from '../../lib/policies/session-manager';

/** Namespace the CloudWatch agent publishes metrics to (the agent's default). */
export const AGENT_METRICS_NAMESPACE = 'CWAgent';

/**
 * The instance role of a tier: Session Manager (scoped, logged) and the
 * CloudWatch agent writing only to the tier's own log group. No AWS managed
 * policy: CloudWatchAgentServerPolicy would let a compromised instance cut the
 * retention of, or write into, every log group of the account.
 */
export function tierInstanceRole(scope: Construct, logGroup: logs.ILogGroup): { role: iam.Role; policy: iam.ManagedPolicy } {
  const role = new iam.Role(scope, 'InstanceRole', {
    description: `Instances of ${scope.node.path}: Session Manager and the CloudWatch agent (own log group only)`,
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
  });
  const policy = new iam.ManagedPolicy(scope, 'InstancePolicy', {
    description: `Instances of ${scope.node.path}: Session Manager, CloudWatch agent to the tier's log group`,
    roles: [role],
    statements: [
      ...sessionManagerInstanceStatements(scope),
      new iam.PolicyStatement({
        sid: 'AgentWriteTierLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        // The log group's Arn attribute ends in ':*': its streams and nothing else.
        resources: [logGroup.logGroupArn],
      }),
      new iam.PolicyStatement({
        sid: 'AgentPublishMetrics',
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': AGENT_METRICS_NAMESPACE } },
      }),
      new iam.PolicyStatement({
        sid: 'AgentDescribeInstance',
        actions: ['ec2:DescribeTags', 'ec2:DescribeVolumes'],
        resources: ['*'],
      }),
    ],
  });
  suppress(policy, 'AwsSolutions-IAM5[Resource::*]', 'Only actions without resource-level permissions use *: the Session Manager ' +
    'channels (ssmmessages), cloudwatch:PutMetricData (held to the CWAgent namespace by condition) and the agent\'s ec2:DescribeTags/DescribeVolumes.');
  suppress(policy, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:instance/*]',
    'The SSM agent registers the instance it runs on, whose id is assigned at launch; the wildcard covers instances of this account and region only.');
  suppress(policy, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/hipaa/session-manager:*]',
    'Session Manager names one log stream per session; the wildcard covers only streams of the session log group.');
  suppress(policy, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:*]',
    'logs:DescribeLogGroups lists groups by prefix and supports no narrower resource; the agent only reads the session group\'s encryption setting.');
  suppress(policy, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:key/*]',
    'kms:Decrypt is held by condition to the one key carrying the alias alias/hipaa/session-manager (kms:ResourceAliases), which lives in the baseline stack.');
  return { role, policy };
}
