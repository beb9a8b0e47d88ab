import * as path from 'path';
import { CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { suppress } from '../../lib/compliance/suppress';
import { HardenedFunction } from '../internal/hardened-function';

/** Resource type of the delete-time cleanup of an EMR cluster's managed security groups. */
export const SECURITY_GROUP_CLEANUP_RESOURCE_TYPE = 'Custom::HipaaEmrSecurityGroupCleanup';

/**
 * The delete-time step that lets CloudFormation delete an EMR cluster's managed security groups: EMR
 * adds inbound rules between them that CloudFormation does not know, and a group another group's rule
 * names cannot be deleted (handler: security-group-cleanup-handler.ts, with the AWS documentation).
 * The resource depends on the groups and the cluster must depend on it, so on delete (and on the
 * rollback of a failed create) the cluster goes first, then this cleanup, then the groups.
 */
export function emrSecurityGroupCleanup(scope: Construct, groups: ec2.SecurityGroup[], key: kms.IKey): CustomResource {
  const stack = Stack.of(scope);
  const fn = new HardenedFunction(scope, 'SecurityGroupCleanupFunction', {
    entry: path.join(__dirname, 'security-group-cleanup-handler'),
    description: 'cdk-hipaa: on delete, revoke the rules EMR added between the cluster\'s managed security groups so they can be deleted',
    encryptionKey: key,
    timeout: Duration.minutes(2),
    outsideVpcReason: 'Runs only when the stack deletes the cluster and calls only the EC2 API over TLS; the EMR VPC has dedicated tenancy, where Lambda cannot run, and it handles no PHI.',
    invocationReason: 'Invoked only by CloudFormation during deployment and deletion, which waits for its answer and fails visibly on error.',
    accountLevelActions: {
      actions: ['ec2:DescribeSecurityGroupRules'],
      reason: 'ec2:DescribeSecurityGroupRules supports no resource-level permissions (it only reads rules; the revoke is limited to the cluster\'s groups).',
    },
  });
  // RevokeSecurityGroupIngress authorizes the group and, when rules are named by id, the rules:
  // only the cluster's groups are named, so only their rules can be revoked.
  fn.addToPolicy(new iam.PolicyStatement({
    sid: 'RevokeRulesOfTheClusterGroupsOnly',
    actions: ['ec2:RevokeSecurityGroupIngress'],
    resources: [
      ...groups.map((g) => stack.formatArn({ service: 'ec2', resource: 'security-group', resourceName: g.securityGroupId })),
      stack.formatArn({ service: 'ec2', resource: 'security-group-rule', resourceName: '*' }),
    ],
  }));
  suppress(fn.policy, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:security-group-rule/*]',
    'Rule ids exist only once EMR has added the rules; the same statement names the cluster\'s three groups, and EC2 requires both, so only their rules can be revoked.');
  return new CustomResource(scope, 'SecurityGroupCleanup', {
    serviceToken: fn.function.functionArn,
    resourceType: SECURITY_GROUP_CLEANUP_RESOURCE_TYPE,
    properties: { GroupIds: groups.map((g) => g.securityGroupId).join(',') },
  });
}
