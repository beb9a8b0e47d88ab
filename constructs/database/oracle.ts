import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct, IConstruct } from 'constructs';
import { HipaaValidationError } from '../../lib/errors';

/**
 * Oracle Native Network Encryption (NNE) ciphers and checksums HipaaDatabase accepts:
 * AES-256 only, SHA-2 checksums only (MD5, SHA-1, 3DES, RC4 and AES-128/192 are refused).
 */
export const ORACLE_NNE_ENCRYPTION_TYPES = ['AES256'] as const;
export const ORACLE_NNE_CHECKSUM_TYPES = ['SHA256', 'SHA384', 'SHA512'] as const;

/**
 * Options of the RDS for Oracle engines (`HipaaDatabaseEngine.oracleSe2` / `oracleEe`).
 *
 * In transit, RDS for Oracle gets Oracle Native Network Encryption set to REQUIRED, not the
 * SSL option: NNE encrypts every session on the listener port without client wallets or a
 * second port, and REQUIRED makes the server refuse a client that does not encrypt, where
 * the SSL option adds a TLS port beside the plain 1521 listener, which stays open to any
 * client the security group admits.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.Oracle.Options.NetworkEncryption.html
 */
export interface HipaaOracleOptions {
  /**
   * License model, stated explicitly (RDS otherwise picks one). Enterprise Edition is
   * bring-your-own-license only; Standard Edition 2 may be license-included.
   * @default - rds.LicenseModel.LICENSE_INCLUDED for SE2, rds.LicenseModel.BRING_YOUR_OWN_LICENSE for EE
   */
  readonly licenseModel?: rds.LicenseModel;
  /**
   * Add Oracle Transparent Data Encryption (the `TDE` option; Enterprise Edition only) on top of
   * the storage encryption with the customer-managed key, for tablespace or column encryption
   * inside the database. The option is permanent: RDS cannot remove it from the instance later.
   * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.Oracle.Options.AdvSecurity.html
   * @default false
   */
  readonly transparentDataEncryption?: boolean;
  /**
   * NNE checksum algorithms the server accepts, strongest first; only SHA-256, SHA-384 and SHA-512.
   * @default ['SHA512', 'SHA384', 'SHA256']
   */
  readonly checksumTypes?: string[];
  /**
   * NNE encryption algorithms the server accepts; only AES256.
   * @default ['AES256']
   */
  readonly encryptionTypes?: string[];
}

/** The Oracle edition. */
export type OracleEdition = 'se2' | 'ee';

/** Oracle settings an engine carries, resolved from {@link HipaaOracleOptions}. */
export interface OracleSettings extends HipaaOracleOptions {
  readonly edition: OracleEdition;
}

/**
 * Oracle's audit: the traditional audit trail to OS files (which RDS exports as the `audit`
 * log) including SYS operations. `DB,EXTENDED` and `XML,EXTENDED` would copy SQL text and bind
 * values, PHI included, into the exported log, and `NONE` records nothing.
 */
export const ORACLE_AUDIT_PARAMETERS: Readonly<Record<string, string>> = {
  audit_trail: 'OS',
  audit_sys_operations: 'TRUE',
};

