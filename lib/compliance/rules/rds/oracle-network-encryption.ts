import { GapRule, RuleVerdict } from '../rule';
import { CfnTemplate } from '../template';

const STRONG_CIPHERS = ['AES256'];
const STRONG_CHECKSUMS = ['SHA256', 'SHA384', 'SHA512'];

/**
 * RDS for Oracle encrypts client traffic only through its option group: Native Network
 * Encryption set to REQUIRED with AES-256 and SHA-2 checksums, or the SSL option with TLS 1.2.
 * Without either, sessions on the listener port travel in clear text; no pack checks Oracle
 * option groups (RdsForceSsl covers the engines with a TLS parameter).
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.Oracle.Options.NetworkEncryption.html
 */
export const RdsOracleNetworkEncryption: GapRule = {
  id: 'RdsOracleNetworkEncryption',
  resourceTypes: ['AWS::RDS::DBInstance'],
  description: 'The Oracle database does not require encryption in transit: its option group (in this template) has neither ' +
    'NATIVE_NETWORK_ENCRYPTION with SQLNET.ENCRYPTION_SERVER and SQLNET.CRYPTO_CHECKSUM_SERVER REQUIRED, AES256 and SHA-2 checksums only, ' +
    'nor the SSL option with SQLNET.SSL_VERSION 1.2.',
  fix: 'Use HipaaDatabase with HipaaDatabaseEngine.oracleSe2() or oracleEe(), or attach an option group of this template with that configuration.',
  safeguard: '164.312(e)(1) transmission security',
  evaluate({ resource, template }) {
    const props = resource.Properties ?? {};
    const engine = typeof props.Engine === 'string' ? props.Engine.toLowerCase() : '';
    if (!engine.startsWith('oracle')) return RuleVerdict.NOT_APPLICABLE;
    const options = optionConfigurations(template, props.OptionGroupName);
    const nne = options.find((o) => o.OptionName === 'NATIVE_NETWORK_ENCRYPTION');
    const ssl = options.find((o) => o.OptionName === 'SSL');
    return (nne && nneRequired(settingsOf(nne))) || (ssl && settingsOf(ssl)['SQLNET.SSL_VERSION'] === '1.2')
      ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};

function nneRequired(settings: Record<string, string>): boolean {
  const list = (name: string) => (settings[name] ?? '').toUpperCase().split(',').map((v) => v.trim()).filter((v) => v !== '');
  const ciphers = list('SQLNET.ENCRYPTION_TYPES_SERVER');
  const checksums = list('SQLNET.CRYPTO_CHECKSUM_TYPES_SERVER');
  return (settings['SQLNET.ENCRYPTION_SERVER'] ?? '').toUpperCase() === 'REQUIRED'
    && (settings['SQLNET.CRYPTO_CHECKSUM_SERVER'] ?? '').toUpperCase() === 'REQUIRED'
    && ciphers.length > 0 && ciphers.every((c) => STRONG_CIPHERS.includes(c))
    && checksums.length > 0 && checksums.every((c) => STRONG_CHECKSUMS.includes(c));
}

/** The option configurations of the group `groupRef` points to, when that group is in the template. */
function optionConfigurations(template: CfnTemplate, groupRef: unknown): Array<Record<string, any>> {
  const logicalId = groupRef && typeof groupRef === 'object' ? (groupRef as { Ref?: unknown }).Ref : undefined;
  if (typeof logicalId !== 'string') return [];
  const group = template.Resources?.[logicalId];
  if (!group || group.Type !== 'AWS::RDS::OptionGroup') return [];
  const configurations: unknown = group.Properties?.OptionConfigurations;
  return Array.isArray(configurations) ? configurations.filter((c) => c && typeof c === 'object') : [];
}

/** An option's settings as name → value (CloudFormation lists them as { Name, Value }). */
function settingsOf(option: Record<string, any>): Record<string, string> {
  const settings: unknown = option.OptionSettings;
  const result: Record<string, string> = {};
  if (!Array.isArray(settings)) return result;
  for (const s of settings) {
    if (s && typeof s === 'object' && typeof s.Name === 'string') result[s.Name] = String(s.Value ?? '');
  }
  return result;
}
