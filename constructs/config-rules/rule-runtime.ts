/**
 * What every custom Config rule handler of HipaaConfigRules shares: the event and
 * evaluation shapes, reading configuration items (whatever their casing and
 * JSON-string nesting), retries of throttled calls, and sending evaluations in
 * the batches PutEvaluations accepts. No AWS SDK import: handlers inject their calls.
 *
 * Lambda event and evaluation format:
 * https://docs.aws.amazon.com/config/latest/developerguide/evaluate-config_develop-rules_nodejs.html
 * PutEvaluations (at most 100 evaluations per call, annotation at most 256 characters):
 * https://docs.aws.amazon.com/config/latest/APIReference/API_PutEvaluations.html
 */

/** A Config configuration item, as far as the rules read it. */
export interface ConfigurationItem {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly configurationItemCaptureTime: string;
  readonly configurationItemStatus?: string;
  readonly tags?: Record<string, string>;
  readonly configuration?: unknown;
  readonly supplementaryConfiguration?: Record<string, unknown>;
}

/** The Lambda event AWS Config sends to a custom rule. */
export interface ConfigRuleEvent {
  readonly invokingEvent: string;
  readonly resultToken: string;
  readonly eventLeftScope?: boolean;
  readonly ruleParameters?: string;
}

export type ComplianceType = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';

/** One evaluation sent to Config. */
export interface Evaluation {
  readonly ComplianceResourceType: string;
  readonly ComplianceResourceId: string;
  readonly ComplianceType: ComplianceType;
  readonly Annotation?: string;
  readonly OrderingTimestamp: Date;
}

/** The invoking event, parsed. */
export interface InvokingEvent {
  readonly messageType: string;
  readonly configurationItem?: ConfigurationItem;
  readonly configurationItemSummary?: { resourceType: string; resourceId: string; configurationItemCaptureTime: string };
  /** Set on ScheduledNotification (periodic rules). */
  readonly notificationCreationTime?: string;
}

const RETRYABLE = ['ThrottlingException', 'TooManyRequestsException', 'Throttling', 'RequestLimitExceeded', 'LimitExceededException'];

/** Retries throttled AWS calls with exponential backoff and full jitter; other errors pass through. */
export async function withRetry<T>(call: () => Promise<T>, sleep: (ms: number) => Promise<void>, attempts = 5, baseMs = 200): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      const name = (e as { name?: string }).name ?? '';
      if (!RETRYABLE.includes(name) || attempt >= attempts) throw e;
      await sleep(Math.random() * baseMs * 2 ** (attempt - 1));
    }
  }
}

/** A property by name at any case ("SSEDescription", "ssedescription" ...), as Config items vary. */
export function prop(obj: unknown, ...path: string[]): unknown {
  let current: unknown = typeof obj === 'string' ? parseJson(obj) : obj;
  for (const name of path) {
    if (current === null || typeof current !== 'object') return undefined;
    const key = Object.keys(current as object).find((k) => k.toLowerCase() === name.toLowerCase());
    if (key === undefined) return undefined;
    const value = (current as Record<string, unknown>)[key];
    current = typeof value === 'string' && /^[[{]/.test(value) ? parseJson(value) : value;
  }
  return current;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Config's limit on an annotation. */
export const annotate = (text: string): string => text.slice(0, 256);

/** Statuses of an item whose resource is gone or no longer recorded. */
export const GONE_STATUSES = ['ResourceDeleted', 'ResourceDeletedNotRecorded', 'ResourceNotRecorded'];

/** The rule's input parameters (a JSON object string), or {} when absent or malformed. */
export function ruleParameters(event: ConfigRuleEvent): Record<string, unknown> {
  const parsed = event.ruleParameters ? parseJson(event.ruleParameters) : {};
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, unknown> : {};
}

/** PutEvaluations accepts at most 100 evaluations per call. */
export const PUT_EVALUATIONS_BATCH = 100;

/** Sends evaluations in batches of 100, each call retried when throttled. */
export async function putAll(evaluations: Evaluation[], resultToken: string,
  put: (batch: Evaluation[], token: string) => Promise<void>, sleep: (ms: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < evaluations.length; i += PUT_EVALUATIONS_BATCH) {
    const batch = evaluations.slice(i, i + PUT_EVALUATIONS_BATCH);
    await withRetry(() => put(batch, resultToken), sleep);
  }
}

/**
 * The configuration item a change notification is about: the item itself, or for an
 * oversized item the latest one from the configuration history (or a not-recorded
 * stand-in when the history has none). Undefined for any other message type.
 */
export async function changedItem(invoking: InvokingEvent,
  history: (resourceType: string, resourceId: string) => Promise<ConfigurationItem | undefined>,
  sleep: (ms: number) => Promise<void>): Promise<ConfigurationItem | undefined> {
  if (invoking.messageType === 'OversizedConfigurationItemChangeNotification' && invoking.configurationItemSummary) {
    const summary = invoking.configurationItemSummary;
    return await withRetry(() => history(summary.resourceType, summary.resourceId), sleep)
      ?? { ...summary, configurationItemStatus: 'ResourceNotRecorded' };
  }
  return invoking.messageType === 'ConfigurationItemChangeNotification' ? invoking.configurationItem : undefined;
}
