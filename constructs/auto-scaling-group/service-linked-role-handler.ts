import { CreateServiceLinkedRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CustomResourceEvent, CustomResourceResponse, putResponse } from '../internal/cfn-response';

/** Properties of the custom resource (strings, as CloudFormation passes them). */
export interface ServiceLinkedRoleProperties {
  /** The service whose default service-linked role must exist, e.g. `autoscaling.amazonaws.com`. */
  readonly AwsServiceName: string;
  /** The role's name, e.g. `AWSServiceRoleForAutoScaling`. */
  readonly RoleName: string;
  /** Seconds to wait after creating the role, for IAM to propagate it before a key policy names it. */
  readonly PropagationSeconds?: string;
}

/** The IAM calls (injected, so tests need no AWS). */
export interface ServiceLinkedRoleDeps {
  /** The role's ARN, or undefined when it does not exist. */
  getRole(roleName: string): Promise<string | undefined>;
  createServiceLinkedRole(awsServiceName: string): Promise<string>;
  sleep(ms: number): Promise<void>;
  respond(url: string, response: CustomResourceResponse): Promise<void>;
}

/**
 * Makes sure a service's default service-linked role exists before resources that name it (a KMS
 * key policy rejects a principal that does not exist: MalformedPolicyDocumentException). Idempotent:
 * an existing role is left as it is (a lived-in account); a missing one is created
 * (iam:CreateServiceLinkedRole, as `aws iam create-service-linked-role` does,
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/autoscaling-service-linked-role.html) and the
 * handler waits for IAM to propagate it. Delete leaves the role: other groups may use it, and IAM
 * refuses to delete it while any does.
 */
export function createServiceLinkedRoleHandler(deps: ServiceLinkedRoleDeps): (event: CustomResourceEvent<ServiceLinkedRoleProperties>) => Promise<CustomResourceResponse> {
  return async (event) => {
    const p = event.ResourceProperties;
    const base = { StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId };
    const physicalId = event.PhysicalResourceId ?? `service-linked-role-${p?.RoleName ?? 'unknown'}`;
    let response: CustomResourceResponse;
    try {
      let data: Record<string, string> | undefined;
      if (event.RequestType !== 'Delete') {
        if (!/^[a-z0-9.-]+\.amazonaws\.com$/.test(p.AwsServiceName ?? '')) throw new Error(`AwsServiceName '${p.AwsServiceName}' is not a service principal name.`);
        if (!/^AWSServiceRoleFor[A-Za-z0-9_+=,.@-]+$/.test(p.RoleName ?? '')) throw new Error(`RoleName '${p.RoleName}' is not a service-linked role name.`);
        const wait = Number(p.PropagationSeconds ?? '15');
        if (!Number.isInteger(wait) || wait < 0 || wait > 120) throw new Error(`PropagationSeconds '${p.PropagationSeconds}' must be a whole number from 0 to 120.`);
        let arn = await deps.getRole(p.RoleName);
        let created = 'false';
        if (!arn) {
          try {
            arn = await deps.createServiceLinkedRole(p.AwsServiceName);
            created = 'true';
            await deps.sleep(wait * 1000);
          } catch (e) {
            // Another deployment may have created it in the meantime: fine if it exists now.
            arn = await deps.getRole(p.RoleName);
            if (!arn) throw e;
          }
        }
        data = { Arn: arn, Created: created };
      }
      response = { ...base, Status: 'SUCCESS', PhysicalResourceId: physicalId, ...(data ? { Data: data } : {}) };
    } catch (e) {
      response = { ...base, Status: 'FAILED', Reason: `${(e as Error).message}`.slice(0, 1000), PhysicalResourceId: physicalId };
    }
    await deps.respond(event.ResponseURL, response);
    return response;
  };
}

function awsDeps(): ServiceLinkedRoleDeps {
  const iam = new IAMClient({});
  return {
    async getRole(roleName) {
      try {
        return (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role?.Arn;
      } catch (e) {
        if ((e as Error).name === 'NoSuchEntityException' || (e as Error).name === 'NoSuchEntity') return undefined;
        throw e;
      }
    },
    async createServiceLinkedRole(awsServiceName) {
      const role = (await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: awsServiceName }))).Role;
      if (!role?.Arn) throw new Error(`CreateServiceLinkedRole for ${awsServiceName} returned no role.`);
      return role.Arn;
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    respond: putResponse,
  };
}

let live: ((event: CustomResourceEvent<ServiceLinkedRoleProperties>) => Promise<CustomResourceResponse>) | undefined;

/** The Lambda entry point. */
export async function handler(event: CustomResourceEvent<ServiceLinkedRoleProperties>): Promise<void> {
  live ??= createServiceLinkedRoleHandler(awsDeps());
  await live(event);
}
