import { CfnTemplate, asArray, statementsOf } from '../template';

/**
 * A CloudFormation string as text: literals as they are, `Fn::Join` and
 * `Fn::Sub` flattened with every reference written `${Name}`, so a rule can
 * read an ARN or a service principal whatever intrinsic CDK used for it.
 * Undefined for anything else (an import, a GetAtt of an unknown shape).
 */
export function flattenString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, any>;
  if (typeof v.Ref === 'string') return `\${${v.Ref}}`;
  if (Array.isArray(v['Fn::GetAtt'])) return `\${${v['Fn::GetAtt'].join('.')}}`;
  if (typeof v['Fn::Sub'] === 'string') return v['Fn::Sub'];
  if (Array.isArray(v['Fn::Sub']) && typeof v['Fn::Sub'][0] === 'string') return v['Fn::Sub'][0];
  // Fn::Select over Fn::Split (e.g. part of the stack id, which ends cdk-hipaa's names of retained resources):
  // one placeholder name segment, with no ':', '/', '*' or '?' (it stands for a part of a single name).
  const select = v['Fn::Select'];
  if (Array.isArray(select) && select.length === 2 && Array.isArray(select[1]?.['Fn::Split'])) {
    return flattenString(select[1]['Fn::Split'][1]) === undefined ? undefined : `\${Select${select[0]}}`;
  }
  const join = v['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const parts = join[1].map(flattenString);
    return parts.every((p: string | undefined) => p !== undefined) ? parts.join(join[0]) : undefined;
  }
  return undefined;
}

/** Service principals of a trust or resource policy statement, flattened. */
export function servicePrincipalsOf(statement: Record<string, any>): string[] {
  const principal = statement.Principal;
  if (!principal || typeof principal !== 'object') return [];
  return asArray<unknown>(principal.Service).map(flattenString).filter((s): s is string => s !== undefined);
}

/** The AWS managed policy name of a managed-policy ARN (`service-role/AWS_ConfigRole`), or undefined for a customer one. */
export function awsManagedPolicyName(arn: unknown): string | undefined {
  const text = flattenString(arn);
  const match = text?.match(/:iam::aws:policy\/(.+)$/);
  return match ? match[1] : undefined;
}

/** Every policy that applies to one role of the template. */
export interface RolePolicies {
  /** Statements of inline policies (on the role, or `AWS::IAM::Policy` naming it) and of customer managed policies of this template. */
  readonly statements: Array<Record<string, any>>;
  /** Names of the AWS managed policies attached to it. */
  readonly awsManaged: string[];
}

/** Policy documents attached to each role, indexed once per template (rules evaluate every role of it). */
const ATTACHED = new WeakMap<CfnTemplate, Map<string, unknown[]>>();

function attachedDocuments(template: CfnTemplate): Map<string, unknown[]> {
  let index = ATTACHED.get(template);
  if (index) return index;
  index = new Map();
  for (const resource of Object.values(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::IAM::Policy' && resource.Type !== 'AWS::IAM::ManagedPolicy') continue;
    for (const role of asArray<any>(resource.Properties?.Roles)) {
      if (typeof role?.Ref !== 'string') continue;
      index.set(role.Ref, [...(index.get(role.Ref) ?? []), resource.Properties?.PolicyDocument]);
    }
  }
  ATTACHED.set(template, index);
  return index;
}

/** Collects the identity policies of role `logicalId` from wherever the template attaches them. */
export function rolePolicies(template: CfnTemplate, logicalId: string): RolePolicies {
  const resources = template.Resources ?? {};
  const role = resources[logicalId];
  const statements: Array<Record<string, any>> = [];
  const awsManaged: string[] = [];
  for (const policy of asArray<any>(role?.Properties?.Policies)) statements.push(...statementsOf(policy?.PolicyDocument));
  for (const arn of asArray<unknown>(role?.Properties?.ManagedPolicyArns)) {
    const name = awsManagedPolicyName(arn);
    if (name) awsManaged.push(name);
    const ref = (arn as any)?.Ref;
    const local = typeof ref === 'string' ? resources[ref] : undefined;
    if (local?.Type === 'AWS::IAM::ManagedPolicy') statements.push(...statementsOf(local.Properties?.PolicyDocument));
  }
  for (const document of attachedDocuments(template).get(logicalId) ?? []) statements.push(...statementsOf(document));
  return { statements, awsManaged };
}

/**
 * Services whose roles run the account's own code (instances, functions,
 * containers): a compromise of the code is a compromise of the role.
 */
export const WORKLOAD_SERVICE_PRINCIPALS: readonly string[] = [
  'ec2.amazonaws.com', 'lambda.amazonaws.com', 'edgelambda.amazonaws.com', 'ecs-tasks.amazonaws.com', 'pods.eks.amazonaws.com',
];

/** True when the role's trust policy admits a workload service. */
export function isWorkloadRole(role: { Properties?: Record<string, any> }): boolean {
  return statementsOf(role.Properties?.AssumeRolePolicyDocument)
    .some((s) => s.Effect === 'Allow' && servicePrincipalsOf(s).some((p) => WORKLOAD_SERVICE_PRINCIPALS.includes(p)));
}
