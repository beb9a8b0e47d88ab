import * as rules from '../../lib/compliance/rules';

const { RuleVerdict } = rules;

const nne = (overrides: Record<string, string> = {}) => Object.entries({
  'SQLNET.ENCRYPTION_SERVER': 'REQUIRED',
  'SQLNET.ENCRYPTION_TYPES_SERVER': 'AES256',
  'SQLNET.CRYPTO_CHECKSUM_SERVER': 'REQUIRED',
  'SQLNET.CRYPTO_CHECKSUM_TYPES_SERVER': 'SHA512,SHA384,SHA256',
  ...overrides,
}).map(([Name, Value]) => ({ Name, Value }));

function evaluate(engine: string, options?: object[], groupRef: unknown = { Ref: 'Og' }): rules.RuleVerdict {
  const resource = { Type: 'AWS::RDS::DBInstance', Properties: { Engine: engine, OptionGroupName: groupRef } };
  const extra: Record<string, rules.CfnTemplateResource> = options ? { Og: { Type: 'AWS::RDS::OptionGroup', Properties: { EngineName: engine, OptionConfigurations: options } } } : {};
  return rules.RdsOracleNetworkEncryption.evaluate({ logicalId: 'Subject', resource, template: { Resources: { Subject: resource, ...extra } } });
}

describe('RdsOracleNetworkEncryption', () => {
  test('compliant: NNE required with AES256 and SHA-2', () =>
    expect(evaluate('oracle-se2', [{ OptionName: 'NATIVE_NETWORK_ENCRYPTION', OptionSettings: nne() }])).toBe(RuleVerdict.COMPLIANT));
  test('compliant: the SSL option with TLS 1.2', () =>
    expect(evaluate('oracle-ee', [{ OptionName: 'SSL', Port: 2484, OptionSettings: [{ Name: 'SQLNET.SSL_VERSION', Value: '1.2' }] }])).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: encryption only ACCEPTED (a client may refuse it)', () =>
    expect(evaluate('oracle-se2', [{ OptionName: 'NATIVE_NETWORK_ENCRYPTION', OptionSettings: nne({ 'SQLNET.ENCRYPTION_SERVER': 'ACCEPTED' }) }])).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: checksums not required', () =>
    expect(evaluate('oracle-se2', [{ OptionName: 'NATIVE_NETWORK_ENCRYPTION', OptionSettings: nne({ 'SQLNET.CRYPTO_CHECKSUM_SERVER': 'REQUESTED' }) }])).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: a weak cipher allowed beside AES256', () =>
    expect(evaluate('oracle-ee', [{ OptionName: 'NATIVE_NETWORK_ENCRYPTION', OptionSettings: nne({ 'SQLNET.ENCRYPTION_TYPES_SERVER': 'AES256,3DES168' }) }])).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: SHA1 checksums allowed', () =>
    expect(evaluate('oracle-ee', [{ OptionName: 'NATIVE_NETWORK_ENCRYPTION', OptionSettings: nne({ 'SQLNET.CRYPTO_CHECKSUM_TYPES_SERVER': 'SHA256,SHA1' }) }])).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the SSL option with TLS 1.0', () =>
    expect(evaluate('oracle-ee', [{ OptionName: 'SSL', OptionSettings: [{ Name: 'SQLNET.SSL_VERSION', Value: '1.0' }] }])).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: an option group without either option', () =>
    expect(evaluate('oracle-se2', [{ OptionName: 'TDE' }])).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the default option group', () => expect(evaluate('oracle-se2', undefined, undefined)).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: an option group outside the template cannot be verified', () =>
    expect(evaluate('oracle-se2', undefined, 'shared-options')).toBe(RuleVerdict.NON_COMPLIANT));
  test('not applicable: other engines', () => expect(evaluate('postgres')).toBe(RuleVerdict.NOT_APPLICABLE));
});
