import { GapRule, RuleVerdict } from '../rule';
import { asArray, statementsOf } from '../template';

const PRINCIPAL_KEYS = ['aws:principalaccount', 'aws:principalorgid'];
const RESOURCE_KEYS = ['aws:resourceaccount', 'aws:resourceorgid'];

/** Keys bound by StringEquals (exact match; StringLike with a wildcard would not bind). */
function boundKeys(statement: Record<string, any>): Set<string> {
  const equals = statement.Condition?.StringEquals ?? {};
  return new Set(Object.keys(equals).filter((k) => asArray(equals[k]).every((v) => v !== '*' && v !== '')).map((k) => k.toLowerCase()));
}

function anyPrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal && typeof principal === 'object') return asArray((principal as Record<string, unknown>).AWS).includes('*');
  return principal === undefined;
}

/** An Allow statement is restrictive when its principals and its resources are both held to the perimeter. */
function restrictive(statement: Record<string, any>): boolean {
  const keys = boundKeys(statement);
  const principalsBound = !anyPrincipal(statement.Principal) || PRINCIPAL_KEYS.some((k) => keys.has(k));
  const resources = asArray(statement.Resource);
  const resourcesBound = RESOURCE_KEYS.some((k) => keys.has(k))
    || (resources.length > 0 && resources.every((r) => typeof r !== 'string' || r !== '*') && statement.NotResource === undefined);
  return principalsBound && resourcesBound && statement.NotPrincipal === undefined;
}

/**
 * Every VPC endpoint has a policy whose Allow statements admit only principals of
 * this account or organization (aws:PrincipalAccount / aws:PrincipalOrgID), on
 * resources of this account or organization (aws:ResourceAccount /
 * aws:ResourceOrgID) or on named resources (e.g. AWS-owned package buckets).
 * Without a policy an endpoint admits any principal to any resource, so data can
 * leave for another account's bucket or key.
 */
export const VpcEndpointPolicy: GapRule = {
  id: 'VpcEndpointPolicy',
  resourceTypes: ['AWS::EC2::VPCEndpoint'],
  description: 'The VPC endpoint has no restrictive policy: any principal may reach any resource through it, including another account\'s bucket, table or key.',
  fix: 'Use HipaaVpc (its endpoints carry account/organization-scoped policies), or add a policy whose Allow statements bind aws:PrincipalAccount/OrgID and aws:ResourceAccount/OrgID (or name the resources).',
  safeguard: '164.312(e)(1) transmission security',
  evaluate({ resource }) {
    const props = resource.Properties ?? {};
    if (props.VpcEndpointType === 'GatewayLoadBalancer') return RuleVerdict.NOT_APPLICABLE;
    if (!props.PolicyDocument) return RuleVerdict.NON_COMPLIANT;
    const allows = statementsOf(props.PolicyDocument).filter((s) => s.Effect === 'Allow');
    return allows.every(restrictive) ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
