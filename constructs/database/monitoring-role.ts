import { Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { suppress } from '../../lib/compliance/suppress';

/**
 * The role RDS enhanced monitoring assumes to publish OS metrics to the
 * `RDSOSMetrics` log group. The same permissions as AWS's managed
 * AmazonRDSEnhancedMonitoringRole, but as a customer-managed policy scoped to
 * this account and region, and trusted only by RDS of this account.
 *
 * The one role of the library without HipaaPermissionsBoundary: RDS creates the
 * account's RDSOSMetrics log group through it and sets that group's retention
 * (logs:PutRetentionPolicy, which the boundary denies). Its policy allows that on
 * RDSOSMetrics only, and only RDS of this account can assume it.
 */
export function enhancedMonitoringRole(scope: Construct, id: string): iam.Role {
  const stack = Stack.of(scope);
  const role = new iam.Role(scope, id, {
    description: 'RDS enhanced monitoring: publish OS metrics to RDSOSMetrics',
    assumedBy: new iam.ServicePrincipal('monitoring.rds.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }),
  });
  // RDS writes OS metrics to one fixed log group of the account and region.
  const logGroupArn = `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:RDSOSMetrics`;
  const policy = new iam.ManagedPolicy(scope, `${id}Policy`, {
    description: 'RDS enhanced monitoring: write OS metrics to RDSOSMetrics of this account and region',
    roles: [role],
    statements: [
      new iam.PolicyStatement({
        sid: 'CreateMonitoringLogGroup',
        actions: ['logs:CreateLogGroup', 'logs:PutRetentionPolicy'],
        resources: [logGroupArn],
      }),
      new iam.PolicyStatement({
        sid: 'WriteMonitoringLogStreams',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams', 'logs:GetLogEvents'],
        resources: [`${logGroupArn}:log-stream:*`],
      }),
    ],
  });
  suppress(policy, `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:RDSOSMetrics:log-stream:*]`,
    'Enhanced monitoring names each log stream after the DB resource id, which RDS assigns at creation; the wildcard covers only streams of the RDSOSMetrics group of this account and region.');
  return role;
}
