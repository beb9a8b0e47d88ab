import { GapRule, RuleVerdict } from '../rule';
import { asArray } from '../template';

/** True when a listener or listener-rule action redirects to HTTPS. */
export function redirectsToHttps(action: any): boolean {
  return action?.Type === 'redirect' && action?.RedirectConfig?.Protocol === 'HTTPS';
}

/** True when every default action of an HTTP listener redirects to HTTPS. */
function onlyRedirectsToHttps(properties: Record<string, any>): boolean {
  const actions = asArray<any>(properties.DefaultActions);
  return actions.length > 0 && actions.every(redirectsToHttps);
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
