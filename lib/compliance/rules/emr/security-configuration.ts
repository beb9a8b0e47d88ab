import { GapRule, RuleVerdict } from '../rule';

/**
 * The cluster uses a security configuration of the same template that
 * encrypts at rest (EMRFS with SSE-KMS or CSE-KMS, local disks with KMS or a
 * custom provider) and in transit (TLS certificates configured). This reads
 * the JSON as EMR defines it, with everything under `EncryptionConfiguration`
 * (cdk-nag 3.0.2's EMR4/EMR5 look for those keys at the top level).
 */
export const EmrSecurityConfiguration: GapRule = {
  id: 'EmrSecurityConfiguration',
  resourceTypes: ['AWS::EMR::Cluster'],
  description: 'The EMR cluster has no security configuration in this template that encrypts EMRFS, local disks and traffic between nodes.',
  fix: 'Use HipaaEmrCluster, or attach a CfnSecurityConfiguration with EncryptionConfiguration.EnableAtRestEncryption and ' +
    'EnableInTransitEncryption, S3 SSE-KMS/CSE-KMS, local disk encryption and a TLS certificate provider.',
  safeguard: '164.312(e)(1) transmission security',
  evaluate({ resource, template }) {
    const ref = resource.Properties?.SecurityConfiguration;
    const id = ref && typeof ref === 'object' ? (ref as { Ref?: unknown }).Ref : undefined;
    const config = typeof id === 'string' ? template.Resources?.[id] : undefined;
    if (config?.Type !== 'AWS::EMR::SecurityConfiguration') return RuleVerdict.NON_COMPLIANT;
    const json = typeof config.Properties?.SecurityConfiguration === 'string'
      ? safeParse(config.Properties.SecurityConfiguration) : config.Properties?.SecurityConfiguration;
    const enc = json?.EncryptionConfiguration;
    const atRest = enc?.AtRestEncryptionConfiguration;
    const ok = enc?.EnableAtRestEncryption === true && enc?.EnableInTransitEncryption === true
      && ['SSE-KMS', 'CSE-KMS'].includes(atRest?.S3EncryptionConfiguration?.EncryptionMode)
      && atRest?.LocalDiskEncryptionConfiguration?.EncryptionKeyProviderType !== undefined
      && enc?.InTransitEncryptionConfiguration?.TLSCertificateConfiguration?.CertificateProviderType !== undefined;
    return ok ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};

function safeParse(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
