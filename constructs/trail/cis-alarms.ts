/**
 * The CIS AWS Foundations Benchmark monitoring controls (section 4 of v1.4 /
 * CloudWatch.1–14 in Security Hub) as CloudTrail metric filters: one place,
 * data only. Each pattern matches the events the control names.
 */
export interface CisMonitoringControl {
  /** Metric name, also the alarm's id. */
  readonly name: string;
  /** Security Hub control id. */
  readonly control: string;
  /** What the alarm means, for the person paged. */
  readonly description: string;
  /** CloudWatch Logs filter pattern over CloudTrail events. */
  readonly pattern: string;
}

const anyEvent = (source: string | undefined, names: string[]) =>
  `{ ${source ? `($.eventSource = ${source}) && ` : ''}(${names.map((n) => `($.eventName = ${n})`).join(' || ')}) }`;

export const CIS_MONITORING_CONTROLS: readonly CisMonitoringControl[] = [
  { name: 'UnauthorizedApiCalls', control: 'CloudWatch.2', description: 'API calls denied for lack of authorization',
    pattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }' },
  { name: 'ConsoleSignInWithoutMfa', control: 'CloudWatch.3', description: 'Console sign-in by an IAM user without MFA',
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }' },
  { name: 'RootAccountUsage', control: 'CloudWatch.1', description: 'The root user made a request',
    pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }' },
  { name: 'IamPolicyChanges', control: 'CloudWatch.4', description: 'An IAM policy was created, changed, attached or detached',
    pattern: anyEvent(undefined, ['DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy',
      'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy',
      'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy']) },
  { name: 'CloudTrailChanges', control: 'CloudWatch.5', description: 'A trail was created, changed, stopped or deleted',
    pattern: anyEvent(undefined, ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging']) },
  { name: 'ConsoleAuthenticationFailures', control: 'CloudWatch.6', description: 'Failed console sign-in',
    pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }' },
  { name: 'KmsKeyDisabledOrScheduledForDeletion', control: 'CloudWatch.7', description: 'A customer-managed key was disabled or scheduled for deletion',
    pattern: anyEvent('kms.amazonaws.com', ['DisableKey', 'ScheduleKeyDeletion']) },
  { name: 'S3BucketPolicyChanges', control: 'CloudWatch.8', description: 'A bucket policy, ACL, CORS, lifecycle or replication configuration changed',
    pattern: anyEvent('s3.amazonaws.com', ['PutBucketAcl', 'PutBucketPolicy', 'PutBucketCors', 'PutBucketLifecycle', 'PutBucketReplication',
      'DeleteBucketPolicy', 'DeleteBucketCors', 'DeleteBucketLifecycle', 'DeleteBucketReplication']) },
  { name: 'ConfigChanges', control: 'CloudWatch.9', description: 'AWS Config recording or delivery changed',
    pattern: anyEvent('config.amazonaws.com', ['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder']) },
  { name: 'SecurityGroupChanges', control: 'CloudWatch.10', description: 'A security group or its rules changed',
    pattern: anyEvent(undefined, ['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress',
      'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup']) },
  { name: 'NetworkAclChanges', control: 'CloudWatch.11', description: 'A network ACL or its entries changed',
    pattern: anyEvent(undefined, ['CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry',
      'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation']) },
  { name: 'NetworkGatewayChanges', control: 'CloudWatch.12', description: 'A customer or internet gateway changed',
    pattern: anyEvent(undefined, ['CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway',
      'DeleteInternetGateway', 'DetachInternetGateway']) },
  { name: 'RouteTableChanges', control: 'CloudWatch.13', description: 'A route table or route changed',
    pattern: anyEvent('ec2.amazonaws.com', ['CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation',
      'DeleteRouteTable', 'DeleteRoute', 'DisassociateRouteTable']) },
  { name: 'VpcChanges', control: 'CloudWatch.14', description: 'A VPC, its peering or ClassicLink changed',
    pattern: anyEvent(undefined, ['CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'AcceptVpcPeeringConnection', 'CreateVpcPeeringConnection',
      'DeleteVpcPeeringConnection', 'RejectVpcPeeringConnection', 'AttachClassicLinkVpc', 'DetachClassicLinkVpc',
      'DisableVpcClassicLink', 'EnableVpcClassicLink']) },
];
