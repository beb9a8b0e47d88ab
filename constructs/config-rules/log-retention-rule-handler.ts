import { CloudWatchLogsClient, DescribeLogGroupsCommand, LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import { configCalls } from './config-client';
import { annotate, ComplianceType, ConfigRuleEvent, Evaluation, InvokingEvent, putAll, ruleParameters, withRetry } from './rule-runtime';

/** What the rule reads of a log group (DescribeLogGroups). */
export type LogGroupFacts = Pick<LogGroup, 'logGroupName' | 'retentionInDays'>;

/** The AWS calls the rule makes (injected, so tests need no AWS). */
export interface LogRetentionRuleDeps {
  /** One page of DescribeLogGroups. */
  describeLogGroups(nextToken?: string): Promise<{ logGroups: LogGroupFacts[]; nextToken?: string }>;
  putEvaluations(evaluations: Evaluation[], resultToken: string): Promise<void>;
  sleep(ms: number): Promise<void>;
}

/** Six years (§164.316(b)(2)(i)) as CloudWatch Logs counts retention: 2192 days. */
export const DEFAULT_MINIMUM_RETENTION_DAYS = 2192;

/** The type reported for each evaluated log group. */
export const LOG_GROUP_TYPE = 'AWS::Logs::LogGroup';

/** The same judgement as `HipaaGap-LogGroupRetention` at synth: no retention (never expire) or at least the minimum. */
export function judgeLogGroup(group: LogGroupFacts, minimumDays: number): { type: ComplianceType; annotation?: string } {
  if (group.retentionInDays === undefined || group.retentionInDays >= minimumDays) return { type: 'COMPLIANT' };
  return { type: 'NON_COMPLIANT', annotation: `Retains events ${group.retentionInDays} days, less than ${minimumDays} (six years); set a longer retention or none.` };
}

/**
 * AWS Config custom rule, periodic: every CloudWatch Logs log group of the region keeps
 * its events at least `minimumRetentionDays` (rule parameter, default 2192) or forever.
 * Config does not record log groups as configuration items, so the rule lists them
 * (logs:DescribeLogGroups) and reports each by name.
 */
export function createLogRetentionRule(deps: LogRetentionRuleDeps): (event: ConfigRuleEvent) => Promise<Evaluation[]> {
  return async (event) => {
    const invoking = JSON.parse(event.invokingEvent) as InvokingEvent;
    if (invoking.messageType !== 'ScheduledNotification') return [];
    const configured = Number(ruleParameters(event).minimumRetentionDays);
    const minimumDays = Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_MINIMUM_RETENTION_DAYS;
    const at = new Date(invoking.notificationCreationTime ?? Date.now());
    const evaluations: Evaluation[] = [];
    let token: string | undefined;
    do {
      const page = await withRetry(() => deps.describeLogGroups(token), deps.sleep);
      for (const group of page.logGroups) {
        if (!group.logGroupName) continue;
        const verdict = judgeLogGroup(group, minimumDays);
        evaluations.push({
          ComplianceResourceType: LOG_GROUP_TYPE,
          ComplianceResourceId: group.logGroupName,
          ComplianceType: verdict.type,
          Annotation: verdict.annotation === undefined ? undefined : annotate(verdict.annotation),
          OrderingTimestamp: at,
        });
      }
      token = page.nextToken;
    } while (token);
    await putAll(evaluations, event.resultToken, deps.putEvaluations, deps.sleep);
    return evaluations;
  };
}

function awsDeps(): LogRetentionRuleDeps {
  const logs = new CloudWatchLogsClient({});
  return {
    ...configCalls(),
    async describeLogGroups(nextToken) {
      const out = await logs.send(new DescribeLogGroupsCommand({ nextToken, limit: 50 }));
      return { logGroups: out.logGroups ?? [], nextToken: out.nextToken };
    },
  };
}

let live: ((event: ConfigRuleEvent) => Promise<Evaluation[]>) | undefined;

/** The Lambda entry point. */
export async function handler(event: ConfigRuleEvent): Promise<void> {
  live ??= createLogRetentionRule(awsDeps());
  await live(event);
}
