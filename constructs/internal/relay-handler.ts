import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CustomResourceEvent, CustomResourceResponse, putResponse } from './cfn-response';

/** What the target function returns. */
export interface RelayResult {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

/** The target's answer: its result, or the error it raised. */
export type InvokeOutcome = { readonly result: RelayResult } | { readonly error: string };

/** What the relay does to the outside world (injected, so tests need no AWS). */
export interface RelayDeps {
  invoke(functionArn: string, payload: string): Promise<InvokeOutcome>;
  respond(url: string, response: CustomResourceResponse): Promise<void>;
}

/**
 * Custom resource relay: passes CloudFormation's request, without its pre-signed
 * response URL, to a function inside the VPC and sends that function's answer to
 * CloudFormation. The inner function so needs no route to S3 (where the response
 * URL points) and the relay, outside the VPC, never sees a database credential.
 */
export function createRelayHandler(targetArn: string, deps: RelayDeps): (event: CustomResourceEvent<Record<string, unknown>>) => Promise<CustomResourceResponse> {
  return async (event) => {
    const base = { StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId };
    // A failed Create must not answer with an id that could name a live resource.
    const fallbackId = event.PhysicalResourceId ?? `${event.LogicalResourceId}-not-created-${event.RequestId}`;
    let response: CustomResourceResponse;
    try {
      const { ResponseURL: _url, ...request } = event;
      const outcome = await deps.invoke(targetArn, JSON.stringify(request));
      if ('error' in outcome) {
        response = { ...base, Status: 'FAILED', Reason: outcome.error.slice(0, 1000), PhysicalResourceId: fallbackId };
      } else if (typeof outcome.result?.PhysicalResourceId !== 'string' || outcome.result.PhysicalResourceId === '') {
        response = { ...base, Status: 'FAILED', Reason: 'The provisioner returned no PhysicalResourceId.', PhysicalResourceId: fallbackId };
      } else {
        response = { ...base, Status: 'SUCCESS', PhysicalResourceId: outcome.result.PhysicalResourceId, Data: outcome.result.Data ?? {} };
      }
    } catch (e) {
      response = { ...base, Status: 'FAILED', Reason: `${(e as Error).message}`.slice(0, 1000), PhysicalResourceId: fallbackId };
    }
    await deps.respond(event.ResponseURL, response);
    return response;
  };
}

/** Decodes a synchronous Lambda invocation: a function error becomes `{ error }` with its message. */
export function decodeInvocation(functionError: string | undefined, payload: Uint8Array | undefined): InvokeOutcome {
  const text = payload ? Buffer.from(payload).toString('utf8') : '';
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  if (functionError) {
    const message = body && typeof body === 'object' ? (body as { errorMessage?: string }).errorMessage : undefined;
    return { error: message ?? `${functionError}: ${text}` };
  }
  return { result: body as RelayResult };
}

let live: ((event: CustomResourceEvent<Record<string, unknown>>) => Promise<CustomResourceResponse>) | undefined;

/** The Lambda entry point. */
export async function handler(event: CustomResourceEvent<Record<string, unknown>>): Promise<void> {
  if (!live) {
    const lambda = new LambdaClient({});
    live = createRelayHandler(process.env.TARGET_FUNCTION_ARN ?? '', {
      async invoke(functionArn, payload) {
        const out = await lambda.send(new InvokeCommand({ FunctionName: functionArn, InvocationType: 'RequestResponse', Payload: Buffer.from(payload) }));
        return decodeInvocation(out.FunctionError, out.Payload);
      },
      respond: putResponse,
    });
  }
  await live(event);
}
