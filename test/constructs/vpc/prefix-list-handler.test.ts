import { endpointsByZone, createPrefixListHandler, CustomResourceEvent, CustomResourceResponse } from '../../../constructs/vpc/prefix-list-handler';

const event = (RequestType: CustomResourceEvent['RequestType'], Region = 'eu-west-1', PhysicalResourceId?: string): CustomResourceEvent => ({
  RequestType, ResponseURL: 'https://response.invalid/', StackId: 'stack', RequestId: 'req', LogicalResourceId: 'Lists', PhysicalResourceId,
  ResourceProperties: { Region },
});

function handlerWith(lists: Array<{ name: string; id: string }>) {
  const asked: string[][] = [];
  const responses: CustomResourceResponse[] = [];
  const handle = createPrefixListHandler({
    async describePrefixLists(names) { asked.push(names); return lists.filter((l) => names.includes(l.name)); },
    async respond(_url, response) { responses.push(response); },
  });
  return { handle, asked, responses };
}

describe('prefix-list handler', () => {
  const lists = [{ name: 'com.amazonaws.eu-west-1.s3', id: 'pl-6da54004' }, { name: 'com.amazonaws.eu-west-1.dynamodb', id: 'pl-6fa54006' }];

  test('Create returns the S3 and DynamoDB prefix-list ids of the region, asked for by exact name', async () => {
    const { handle, asked, responses } = handlerWith(lists);
    const response = await handle(event('Create'));
    expect(asked).toEqual([['com.amazonaws.eu-west-1.s3', 'com.amazonaws.eu-west-1.dynamodb']]);
    expect(response).toMatchObject({ Status: 'SUCCESS', Data: { S3: 'pl-6da54004', DynamoDB: 'pl-6fa54006' }, PhysicalResourceId: 'gateway-prefix-lists-eu-west-1' });
    expect(responses).toEqual([response]);
  });

  test('a missing list fails the deployment with the name it looked for', async () => {
    const { handle } = handlerWith(lists.slice(0, 1));
    const response = await handle(event('Update', 'eu-west-1', 'gateway-prefix-lists-eu-west-1'));
    expect(response).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/com\.amazonaws\.eu-west-1\.dynamodb, found 0/) });
  });

  test('a bad region fails without calling EC2', async () => {
    const { handle, asked } = handlerWith(lists);
    expect(await handle(event('Create', 'not a region'))).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/not an AWS region/) });
    expect(asked).toEqual([]);
  });

  test('Delete does nothing and succeeds', async () => {
    const { handle, asked } = handlerWith([]);
    expect(await handle(event('Delete', 'eu-west-1', 'gateway-prefix-lists-eu-west-1'))).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'gateway-prefix-lists-eu-west-1' });
    expect(asked).toEqual([]);
  });

  test('a firewall\'s endpoints are ordered by the zones asked for, without an AWS call', async () => {
    const { handle, asked } = handlerWith([]);
    const e = { ...event('Create'), ResourceProperties: { Region: 'eu-west-1', EndpointIds: ['eu-west-1b:vpce-0b', 'eu-west-1a:vpce-0a'], AvailabilityZones: ['eu-west-1a', 'eu-west-1b'] } };
    expect(await handle(e)).toMatchObject({ Status: 'SUCCESS', Data: { Endpoint0: 'vpce-0a', Endpoint1: 'vpce-0b' } });
    expect(asked).toEqual([]);
    expect(() => endpointsByZone({ Region: 'eu-west-1', EndpointIds: ['eu-west-1a:vpce-0a'], AvailabilityZones: ['eu-west-1c'] })).toThrow(/no endpoint in eu-west-1c/);
  });
});
