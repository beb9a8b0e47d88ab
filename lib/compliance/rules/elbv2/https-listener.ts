import { GapRule, RuleVerdict } from '../rule';
import { asArray } from '../template';

/** True when every default action of an HTTP listener redirects to HTTPS. */
function onlyRedirectsToHttps(properties: Record<string, any>): boolean {
  const actions = asArray<any>(properties.DefaultActions);
  return actions.length > 0 && actions.every((a) => a?.Type === 'redirect' && a?.RedirectConfig?.Protocol === 'HTTPS');
}

/**
 * An application load balancer listener serves HTTPS, or is a plain-HTTP
 * listener whose only action redirects to HTTPS. Listener rules forwarding on
 * an HTTP listener are caught by ElbListenerRuleHttps.
 */
export const ElbHttpsListener: GapRule = {
  id: 'ElbHttpsListener',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::Listener'],
  description: 'The load balancer listener serves plain HTTP instead of HTTPS (or a redirect to HTTPS).',
  fix: 'Use HipaaLoadBalancer: HTTPS on 443 and, when internet-facing, a port-80 listener that only redirects.',
  safeguard: '164.312(e)(1) transmission security',
  evaluate({ resource }) {
    const protocol = resource.Properties?.Protocol;
    if (protocol === 'HTTPS' || protocol === 'TLS') return RuleVerdict.COMPLIANT;
    if (protocol === 'HTTP' && onlyRedirectsToHttps(resource.Properties ?? {})) return RuleVerdict.COMPLIANT;
    return RuleVerdict.NON_COMPLIANT;
  },
};

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
    return actions.every((a) => a?.Type === 'redirect' && a?.RedirectConfig?.Protocol === 'HTTPS')
      ? RuleVerdict.COMPLIANT
      : RuleVerdict.NON_COMPLIANT;
  },
};
