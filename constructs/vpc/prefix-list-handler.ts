import { DescribePrefixListsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CustomResourceEvent as CfnEvent, CustomResourceResponse, putResponse } from '../internal/cfn-response';

/** The custom resource's properties, as CloudFormation passes them (all strings). */
export interface PrefixListResourceProperties {
  /** The region whose gateway-endpoint services are resolved, e.g. `us-east-1`. */
  readonly Region: string;
  /**
   * A Network Firewall's `EndpointIds` attribute (`<az>:<vpce-id>` entries, in no
   * documented order) with the Availability Zones to pick in order: the handler then
   * returns `Endpoint0`, `Endpoint1`... instead of prefix lists (no AWS call).
   */
  readonly EndpointIds?: string[];
  readonly AvailabilityZones?: string[];
}

/** A prefix-list request from CloudFormation. */
export type CustomResourceEvent = CfnEvent<PrefixListResourceProperties>;
export type { CustomResourceResponse };

/** What the handler does to the outside world (injected, so tests need no AWS). */
export interface PrefixListHandlerDeps {
  /** The ids of the AWS-managed prefix lists with exactly these names. */
  describePrefixLists(names: string[]): Promise<Array<{ name: string; id: string }>>;
  respond(url: string, response: CustomResourceResponse): Promise<void>;
}

/** The gateway-endpoint services and the attribute each prefix-list id is returned under. */
export const GATEWAY_SERVICES = { S3: 's3', DynamoDB: 'dynamodb' } as const;

/**
 * Custom resource handler: resolves, at deploy time, the ids of the AWS-managed
 * prefix lists of the S3 and DynamoDB gateway endpoints in the stack's region
 * (`com.amazonaws.<region>.s3`, `com.amazonaws.<region>.dynamodb`), so that
 * security groups can admit exactly those ranges in an environment-agnostic
 * stack, without a synth-time context lookup. EC2 DescribePrefixLists:
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribePrefixLists.html
 * It reads only; Delete does nothing. It always answers CloudFormation.
 */
export function createPrefixListHandler(deps: PrefixListHandlerDeps): (event: CustomResourceEvent) => Promise<CustomResourceResponse> {
  return async (event) => {
    const base = { StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId };
    const region = event.ResourceProperties?.Region;
    const physicalId = `gateway-prefix-lists-${region}`;
    let response: CustomResourceResponse;
    try {
      if (event.RequestType === 'Delete') {
        response = { ...base, Status: 'SUCCESS', PhysicalResourceId: event.PhysicalResourceId ?? physicalId };
      } else {
        if (typeof region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
          throw new Error(`Region '${region}' is not an AWS region name.`);
        }
        if (event.ResourceProperties.EndpointIds !== undefined) {
          response = { ...base, Status: 'SUCCESS', PhysicalResourceId: `firewall-endpoints-${region}`, Data: endpointsByZone(event.ResourceProperties) };
          await deps.respond(event.ResponseURL, response);
          return response;
        }
        const wanted = Object.entries(GATEWAY_SERVICES).map(([attribute, service]) => ({ attribute, name: `com.amazonaws.${region}.${service}` }));
        const found = await deps.describePrefixLists(wanted.map((w) => w.name));
        const data: Record<string, string> = {};
        for (const { attribute, name } of wanted) {
          const match = found.filter((p) => p.name === name);
          if (match.length !== 1 || !/^pl-[0-9a-f]+$/.test(match[0].id)) {
            throw new Error(`Expected one AWS-managed prefix list named ${name}, found ${match.length}.`);
          }
          data[attribute] = match[0].id;
        }
        response = { ...base, Status: 'SUCCESS', PhysicalResourceId: physicalId, Data: data };
      }
    } catch (e) {
      response = { ...base, Status: 'FAILED', Reason: `${(e as Error).message}`.slice(0, 1000), PhysicalResourceId: event.PhysicalResourceId ?? physicalId };
    }
    await deps.respond(event.ResponseURL, response);
    return response;
  };
}

/** Orders a firewall's `<az>:<vpce-id>` endpoint ids by the given zones. */
export function endpointsByZone(props: PrefixListResourceProperties): Record<string, string> {
  const byZone = new Map((props.EndpointIds ?? []).map((entry) => {
    const [zone, id] = entry.split(':');
    return [zone, id] as const;
  }));
  const data: Record<string, string> = {};
  (props.AvailabilityZones ?? []).forEach((zone, i) => {
    const id = byZone.get(zone);
    if (!id || !/^vpce-[0-9a-f]+$/.test(id)) throw new Error(`The firewall has no endpoint in ${zone} (endpoints: ${(props.EndpointIds ?? []).join(', ')}).`);
    data[`Endpoint${i}`] = id;
  });
  return data;
}

function awsDeps(): PrefixListHandlerDeps {
  const ec2 = new EC2Client({});
  return {
    async describePrefixLists(names) {
      const out = await ec2.send(new DescribePrefixListsCommand({ Filters: [{ Name: 'prefix-list-name', Values: names }] }));
      return (out.PrefixLists ?? []).map((p) => ({ name: p.PrefixListName ?? '', id: p.PrefixListId ?? '' }));
    },
    respond: putResponse,
  };
}

let live: ((event: CustomResourceEvent) => Promise<CustomResourceResponse>) | undefined;

/** The Lambda entry point. */
export async function handler(event: CustomResourceEvent): Promise<void> {
  live ??= createPrefixListHandler(awsDeps());
  await live(event);
}
