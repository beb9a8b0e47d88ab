import { GapRule, RuleVerdict } from '../rule';

/** Application target groups send traffic and health checks to targets over HTTPS. */
export const ElbHttpsTargetGroup: GapRule = {
  id: 'ElbHttpsTargetGroup',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::TargetGroup'],
  description: 'The target group sends traffic or health checks to its targets over plain HTTP.',
  fix: 'Use HipaaLoadBalancer.addTargets (HTTPS targets and health checks); the instances listen with a certificate.',
  safeguard: '164.312(e)(1) transmission security',
  evaluate({ resource }) {
    const p = resource.Properties ?? {};
    // Lambda targets are invoked by the ELB service, not over the network.
    if (p.TargetType === 'lambda') return RuleVerdict.NOT_APPLICABLE;
    if (p.Protocol === 'TCP' || p.Protocol === 'UDP' || p.Protocol === 'TCP_UDP' || p.Protocol === 'TLS' || p.Protocol === 'GENEVE') {
      return p.Protocol === 'TLS' ? RuleVerdict.COMPLIANT : RuleVerdict.NOT_APPLICABLE;
    }
    const healthCheck = p.HealthCheckProtocol ?? p.Protocol;
    return p.Protocol === 'HTTPS' && healthCheck === 'HTTPS' ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