/** Throws a HipaaValidationError for an option that weakens transmission or at-rest security. */
export function validateOracleSettings(scope: IConstruct, settings: OracleSettings): void {
  const checksums = settings.checksumTypes ?? [...ORACLE_NNE_CHECKSUM_TYPES].reverse();
  const weakChecksum = checksums.find((c) => !(ORACLE_NNE_CHECKSUM_TYPES as readonly string[]).includes(String(c).toUpperCase()));
  if (weakChecksum !== undefined || checksums.length === 0) {
    throw new HipaaValidationError(scope, 'engine.checksumTypes', 'WEAKENS_SAFEGUARD', `checksumTypes has '${weakChecksum ?? '(none)'}'; Oracle Native ` +
      `Network Encryption integrity must use SHA-2 (${ORACLE_NNE_CHECKSUM_TYPES.join(', ')}): MD5 and SHA-1 are broken (§164.312(c)(1), (e)(2)(i)).`);
  }
  const ciphers = settings.encryptionTypes ?? [...ORACLE_NNE_ENCRYPTION_TYPES];
  const weakCipher = ciphers.find((c) => !(ORACLE_NNE_ENCRYPTION_TYPES as readonly string[]).includes(String(c).toUpperCase()));
  if (weakCipher !== undefined || ciphers.length === 0) {
    throw new HipaaValidationError(scope, 'engine.encryptionTypes', 'WEAKENS_SAFEGUARD', `encryptionTypes has '${weakCipher ?? '(none)'}'; Oracle Native ` +
      'Network Encryption must use AES256 (3DES, RC4 and shorter AES keys fall short of §164.312(e)(2)(ii)). Remove encryptionTypes.');
  }
  if (settings.transparentDataEncryption && settings.edition !== 'ee') {
    throw new HipaaValidationError(scope, 'engine.transparentDataEncryption', 'INCONSISTENT', 'transparentDataEncryption is true on Standard Edition 2; ' +
      'Oracle TDE is an Enterprise Edition option. Use HipaaDatabaseEngine.oracleEe(), or rely on the storage encryption with the customer-managed key.');
  }
  if (settings.edition === 'ee' && settings.licenseModel !== undefined && settings.licenseModel !== rds.LicenseModel.BRING_YOUR_OWN_LICENSE) {
    throw new HipaaValidationError(scope, 'engine.licenseModel', 'INVALID_VALUE', `licenseModel is '${settings.licenseModel}'; RDS for Oracle Enterprise ` +
      'Edition is bring-your-own-license only. Use rds.LicenseModel.BRING_YOUR_OWN_LICENSE.');
  }
}

/** Throws for an Oracle parameter that turns auditing off or writes SQL text into the audit log. */
export function validateOracleParameters(scope: IConstruct, parameters: Record<string, string>): void {
  for (const [name, required] of Object.entries(ORACLE_AUDIT_PARAMETERS)) {
    const value = parameters[name];
    if (value !== undefined && String(value).toUpperCase().replace(/\s/g, '') !== required) {
      throw new HipaaValidationError(scope, `parameters.${name}`, 'WEAKENS_SAFEGUARD', `parameters['${name}'] is '${value}'; it must stay '${required}': ` +
        'the audit trail goes to OS files that RDS exports to the encrypted audit log group, without SQL text or bind values, which can hold PHI. ' +
        'Remove it from parameters; HipaaDatabase sets it.');
    }
  }
}

/**
 * The option group of an Oracle instance: Native Network Encryption REQUIRED with AES-256 and
 * SHA-2 checksums, weak-crypto clients refused, and TDE when asked for (EE).
 */
export function oracleOptionGroup(scope: Construct, id: string, engine: rds.IInstanceEngine, settings: OracleSettings): rds.OptionGroup {
  const checksums = (settings.checksumTypes ?? [...ORACLE_NNE_CHECKSUM_TYPES].reverse()).map((c) => c.toUpperCase());
  const ciphers = (settings.encryptionTypes ?? [...ORACLE_NNE_ENCRYPTION_TYPES]).map((c) => c.toUpperCase());
  const configurations: rds.OptionConfiguration[] = [{
    name: 'NATIVE_NETWORK_ENCRYPTION',
    settings: {
      'SQLNET.ENCRYPTION_SERVER': 'REQUIRED',
      'SQLNET.ENCRYPTION_TYPES_SERVER': ciphers.join(','),
      'SQLNET.CRYPTO_CHECKSUM_SERVER': 'REQUIRED',
      'SQLNET.CRYPTO_CHECKSUM_TYPES_SERVER': checksums.join(','),
      // Clients (and servers) that still offer the deprecated algorithms are refused.
      'SQLNET.ALLOW_WEAK_CRYPTO': 'FALSE',
      'SQLNET.ALLOW_WEAK_CRYPTO_CLIENTS': 'FALSE',
    },
  }];
  if (settings.transparentDataEncryption) configurations.push({ name: 'TDE' });
  return new rds.OptionGroup(scope, id, {
    engine,
    description: `${scope.node.path}: Oracle Native Network Encryption REQUIRED (AES256, ${checksums.join('/')})` +
      (settings.transparentDataEncryption ? ', TDE' : ''),
    configurations,
  });
}
