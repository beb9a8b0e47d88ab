import { DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import { configCalls } from './config-client';
import { annotate, ComplianceType, ConfigRuleEvent, Evaluation, InvokingEvent, putAll, withRetry } from './rule-runtime';

/** What the rule reads of a target group (DescribeTargetGroups). */
export type TargetGroupFacts = Pick<TargetGroup, 'TargetGroupArn' | 'Protocol' | 'HealthCheckProtocol' | 'TargetType'>;

/** The AWS calls the rule makes (injected, so tests need no AWS). */
export interface HttpsTargetGroupRuleDeps {
  /** One page of DescribeTargetGroups. */
  describeTargetGroups(marker?: string): Promise<{ targetGroups: TargetGroupFacts[]; nextMarker?: string }>;
  putEvaluations(evaluations: Evaluation[], resultToken: string): Promise<void>;
  sleep(ms: number): Promise<void>;
}

/** The type reported for each evaluated target group (CloudFormation's name for it). */
export const TARGET_GROUP_TYPE = 'AWS::ElasticLoadBalancingV2::TargetGroup';

/**
 * The same judgement as `HipaaGap-ElbHttpsTargetGroup` at synth: application target groups
 * send traffic and health checks to targets over HTTPS; network target groups on TLS pass,
 * other layer-4 ones and Lambda targets are not judged (nothing to encrypt on the ELB's side).
 */
export function judgeTargetGroup(tg: TargetGroupFacts): { type: ComplianceType; annotation?: string } {
  if (tg.TargetType === 'lambda') return { type: 'NOT_APPLICABLE' };
  if (tg.Protocol === 'TLS') return { type: 'COMPLIANT' };
  if (tg.Protocol !== 'HTTP' && tg.Protocol !== 'HTTPS') return { type: 'NOT_APPLICABLE' };
  const healthCheck = tg.HealthCheckProtocol ?? tg.Protocol;
  if (tg.Protocol === 'HTTPS' && healthCheck === 'HTTPS') return { type: 'COMPLIANT' };
  return {
    type: 'NON_COMPLIANT',
    annotation: `Traffic over ${tg.Protocol}, health checks over ${healthCheck}; PHI between the load balancer and its targets must use HTTPS for both.`,
  };
}

/**
 * AWS Config custom rule, periodic: every Elastic Load Balancing v2 target group in the
 * region is judged by {@link judgeTargetGroup}. Config does not record target groups as
 * configuration items, so the rule lists them itself (elasticloadbalancing:DescribeTargetGroups)
 * and reports each by its ARN.
 */
export function createHttpsTargetGroupRule(deps: HttpsTargetGroupRuleDeps): (event: ConfigRuleEvent) => Promise<Evaluation[]> {
  return async (event) => {
    const invoking = JSON.parse(event.invokingEvent) as InvokingEvent;
    if (invoking.messageType !== 'ScheduledNotification') return [];
    const at = new Date(invoking.notificationCreationTime ?? Date.now());
    const evaluations: Evaluation[] = [];
    let marker: string | undefined;
    do {
      const page = await withRetry(() => deps.describeTargetGroups(marker), deps.sleep);
      for (const tg of page.targetGroups) {
        if (!tg.TargetGroupArn) continue;
        const verdict = judgeTargetGroup(tg);
        evaluations.push({
          ComplianceResourceType: TARGET_GROUP_TYPE,
          ComplianceResourceId: tg.TargetGroupArn,
          ComplianceType: verdict.type,
          Annotation: verdict.annotation === undefined ? undefined : annotate(verdict.annotation),
          OrderingTimestamp: at,
        });
      }
      marker = page.nextMarker;
    } while (marker);
    await putAll(evaluations, event.resultToken, deps.putEvaluations, deps.sleep);
    return evaluations;
  };
}

function awsDeps(): HttpsTargetGroupRuleDeps {
  const elb = new ElasticLoadBalancingV2Client({});
  return {
    ...configCalls(),
    async describeTargetGroups(marker) {
      const out = await elb.send(new DescribeTargetGroupsCommand({ Marker: marker, PageSize: 400 }));
      return { targetGroups: out.TargetGroups ?? [], nextMarker: out.NextMarker };
    },
  };
}

let live: ((event: ConfigRuleEvent) => Promise<Evaluation[]>) | undefined;

/** The Lambda entry point. */
export async function handler(event: ConfigRuleEvent): Promise<void> {
  live ??= createHttpsTargetGroupRule(awsDeps());
  await live(event);
}
