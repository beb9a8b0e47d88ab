import * as crypto from 'crypto';
import { canonical, fromCanonical } from './canonical';
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
   * Plain attributes bound to the encrypted ones (their typed canonical hash is associated data):
   * changing, adding or removing any of them makes decryption fail.
   * @default - every attribute that is neither encrypted nor the metadata attribute
   */
  readonly sign?: readonly string[];
  /**
   * Name of the binary attribute that records, per write, a random write id and the names of
   * the encrypted attributes. Every ciphertext is bound to it, so an encrypted attribute cannot
   * be removed, nor mixed with one from another write or item, without decryption failing.
   * @default 'cdk_hipaa_enc'
   */
  readonly metadataAttribute?: string;
}

type Item = Record<string, unknown>;

const DEFAULT_METADATA_ATTRIBUTE = 'cdk_hipaa_enc';
/**
 * Metadata version 3: every encrypted attribute and the item authenticator is an AWS Encryption
 * SDK message whose plaintext starts with its 32-byte binding. Version 2 (format-1 messages bound
 * by associated data) is still read; version 1 (no item authenticator) is refused.
 */
const METADATA_VERSION = 3;
const LEGACY_METADATA_VERSION = 2;
const WRITE_ID_LENGTH = 16;
const BINDING_LENGTH = 32;
const DOMAIN = Buffer.from('cdk-hipaa/ddb/v2\u0000', 'utf8');
// Differs from DOMAIN at the byte after 'v2', so no attribute binding equals an item binding.
const ITEM_DOMAIN = Buffer.from('cdk-hipaa/ddb/v2/item\u0000', 'utf8');

/**
 * Encrypts the chosen attributes of a DynamoDB item (document form) and adds the metadata
 * attribute. Each encrypted attribute is an AWS Encryption SDK message (under `options.context`,
 * so one cached data key serves many items) whose plaintext is its 32-byte binding followed by
 * the typed canonical JSON of the value. The binding is SHA-256 over the attribute name, the
 * metadata (this write's random id and the full list of encrypted names) and the typed canonical
 * hash of the signed plain attributes; it is authenticated with the value and compared on read.
 */
export async function encryptAttributes(encryptor: EnvelopeEncryptor, item: Item, options: AttributeEncryptionOptions): Promise<Item> {
  const metaName = metadataName(options);
  if (Object.prototype.hasOwnProperty.call(item, metaName)) {
    throw new InvalidArgumentError(`the item already has the metadata attribute '${metaName}'; it is written by encryptAttributes (set metadataAttribute to another name if the table uses it).`);
  }
  const names = [...new Set(options.encrypt)].filter((n) => Object.prototype.hasOwnProperty.call(item, n)).sort();
  const header = encodeMetadata(METADATA_VERSION, crypto.randomBytes(WRITE_ID_LENGTH), names);
  const signature = signedDigest(item, options, metaName);
  // The item authenticator is checked on every read, so an item whose encrypted attributes
  // were all stripped (and its list forged to none) cannot pass with changed plain attributes.
  const authenticator = await encryptor.encrypt(digest(itemBinding(header, signature, options)), options.context);
  const out: Item = { ...item, [metaName]: new Uint8Array(Buffer.concat([header, authenticator])) };
  for (const name of names) {
    const plaintext = Buffer.concat([digest(bindTo(name, header, signature)), Buffer.from(canonical(item[name]), 'utf8')]);
    out[name] = await encryptor.encrypt(plaintext, options.context);
  }
  return out;
}

/**
 * Decrypts what {@link encryptAttributes} encrypted (metadata version 3, or version 2 of earlier
 * releases) and removes the metadata attribute. Throws TamperedCiphertextError if the metadata is
 * missing or changed, an encrypted attribute is missing, added or from another write or item, or
 * a signed attribute changed.
 */
export async function decryptAttributes(encryptor: EnvelopeEncryptor, item: Item, options: AttributeEncryptionOptions): Promise<Item> {
  const metaName = metadataName(options);
  const metadata = item[metaName];
  if (!(metadata instanceof Uint8Array)) throw new TamperedCiphertextError(`the item has no binary metadata attribute '${metaName}'`);
  const { version, names, header, authenticator } = decodeMetadata(metadata);
  const expected = new Set(options.encrypt);
  // Names from the item are attacker-controlled: compared, never echoed.
  if (names.some((n) => !expected.has(n))) throw new TamperedCiphertextError('the item lists an encrypted attribute that options.encrypt does not name');
  for (const name of expected) {
    const listed = names.includes(name);
    const present = Object.prototype.hasOwnProperty.call(item, name);
    if (listed && !present) throw new TamperedCiphertextError(`encrypted attribute '${name}' was removed from the item`);
    if (!listed && present) throw new TamperedCiphertextError(`attribute '${name}' was not encrypted with this item`);
  }
  const signature = signedDigest(item, options, metaName);
  const open = async (ciphertext: Uint8Array, binding: Buffer): Promise<Buffer> => {
    if (version === LEGACY_METADATA_VERSION) {
      // Format-1 messages bound by associated data; anything else in a version-2 item is foreign.
      if (ciphertext[0] !== 1) throw new TamperedCiphertextError('a version-2 item holds a message of another format');
      return Buffer.from(await encryptor.decrypt(ciphertext, options.context, { additionalData: binding }));
    }
    const plaintext = Buffer.from(await encryptor.decrypt(ciphertext, options.context));
    if (plaintext.length < BINDING_LENGTH || !crypto.timingSafeEqual(plaintext.subarray(0, BINDING_LENGTH), digest(binding))) {
      plaintext.fill(0);
      throw new TamperedCiphertextError('an encrypted attribute is bound to another name, write, item or signed attributes');
    }
    return plaintext.subarray(BINDING_LENGTH);
  };
  // Checked whatever the list holds (even none): binds the list, the write id, the signed
  // attributes and the writer's options.encrypt, which must equal the reader's.
  const rest = await open(authenticator, itemBinding(header, signature, options));
  if (rest.length !== 0) throw new TamperedCiphertextError('the item authenticator is malformed');
  const out: Item = { ...item };
  delete out[metaName];
  for (const name of names) {
    const value = item[name];
    if (!(value instanceof Uint8Array)) throw new TamperedCiphertextError(`attribute '${name}' is not ciphertext`);
    out[name] = fromCanonical((await open(value, bindTo(name, header, signature))).toString('utf8'));
  }
  return out;
}

