import { GapRule, RuleVerdict } from '../rule';
import { ALLOWED_TLS_POLICIES } from './tls-policies';

/** HTTPS listeners name a TLS 1.2+ policy explicitly (the default admits TLS 1.0). */
export const ElbTlsPolicy: GapRule = {
  id: 'ElbTlsPolicy',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::Listener'],
  description: 'The HTTPS listener does not use a TLS 1.2+ security policy with strong ciphers (the default ELBSecurityPolicy-2016-08 admits TLS 1.0).',
  fix: `Set sslPolicy to one of: ${ALLOWED_TLS_POLICIES.join(', ')}.`,
  safeguard: '164.312(e)(1) transmission security',
  evaluate({ resource }) {
    const protocol = resource.Properties?.Protocol;
    if (protocol !== 'HTTPS' && protocol !== 'TLS') return RuleVerdict.NOT_APPLICABLE;
    return ALLOWED_TLS_POLICIES.includes(resource.Properties?.SslPolicy)
      ? RuleVerdict.COMPLIANT
      : RuleVerdict.NON_COMPLIANT;
  },
};
