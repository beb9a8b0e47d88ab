import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { admitPublisher } from '../../../constructs/internal/alarm-topic';

/** What each route forwards, as EventBridge event patterns (one place, data only). */
export const FINDING_ROUTES: Readonly<Record<string, events.EventPattern>> = {
  // GuardDuty severity: 4.0–6.9 medium, 7.0–8.9 high, 9.0+ critical.
  GuardDutyMediumAndAbove: { source: ['aws.guardduty'], detailType: ['GuardDuty Finding'], detail: { severity: [{ numeric: ['>=', 4] }] } },
  SecurityHubHighFailedNew: {
    source: ['aws.securityhub'], detailType: ['Security Hub Findings - Imported'],
    detail: { findings: { Severity: { Label: ['HIGH', 'CRITICAL'] }, Compliance: { Status: ['FAILED'] }, Workflow: { Status: ['NEW'] }, RecordState: ['ACTIVE'] } },
  },
  AccessAnalyzerActive: { source: ['aws.access-analyzer'], detailType: ['Access Analyzer Finding'], detail: { status: ['ACTIVE'] } },
};

/** The Config route: a rule of the HIPAA set (by name prefix) turning NON_COMPLIANT. */
export function configNonCompliantPattern(ruleNamePrefix: string): events.EventPattern {
  return {
    source: ['aws.config'], detailType: ['Config Rules Compliance Change'],
    detail: { messageType: ['ComplianceChangeNotification'], configRuleName: [{ prefix: ruleNamePrefix }], newEvaluationResult: { complianceType: ['NON_COMPLIANT'] } },
  };
}

/**
 * EventBridge rules that send GuardDuty, Security Hub, Access Analyzer and HIPAA Config
 * findings to the (KMS-encrypted) security topic, so a person is told (§164.308(a)(1)(ii)(D),
 * (a)(6)). The topic policy admits EventBridge for these rules only (`aws:SourceArn`); the
 * key policy lets EventBridge encrypt for the topic (an encrypted topic needs it:
 * https://repost.aws/knowledge-center/sns-not-getting-eventbridge-notification) without
 * `aws:SourceAccount` / `aws:SourceArn`, which SNS does not support on the key for
 * EventBridge-to-encrypted topics (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services):
 * with them every finding would be dropped silently.
 * Both only on a topic and key of this app: an imported topic's owner grants them (README, "Alarm destination").
 */
export function routeFindings(scope: Construct, topic: sns.ITopic, key: kms.IKey | undefined, configRuleNamePrefix: string): events.Rule[] {
  return routeEventsToTopic(scope, topic, key, [...Object.entries(FINDING_ROUTES), ['HipaaConfigNonCompliant', configNonCompliantPattern(configRuleNamePrefix)]]);
}

/**
 * One EventBridge rule per pattern, each targeting `topic` by ARN (a topic of this app or an
 * imported one alike), and the grants {@link routeFindings} describes: the topic policy admits
 * EventBridge for these rules only (`aws:SourceArn`), the key policy EventBridge without a source condition.
 * Both only on a topic and key of this app; an imported topic's owner grants them.
 */
export function routeEventsToTopic(scope: Construct, topic: sns.ITopic, key: kms.IKey | undefined,
  patterns: ReadonlyArray<readonly [string, events.EventPattern]>): events.Rule[] {
  const target: events.IRuleTarget = { bind: () => ({ arn: topic.topicArn }) };
  const rules = patterns.map(([id, eventPattern]) => new events.Rule(scope, id, {
    description: `cdk-hipaa: ${id} to the security topic`, eventPattern, targets: [target],
  }));
  admitPublisher(topic, { sid: 'AllowEventBridgeFindingRules', keySid: 'AllowEventBridgeOfThisAccount', service: 'events.amazonaws.com', sourceArns: rules.map((r) => r.ruleArn) }, key);
  return rules;
}
