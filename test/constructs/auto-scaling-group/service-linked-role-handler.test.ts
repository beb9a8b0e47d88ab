import { createServiceLinkedRoleHandler, ServiceLinkedRoleProperties } from '../../../constructs/auto-scaling-group/service-linked-role-handler';
import { CustomResourceEvent, CustomResourceResponse } from '../../../constructs/internal/cfn-response';

const ARN = 'arn:aws:iam::account:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling';
const props: ServiceLinkedRoleProperties = { AwsServiceName: 'autoscaling.amazonaws.com', RoleName: 'AWSServiceRoleForAutoScaling', PropagationSeconds: '15' };

/** An account: `exists` says whether the role is there; `raceCreate` makes CreateServiceLinkedRole fail because someone else created it. */
function account(options: { exists: boolean; raceCreate?: boolean; createFails?: boolean }) {
  let exists = options.exists;
  const calls: string[] = [];
  const responses: CustomResourceResponse[] = [];
  const handler = createServiceLinkedRoleHandler({
    async getRole(name) { calls.push(`get:${name}`); return exists ? ARN : undefined; },
    async createServiceLinkedRole(service) {
      calls.push(`create:${service}`);
      if (options.raceCreate) { exists = true; throw new Error('InvalidInput: Service role name AWSServiceRoleForAutoScaling has been taken in this account'); }
      if (options.createFails) throw new Error('AccessDenied: iam:CreateServiceLinkedRole');
      exists = true;
      return ARN;
    },
    async sleep(ms) { calls.push(`sleep:${ms}`); },
    async respond(_url, r) { responses.push(r); },
  });
  return { handler, calls, responses };
}
const event = (over: Partial<CustomResourceEvent<ServiceLinkedRoleProperties>> = {}): CustomResourceEvent<ServiceLinkedRoleProperties> => ({
  RequestType: 'Create', ResponseURL: 'https://example.invalid/r', StackId: 's', RequestId: 'r', LogicalResourceId: 'Slr', ResourceProperties: props, ...over,
});

describe('service-linked role handler', () => {
  test('fresh account: creates the role, waits for IAM to propagate it, answers its ARN', async () => {
    const { handler, calls, responses } = account({ exists: false });
    await handler(event());
    expect(calls).toEqual(['get:AWSServiceRoleForAutoScaling', 'create:autoscaling.amazonaws.com', 'sleep:15000']);
    expect(responses).toEqual([expect.objectContaining({ Status: 'SUCCESS', Data: { Arn: ARN, Created: 'true' } })]);
  });

  test('lived-in account: the existing role is used as it is, nothing created, no wait', async () => {
    const { handler, calls, responses } = account({ exists: true });
    await handler(event());
    expect(calls).toEqual(['get:AWSServiceRoleForAutoScaling']);
    expect(responses[0]).toMatchObject({ Status: 'SUCCESS', Data: { Arn: ARN, Created: 'false' } });
  });

  test('a concurrent creation (name taken) counts as success', async () => {
    const { handler, responses } = account({ exists: false, raceCreate: true });
    await handler(event());
    expect(responses[0]).toMatchObject({ Status: 'SUCCESS', Data: { Arn: ARN } });
  });

  test('a refused creation fails the deployment with IAM\'s message', async () => {
    const { handler, responses } = account({ exists: false, createFails: true });
    await handler(event());
    expect(responses[0]).toMatchObject({ Status: 'FAILED', Reason: 'AccessDenied: iam:CreateServiceLinkedRole' });
  });

  test('Delete leaves the role (other groups may use it)', async () => {
    const { handler, calls, responses } = account({ exists: true });
    await handler(event({ RequestType: 'Delete', PhysicalResourceId: 'service-linked-role-AWSServiceRoleForAutoScaling' }));
    expect(calls).toEqual([]);
    expect(responses[0]).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'service-linked-role-AWSServiceRoleForAutoScaling' });
  });

  test.each<[Partial<ServiceLinkedRoleProperties>, RegExp]>([
    [{ AwsServiceName: 'autoscaling' }, /AwsServiceName 'autoscaling' is not a service principal name/],
    [{ RoleName: 'Admin' }, /RoleName 'Admin' is not a service-linked role name/],
    [{ PropagationSeconds: '600' }, /PropagationSeconds '600'/],
  ])('bad input %j: FAILED, nothing called', async (bad, reason) => {
    const { handler, calls, responses } = account({ exists: false });
    await handler(event({ ResourceProperties: { ...props, ...bad } }));
    expect(calls).toEqual([]);
    expect(responses[0]).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(reason) });
  });
});
