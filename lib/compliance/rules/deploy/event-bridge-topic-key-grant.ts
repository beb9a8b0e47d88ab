import { GapRule, RuleVerdict } from '../rule';
import { asArray, CfnTemplate, refersTo, resourcesOfType, statementsOf } from '../template';

/** Condition keys SNS does not support on the key for EventBridge-to-encrypted topics. */
const SOURCE_KEYS = ['aws:sourceaccount', 'aws:sourcearn', 'aws:sourceorgid'];
/** What EventBridge needs on the key of an encrypted topic it publishes to. */
const NEEDED = ['kms:GenerateDataKey', 'kms:Decrypt'];

/** True when the IAM action pattern (wildcards allowed, case-insensitive) grants `action`. */
function grants(pattern: unknown, action: string): boolean {
  if (typeof pattern !== 'string') return false;
  const regex = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return regex.test(action);
}

/** Topics of the template encrypted with key `keyId` that an EventBridge rule of the template targets. */
function targetedTopics(template: CfnTemplate, keyId: string): string[] {
  const topics = resourcesOfType(template, 'AWS::SNS::Topic').filter(([, t]) => refersTo(t.Properties?.KmsMasterKeyId, keyId)).map(([id]) => id);
  const targets = resourcesOfType(template, 'AWS::Events::Rule').flatMap(([, r]) => asArray<any>(r.Properties?.Targets).map((t) => t?.Arn));
  return topics.filter((id) => targets.some((arn) => refersTo(arn, id)));
}

/**
 * The key of an encrypted topic that EventBridge rules publish to lets EventBridge use it
 * (kms:GenerateDataKey*, kms:Decrypt) in a statement without `aws:SourceAccount`,
 * `aws:SourceArn` or `aws:SourceOrgID`: SNS states those are "not supported for
 * EventBridge-to-encrypted topics" in a key policy
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services),
 * and without a usable grant every event is dropped at delivery, silently (the rule's
 * FailedInvocations metric only). The topic policy's `aws:SourceArn` is where the rules are bound.
 */
export const EventBridgeTopicKeyGrant: GapRule = {
  id: 'EventBridgeTopicKeyGrant',
  resourceTypes: ['AWS::KMS::Key'],
  description: 'EventBridge rules publish to a topic encrypted with this key, but the key policy lets EventBridge use the key only under aws:SourceAccount / aws:SourceArn / aws:SourceOrgID (or not at all), ' +
    'which SNS does not support for EventBridge-to-encrypted topics: every finding the rules route is dropped silently.',
  fix: 'Grant events.amazonaws.com kms:GenerateDataKey* and kms:Decrypt on the key without a source condition (eventBridgeTopicKeyStatement), and bind the rules in the topic policy with aws:SourceArn.',
  safeguard: '164.312(b) audit controls',
  evaluate({ logicalId, resource, template }) {
    if (targetedTopics(template, logicalId).length === 0) return RuleVerdict.NOT_APPLICABLE;
    const usable = statementsOf(resource.Properties?.KeyPolicy).some((s) => s.Effect === 'Allow'
      && asArray<unknown>(s.Principal?.Service).includes('events.amazonaws.com')
      && NEEDED.every((action) => asArray<unknown>(s.Action).some((p) => grants(p, action)))
      && !Object.values<Record<string, unknown>>(s.Condition ?? {}).some((block) => Object.keys(block ?? {}).some((k) => SOURCE_KEYS.includes(k.toLowerCase()))));
    return usable ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
