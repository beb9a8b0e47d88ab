import { configCalls } from './config-client';
import { isPhi, PHI_TAG_KEY, PHI_TAG_VALUE } from './phi-scope';
import { annotate, changedItem, ConfigRuleEvent, ConfigurationItem, Evaluation, GONE_STATUSES, InvokingEvent, prop, putAll } from './rule-runtime';

/** The Config calls the rule makes (injected, so tests need no AWS). */
export interface PhiTenancyRuleDeps {
  getLatestConfigurationItem(resourceType: string, resourceId: string): Promise<ConfigurationItem | undefined>;
  putEvaluations(evaluations: Evaluation[], resultToken: string): Promise<void>;
  sleep(ms: number): Promise<void>;
}

/** Tenancies that keep PHI off hardware shared with other AWS customers. */
export const ISOLATED_TENANCIES = ['dedicated', 'host'];

/**
 * AWS Config custom rule: every EC2 instance tagged DataClassification=PHI runs on
 * dedicated hardware (`Placement.Tenancy` dedicated or host), as HipaaAutoScalingGroup
 * launches them and `HipaaGap-DedicatedTenancy` checks at synth. The EC2 item's
 * `configuration.placement.tenancy` is what DescribeInstances reports, so an instance in
 * a dedicated-tenancy VPC reads as dedicated too. Change-triggered on AWS::EC2::Instance.
 */
export function createPhiTenancyRule(deps: PhiTenancyRuleDeps): (event: ConfigRuleEvent) => Promise<Evaluation[]> {
  return async (event) => {
    const invoking = JSON.parse(event.invokingEvent) as InvokingEvent;
    const item = await changedItem(invoking, deps.getLatestConfigurationItem, deps.sleep);
    if (!item) return [];
    const evaluation = evaluateTenancy(item, event.eventLeftScope === true);
    await putAll([evaluation], event.resultToken, deps.putEvaluations, deps.sleep);
    return [evaluation];
  };
}

/** The evaluation of one instance item. */
export function evaluateTenancy(item: ConfigurationItem, leftScope = false): Evaluation {
  const result = (type: Evaluation['ComplianceType'], annotation?: string): Evaluation => ({
    ComplianceResourceType: item.resourceType,
    ComplianceResourceId: item.resourceId,
    ComplianceType: type,
    Annotation: annotation === undefined ? undefined : annotate(annotation),
    OrderingTimestamp: new Date(item.configurationItemCaptureTime),
  });
  const status = item.configurationItemStatus ?? 'OK';
  if (leftScope || GONE_STATUSES.includes(status) || item.resourceType !== 'AWS::EC2::Instance') return result('NOT_APPLICABLE');
  const state = prop(item.configuration, 'state', 'name');
  if (state === 'terminated' || state === 'shutting-down') return result('NOT_APPLICABLE');
  if (!isPhi(item)) return result('NOT_APPLICABLE');
  const tenancy = prop(item.configuration, 'placement', 'tenancy');
  if (typeof tenancy === 'string' && ISOLATED_TENANCIES.includes(tenancy)) return result('COMPLIANT');
  return result('NON_COMPLIANT', `Instance tagged ${PHI_TAG_KEY}=${PHI_TAG_VALUE} runs with tenancy ${String(tenancy ?? 'unknown')}; ` +
    'launch it with Placement.Tenancy dedicated or host (HipaaAutoScalingGroup does), or in a dedicated-tenancy VPC.');
}

let live: ((event: ConfigRuleEvent) => Promise<Evaluation[]>) | undefined;

/** The Lambda entry point. */
export async function handler(event: ConfigRuleEvent): Promise<void> {
  live ??= createPhiTenancyRule(configCalls());
  await live(event);
}
