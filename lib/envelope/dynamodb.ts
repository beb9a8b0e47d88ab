import * as crypto from 'crypto';
import { EncryptionContext } from './context';
import type { EnvelopeEncryptor } from './encryptor';
import { InvalidArgumentError, TamperedCiphertextError } from './errors';

/** Options of {@link encryptAttributes} and {@link decryptAttributes}. */
export interface AttributeEncryptionOptions {
  /** Attributes to encrypt (their values become binary ciphertext). */
  readonly encrypt: readonly string[];
  /** Encryption context, e.g. `{ table: 'records', tenant: 't1' }`; keep it per table or tenant so data keys are reused. */
  readonly context: EncryptionContext;
  /**
   * Plain attributes bound to the encrypted ones (their canonical hash is associated data):
   * changing any of them makes decryption fail.
   * @default - every attribute that is not encrypted
   */
  readonly sign?: readonly string[];
}

type Item = Record<string, unknown>;

/**
 * Encrypts the chosen attributes of a DynamoDB item (document form). Each
 * ciphertext is bound to its attribute name and to the hash of the signed
 * plain attributes, so moving a value to another attribute or item, or
 * editing a signed attribute, is detected at decryption.
 */
export async function encryptAttributes(encryptor: EnvelopeEncryptor, item: Item, options: AttributeEncryptionOptions): Promise<Item> {
  const signature = signedDigest(item, options);
  const out: Item = { ...item };
  for (const name of options.encrypt) {
    if (!(name in item)) continue;
    out[name] = await encryptor.encrypt(canonical(item[name]), options.context, { additionalData: bindTo(name, signature) });
  }
  return out;
}

/** Decrypts what {@link encryptAttributes} encrypted; throws TamperedCiphertextError if a signed attribute changed. */
export async function decryptAttributes(encryptor: EnvelopeEncryptor, item: Item, options: AttributeEncryptionOptions): Promise<Item> {
  const signature = signedDigest(item, options);
  const out: Item = { ...item };
  for (const name of options.encrypt) {
    if (!(name in item)) continue;
    const value = item[name];
    if (!(value instanceof Uint8Array)) throw new TamperedCiphertextError(`attribute '${name}' is not ciphertext`);
    const plaintext = await encryptor.decrypt(value, options.context, { additionalData: bindTo(name, signature) });
    out[name] = JSON.parse(Buffer.from(plaintext).toString('utf8'), revive);
  }
  return out;
}

function signedDigest(item: Item, options: AttributeEncryptionOptions): Buffer {
  const encrypted = new Set(options.encrypt);
  const names = (options.sign ?? Object.keys(item).filter((k) => !encrypted.has(k))).slice().sort();
  for (const name of names) {
    if (encrypted.has(name)) throw new InvalidArgumentError(`attribute '${name}' is both encrypted and signed; an attribute is one or the other.`);
  }
  // Names are included, so a missing attribute differs from one set to null.
  return crypto.createHash('sha256').update(canonical(Object.fromEntries(names.filter((n) => n in item).map((n) => [n, item[n]])))).digest();
}

function bindTo(name: string, signature: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`cdk-hipaa/ddb/v1\u0000${name}\u0000`, 'utf8'), signature]);
}

/** Deterministic JSON: sorted object keys, binary and sets tagged so they round-trip. */
export function canonical(value: unknown): string {
  return JSON.stringify(normalize(value));
}

function normalize(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $b: Buffer.from(value).toString('base64') };
  if (value instanceof Set) return { $s: [...value].map(normalize).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) };
  if (Array.isArray(value)) return value.map(normalize);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, normalize((value as Record<string, unknown>)[k])]));
  }
  if (typeof value === 'bigint') return { $n: value.toString() };
  if (value === undefined) throw new InvalidArgumentError('undefined is not a DynamoDB value.');
  return value;
}

function revive(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '$b') return new Uint8Array(Buffer.from(v.$b as string, 'base64'));
    if (keys.length === 1 && keys[0] === '$s') return new Set(v.$s as unknown[]);
    if (keys.length === 1 && keys[0] === '$n') return BigInt(v.$n as string);
  }
  return value;
}
