import { GapRule, RuleVerdict } from '../rule';
import { asArray, CfnTemplate, flattenValue, statementsOf } from '../template';

/** Resource types that make a service-linked role exist: ours (idempotent) and CloudFormation's. */
const SERVICE_LINKED_ROLE_TYPES: Record<string, string> = {
  'Custom::HipaaServiceLinkedRole': 'AwsServiceName',
  'AWS::IAM::ServiceLinkedRole': 'AWSServiceName',
};

/** Services whose default service-linked role the key waits for (DependsOn) in this template. */
function ensuredServices(template: CfnTemplate, dependsOn: string[]): Set<string> {
  const services = new Set<string>();
  for (const id of dependsOn) {
    const r = template.Resources?.[id];
    const property = r ? SERVICE_LINKED_ROLE_TYPES[r.Type] : undefined;
    const service = property ? r!.Properties?.[property] : undefined;
    if (typeof service === 'string') services.add(service);
  }
  return services;
}

/**
 * A key policy names a service-linked role only when the key waits for a resource that makes the role
 * exist. AWS creates most service-linked roles lazily (the Auto Scaling one with the account's first
 * group), and KMS rejects a key policy whose principal does not exist
 * (https://repost.aws/knowledge-center/kms-policy-error-invalid-principals): on a fresh account the key,
 * and the stack, fail to create.
 */
export const KmsKeyPolicyPrincipalExists: GapRule = {
  id: 'KmsKeyPolicyPrincipalExists',
  resourceTypes: ['AWS::KMS::Key'],
  description: 'The key policy names a service-linked role that may not exist yet when the key is created (a fresh account): KMS rejects the policy and the stack fails.',
  fix: 'Make the key depend on a resource that creates the role when missing (HipaaAutoScalingGroup does this with Custom::HipaaServiceLinkedRole), or create the role before deploying.',
  safeguard: '164.308(a)(7)(ii)(B) disaster recovery plan',
  evaluate({ resource, template }) {
    const waitsFor = ensuredServices(template, asArray(resource.DependsOn));
    for (const statement of statementsOf(resource.Properties?.KeyPolicy)) {
      if (statement.Effect !== 'Allow') continue;
      for (const principal of asArray(statement.Principal?.AWS)) {
        const service = /:role\/aws-service-role\/([^/]+)\//.exec(flattenValue(principal))?.[1];
        if (service && !waitsFor.has(service)) return RuleVerdict.NON_COMPLIANT;
      }
    }
    return RuleVerdict.COMPLIANT;
  },
};
