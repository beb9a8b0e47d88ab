import { GapRule, RuleVerdict } from '../rule';
import { CfnTemplate, asArray, statementsOf } from '../template';

/** `*`, `service:*` or an action name of wildcards only: every action of everything, or of a whole service. */
function isServiceWide(action: unknown): boolean {
  if (typeof action !== 'string') return false;
  if (/^[*?]+$/.test(action)) return true;
  const [, name] = action.split(':');
  return name !== undefined && /^[*?]+$/.test(name);
}

/** True when some role or user of the template names the managed policy `logicalId` as its permissions boundary. */
function usedAsBoundary(template: CfnTemplate, logicalId: string): boolean {
  return Object.values(template.Resources ?? {}).some((r) => (r.Type === 'AWS::IAM::Role' || r.Type === 'AWS::IAM::User') &&
    (r.Properties?.PermissionsBoundary as { Ref?: unknown } | undefined)?.Ref === logicalId);
}

/**
 * A managed policy used as a permissions boundary allows no `*`, no
 * `service:*` and no `NotAction`: a boundary that allows everything caps
 * nothing, so the roles it bounds can be given any permission later (an
 * attached AdministratorAccess works in full). Its allow list must name what
 * the bounded roles need (HipaaPermissionsBoundary's profiles do).
 */
export const PermissionsBoundaryAllowsAll: GapRule = {
  id: 'PermissionsBoundaryAllowsAll',
  resourceTypes: ['AWS::IAM::ManagedPolicy'],
  description: 'A permissions boundary allows every action (`*`), every action of a service (`service:*`) or everything but a list ' +
    '(`NotAction`): it caps nothing, and any policy attached to the bounded roles later takes full effect.',
  fix: 'List the actions the bounded roles need in the boundary\'s allow statement (HipaaPermissionsBoundary profiles, extended with ' +
    'additionalActions / allowActions), as service:Action or service:Verb*.',
  safeguard: '164.312(a)(1) access control',
  evaluate({ logicalId, resource, template }) {
    if (!usedAsBoundary(template, logicalId)) return RuleVerdict.NOT_APPLICABLE;
    const allows = statementsOf(resource.Properties?.PolicyDocument).filter((s) => s.Effect === 'Allow');
    const open = allows.some((s) => s.NotAction !== undefined || asArray<unknown>(s.Action).some(isServiceWide));
    return open ? RuleVerdict.NON_COMPLIANT : RuleVerdict.COMPLIANT;
  },
};