function digest(bytes: Buffer): Buffer {
  return crypto.createHash('sha256').update(bytes).digest();
}

function metadataName(options: AttributeEncryptionOptions): string {
  const name = options.metadataAttribute ?? DEFAULT_METADATA_ATTRIBUTE;
  if (typeof name !== 'string' || name.length === 0) throw new InvalidArgumentError(`metadataAttribute is '${String(name)}'; use a non-empty attribute name.`);
  if (options.encrypt.includes(name) || options.sign?.includes(name)) {
    throw new InvalidArgumentError(`metadataAttribute '${name}' is also in encrypt or sign; it holds the encryption metadata and must be a name of its own.`);
  }
  return name;
}

/**
 * Header: u8 version (3; 2 read) | 16-byte write id | u16 count | (u16 length + UTF-8 name) per encrypted
 * attribute, sorted. The stored attribute is the header followed by the item authenticator.
 */
function encodeMetadata(version: number, writeId: Buffer, names: readonly string[]): Buffer {
  const encoded = names.map((n) => Buffer.from(n, 'utf8'));
  const out = Buffer.alloc(1 + WRITE_ID_LENGTH + 2 + encoded.reduce((s, n) => s + 2 + n.length, 0));
  let o = out.writeUInt8(version, 0);
  o += writeId.copy(out, o);
  o = out.writeUInt16BE(encoded.length, o);
  for (const n of encoded) {
    o = out.writeUInt16BE(n.length, o);
    o += n.copy(out, o);
  }
  return out;
}

interface Metadata {
  readonly version: number;
  readonly names: string[];
  readonly header: Buffer;
  readonly authenticator: Buffer;
}

function decodeMetadata(bytes: Uint8Array): Metadata {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bad = () => new TamperedCiphertextError('the metadata attribute is malformed');
  if (b.length >= 1 && b[0] === 1) throw new TamperedCiphertextError('the metadata attribute has version 1, which had no item authenticator; re-encrypt the item');
  if (b.length < 1 + WRITE_ID_LENGTH + 2 || (b[0] !== METADATA_VERSION && b[0] !== LEGACY_METADATA_VERSION)) throw bad();
  let o = 1 + WRITE_ID_LENGTH;
  const count = b.readUInt16BE(o); o += 2;
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (o + 2 > b.length) throw bad();
    const length = b.readUInt16BE(o); o += 2;
    if (o + length > b.length) throw bad();
    names.push(b.toString('utf8', o, o + length)); o += length;
  }
  if (o === b.length) throw new TamperedCiphertextError('the metadata attribute has no item authenticator');
  // Strictly increasing order, as written: one list has one encoding.
  if (names.some((n, i) => i > 0 && !(names[i - 1] < n))) throw bad();
  return { version: b[0], names, header: b.subarray(0, o), authenticator: b.subarray(o) };
}

function signedDigest(item: Item, options: AttributeEncryptionOptions, metaName: string): Buffer {
  const encrypted = new Set(options.encrypt);
  const names = (options.sign ?? Object.keys(item).filter((k) => !encrypted.has(k) && k !== metaName)).slice().sort();
  for (const name of names) {
    if (encrypted.has(name)) throw new InvalidArgumentError(`attribute '${name}' is both encrypted and signed; an attribute is one or the other.`);
  }
  // Names are included, so a missing attribute differs from one set to null; values carry their DynamoDB type.
  const signed = Object.fromEntries(names.filter((n) => Object.prototype.hasOwnProperty.call(item, n)).map((n) => [n, item[n]]));
  return crypto.createHash('sha256').update(canonical(signed)).digest();
}

/**
 * Associated data of the item authenticator: item domain | u32 length + header | signed digest |
 * canonical sorted unique options.encrypt (so a reader expecting other encrypted names fails).
 */
function itemBinding(header: Buffer, signature: Buffer, options: AttributeEncryptionOptions): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length, 0);
  const expected = Buffer.from(canonical([...new Set(options.encrypt)].sort()));
  return Buffer.concat([ITEM_DOMAIN, length, header, signature, expected]);
}

/** Associated data of one attribute: domain | u16 length + name | u32 length + header | signed digest. */
function bindTo(name: string, metadata: Uint8Array, signature: Buffer): Buffer {
  const n = Buffer.from(name, 'utf8');
  const head = Buffer.alloc(2 + n.length + 4);
  head.writeUInt16BE(n.length, 0);
  n.copy(head, 2);
  head.writeUInt32BE(metadata.length, 2 + n.length);
  return Buffer.concat([DOMAIN, head, metadata, signature]);
}
