import { GapRule, RuleVerdict } from '../rule';

const PASSWORDS = ['KdcAdminPassword', 'CrossRealmTrustPrincipalPassword', 'ADDomainJoinPassword'];
const DYNAMIC_REFERENCE = /^\{\{resolve:(secretsmanager|ssm-secure):/;

/**
 * The Kerberos passwords of an EMR cluster reach CloudFormation only as dynamic references
 * (`{{resolve:secretsmanager:...}}` or `{{resolve:ssm-secure:...}}`), which CloudFormation
 * resolves at deploy time and never shows in the template, its events or `describe-stacks`.
 * A literal, or a parameter value, would sit in the template or the stack's parameters.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html
 */
export const EmrKerberosPasswordReference: GapRule = {
  id: 'EmrKerberosPasswordReference',
  resourceTypes: ['AWS::EMR::Cluster'],
  description: 'A Kerberos password of the EMR cluster (KDC administrator, cross-realm trust, AD join) is written into the template ' +
    'or passed as a parameter instead of a Secrets Manager (or SSM SecureString) dynamic reference.',
  fix: "Let HipaaEmrCluster generate the KDC password into Secrets Manager (omit kdcAdminPassword), or pass SecretValue.secretsManager('<secret>').",
  safeguard: '164.312(d) person or entity authentication',
  evaluate({ resource }) {
    const kerberos = resource.Properties?.KerberosAttributes;
    if (!kerberos || typeof kerberos !== 'object') return RuleVerdict.NOT_APPLICABLE;
    const ok = PASSWORDS.every((name) => kerberos[name] === undefined || isDynamicReference(kerberos[name]));
    return ok ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};

/** A string, or an `Fn::Join` whose first part, starting with a dynamic reference, ends it (`}}`) in its last literal part. */
function isDynamicReference(value: unknown): boolean {
  if (typeof value === 'string') return DYNAMIC_REFERENCE.test(value) && value.endsWith('}}');
  const join = value && typeof value === 'object' ? (value as Record<string, unknown>)['Fn::Join'] : undefined;
  if (!Array.isArray(join) || join[0] !== '' || !Array.isArray(join[1])) return false;
  const parts = join[1] as unknown[];
  const first = parts[0];
  const last = parts[parts.length - 1];
  return typeof first === 'string' && DYNAMIC_REFERENCE.test(first) && typeof last === 'string' && last.endsWith('}}');
}
