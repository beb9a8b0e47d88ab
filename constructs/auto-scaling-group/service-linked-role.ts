import * as path from 'path';
import { Aws, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { HardenedFunction } from '../internal/hardened-function';

/** Resource type of the custom resource that makes sure a service-linked role exists. */
export const SERVICE_LINKED_ROLE_RESOURCE_TYPE = 'Custom::HipaaServiceLinkedRole';

const SERVICE = 'autoscaling.amazonaws.com';
const ROLE_NAME = 'AWSServiceRoleForAutoScaling';
const ID = 'CdkHipaaAutoScalingServiceLinkedRole';

/**
 * The EC2 Auto Scaling default service-linked role, made to exist before the keys whose policies name
 * it. AWS creates that role with an account's first Auto Scaling group, i.e. after the keys of that
 * group; but KMS rejects a key policy naming a principal that does not exist
 * (MalformedPolicyDocumentException, "invalid principals":
 * https://repost.aws/knowledge-center/kms-policy-error-invalid-principals), and the key policy must
 * name the role for Auto Scaling to launch instances with volumes encrypted by a customer-managed
 * key (https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html).
 * One per stack; keys depend on its custom resource, which creates the role only when it is missing.
 */
export class AutoScalingServiceLinkedRole extends Construct {
  /** The stack's instance, created on first use. */
  public static of(scope: IConstruct): AutoScalingServiceLinkedRole {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(ID) as AutoScalingServiceLinkedRole | undefined) ?? new AutoScalingServiceLinkedRole(stack, ID);
  }

  /** The custom resource; depend on it to wait for the role. */
  public readonly resource: CustomResource;
  /** The role's ARN. */
  public readonly roleArn: string;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.roleArn = `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/aws-service-role/${SERVICE}/${ROLE_NAME}`;
    const fn = new HardenedFunction(this, 'Function', {
      entry: path.join(__dirname, 'service-linked-role-handler'),
      description: 'cdk-hipaa: make sure the EC2 Auto Scaling service-linked role exists before key policies name it',
      timeout: Duration.minutes(2),
      outsideVpcReason: 'Runs only during deployment and calls only the IAM API over TLS; it handles no PHI.',
      invocationReason: 'Invoked only by CloudFormation during deployment, which waits for its answer and fails the deployment visibly on error.',
    });
    fn.addToPolicy(new iam.PolicyStatement({ sid: 'ReadTheRole', actions: ['iam:GetRole'], resources: [this.roleArn] }));
    fn.addToPolicy(new iam.PolicyStatement({
      sid: 'CreateOnlyThisServiceLinkedRole',
      actions: ['iam:CreateServiceLinkedRole'],
      resources: [this.roleArn],
      conditions: { StringEquals: { 'iam:AWSServiceName': SERVICE } },
    }));
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: fn.function.functionArn,
      resourceType: SERVICE_LINKED_ROLE_RESOURCE_TYPE,
      properties: { AwsServiceName: SERVICE, RoleName: ROLE_NAME, PropagationSeconds: '15' },
    });
  }
}
