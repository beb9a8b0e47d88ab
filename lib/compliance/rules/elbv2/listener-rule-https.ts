import { GapRule, RuleVerdict } from '../rule';
import { asArray } from '../template';
import { redirectsToHttps } from './https-listener';

/** Rules attached to a listener may not forward traffic on a plain-HTTP listener. */
export const ElbListenerRuleHttps: GapRule = {
  id: 'ElbListenerRuleHttps',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::ListenerRule'],
  description: 'A listener rule forwards traffic on a plain-HTTP listener.',
  fix: 'Attach forwarding rules to the HTTPS listener only.',
  safeguard: '164.312(e)(1) transmission security',
  evaluate({ resource, template }) {
    const listenerRef = resource.Properties?.ListenerArn?.Ref;
    const listener = listenerRef ? template.Resources?.[listenerRef] : undefined;
    if (!listener) return RuleVerdict.NOT_APPLICABLE;
    const protocol = listener.Properties?.Protocol;
    if (protocol !== 'HTTP') return RuleVerdict.COMPLIANT;
    const actions = asArray<any>(resource.Properties?.Actions);
    return actions.every(redirectsToHttps) ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
