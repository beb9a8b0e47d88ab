import { isSecretDynamicReference } from '../../../vocabulary/dynamic-reference';
import { GapRule, RuleVerdict } from '../rule';

const PASSWORDS = ['KdcAdminPassword', 'CrossRealmTrustPrincipalPassword', 'ADDomainJoinPassword'];

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
    if (kerberos === undefined) return RuleVerdict.NOT_APPLICABLE;
    if (!kerberos || typeof kerberos !== 'object') return RuleVerdict.NON_COMPLIANT;
    const ok = PASSWORDS.every((name) => kerberos[name] === undefined || isSecretDynamicReference(kerberos[name]));
    return ok ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
