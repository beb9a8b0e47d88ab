import { CustomResourceEvent, CustomResourceResponse } from '../../../constructs/internal/cfn-response';
import { createRelayHandler, decodeInvocation, InvokeOutcome } from '../../../constructs/internal/relay-handler';

const TARGET = 'arn:aws:lambda:eu-west-1:000000000000:function:provisioner';
const event = (over: Partial<CustomResourceEvent<Record<string, unknown>>> = {}): CustomResourceEvent<Record<string, unknown>> => ({
  RequestType: 'Create', ResponseURL: 'https://example.invalid/presigned?signature=secret', StackId: 'stack', RequestId: 'req-1',
  LogicalResourceId: 'User', ResourceProperties: { UserName: 'app_rw' }, ...over,
});

function relay(outcome: InvokeOutcome | Error) {
  const invocations: Array<{ arn: string; payload: any }> = [];
  const responses: Array<{ url: string; response: CustomResourceResponse }> = [];
  const handler = createRelayHandler(TARGET, {
    async invoke(arn, payload) {
      invocations.push({ arn, payload: JSON.parse(payload) });
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
    async respond(url, response) { responses.push({ url, response }); },
  });
  return { handler, invocations, responses };
}

describe('custom resource relay', () => {
  test('passes the request without the response URL and reports the target\'s result', async () => {
    const { handler, invocations, responses } = relay({ result: { PhysicalResourceId: 'app_rw@arn', Data: { UserName: 'app_rw' } } });
    await handler(event());
    expect(invocations).toEqual([{ arn: TARGET, payload: expect.objectContaining({ RequestType: 'Create', ResourceProperties: { UserName: 'app_rw' } }) }]);
    expect(invocations[0].payload.ResponseURL).toBeUndefined();
    expect(responses).toEqual([{ url: event().ResponseURL, response: {
      Status: 'SUCCESS', PhysicalResourceId: 'app_rw@arn', Data: { UserName: 'app_rw' }, StackId: 'stack', RequestId: 'req-1', LogicalResourceId: 'User',
    } }]);
  });

  test('a function error becomes FAILED with its message; a failed Create gets an id that names nothing', async () => {
    const { handler, responses } = relay({ error: "dbUser is 'X'; use lower case" });
    await handler(event());
    expect(responses[0].response).toMatchObject({ Status: 'FAILED', Reason: "dbUser is 'X'; use lower case", PhysicalResourceId: 'User-not-created-req-1' });
  });

  test('a failed Update keeps the existing physical id; an invoke failure is reported too', async () => {
    const { handler, responses } = relay(new Error('AccessDeniedException'));
    await handler(event({ RequestType: 'Update', PhysicalResourceId: 'app_rw@arn' }));
    expect(responses[0].response).toMatchObject({ Status: 'FAILED', Reason: 'AccessDeniedException', PhysicalResourceId: 'app_rw@arn' });
  });

  test('a result without a physical id is a failure', async () => {
    const { handler, responses } = relay({ result: {} as any });
    await handler(event());
    expect(responses[0].response.Status).toBe('FAILED');
  });

  test('decodes Lambda\'s synchronous answers', () => {
    const bytes = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
    expect(decodeInvocation(undefined, bytes({ PhysicalResourceId: 'p' }))).toEqual({ result: { PhysicalResourceId: 'p' } });
    expect(decodeInvocation('Unhandled', bytes({ errorType: 'Error', errorMessage: 'boom' }))).toEqual({ error: 'boom' });
    expect(decodeInvocation('Unhandled', new TextEncoder().encode('not json'))).toEqual({ error: 'Unhandled: not json' });
  });
});
