import { Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/**
 * Endpoint policies: what may pass through the VPC's endpoints. A node that can
 * decrypt PHI must not be able to hand it to another account's bucket, table,
 * log group or key, nor use credentials of another account from inside the VPC.
 *
 * Each policy admits requests whose principal AND resource belong to this account
 * (or to the AWS Organization when an id is given), plus read access to the
 * exact AWS-owned resources the services on the nodes need. The pattern follows
 * AWS's data-perimeter examples:
 * https://github.com/aws-samples/data-perimeter-policy-examples/tree/main/vpc_endpoint_policies
 * and the condition keys of https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * (aws:PrincipalAccount, aws:ResourceAccount, aws:PrincipalOrgID, aws:ResourceOrgID).
 */
export interface EndpointPolicyScope {
  /** AWS Organization id (o-...): admit principals and resources of the whole organization instead of this account. */
  readonly organizationId?: string;
}

/** Condition keys that bind principal and resource to the account or organization. */
function perimeter(scope: Construct, options: EndpointPolicyScope): { principal: Record<string, string>; resource: Record<string, string> } {
  if (options.organizationId) {
    return { principal: { 'aws:PrincipalOrgID': options.organizationId }, resource: { 'aws:ResourceOrgID': options.organizationId } };
  }
  const account = Stack.of(scope).account;
  return { principal: { 'aws:PrincipalAccount': account }, resource: { 'aws:ResourceAccount': account } };
}

/** The statement every endpoint carries: own principals on own resources. */
function ownStatement(scope: Construct, options: EndpointPolicyScope): iam.PolicyStatement {
  const { principal, resource } = perimeter(scope, options);
  return new iam.PolicyStatement({
    sid: 'OwnPrincipalsOnOwnResources',
    principals: [new iam.AnyPrincipal()],
    actions: ['*'],
    resources: ['*'],
    conditions: { StringEquals: { ...principal, ...resource } },
  });
}

/**
 * AWS-owned S3 buckets the nodes read through the S3 gateway endpoint (GetObject only):
 * - Amazon Linux 2023 package repositories (dnf), also EMR 7.x nodes:
 *   https://docs.aws.amazon.com/emr/latest/ManagementGuide/private-subnet-iampolicy.html
 * - EMR's own repository bucket (EMR 5.22.0 and later), same page.
 * - SSM Agent's buckets (documents, updates, plugins, patch baselines):
 *   https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-technical-details.html#ssm-agent-minimum-s3-permissions
 */
export function awsOwnedBucketObjects(): string[] {
  const r = Aws.REGION;
  const p = Aws.PARTITION;
  return [
    `al2023-repos-${r}-de612dc2`,
    `repo.${r}.emr.amazonaws.com`,
    `aws-ssm-${r}`,
    `aws-windows-downloads-${r}`,
    `amazon-ssm-${r}`,
    `amazon-ssm-packages-${r}`,
    `${r}-birdwatcher-prod`,
    `aws-ssm-distributor-file-${r}`,
    `aws-ssm-document-attachments-${r}`,
    `patch-baseline-snapshot-${r}`,
  ].map((bucket) => `arn:${p}:s3:::${bucket}/*`);
}

/** Policy statements of the S3 gateway endpoint. */
export function s3EndpointStatements(scope: Construct, options: EndpointPolicyScope): iam.PolicyStatement[] {
  const { principal } = perimeter(scope, options);
  return [ownStatement(scope, options), new iam.PolicyStatement({
    sid: 'OwnPrincipalsReadAwsOwnedPackages',
    principals: [new iam.AnyPrincipal()],
    actions: ['s3:GetObject'],
    resources: awsOwnedBucketObjects(),
    conditions: { StringEquals: principal },
  })];
}

/**
 * Policy statements of the SSM endpoint: SSM Agent reads AWS-owned documents
 * (`AWS-*` run-command and session documents) and public parameters under
 * `/aws/` that belong to no customer account. Resource ARNs from
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html
 */
export function ssmEndpointStatements(scope: Construct, options: EndpointPolicyScope): iam.PolicyStatement[] {
  const { principal } = perimeter(scope, options);
  const r = Aws.REGION;
  const p = Aws.PARTITION;
  return [ownStatement(scope, options), new iam.PolicyStatement({
    sid: 'OwnPrincipalsReadAwsOwnedDocuments',
    principals: [new iam.AnyPrincipal()],
    actions: ['ssm:DescribeDocument', 'ssm:GetDocument', 'ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'],
    resources: [`arn:${p}:ssm:${r}::document/*`, `arn:${p}:ssm:${r}::parameter/aws/*`],
    conditions: { StringEquals: principal },
  })];
}

/** Policy statements of any other endpoint (KMS, Logs, Secrets Manager, DynamoDB, SSM/EC2 messages ...). */
export function defaultEndpointStatements(scope: Construct, options: EndpointPolicyScope): iam.PolicyStatement[] {
  return [ownStatement(scope, options)];
}
