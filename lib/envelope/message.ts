import { EncryptionContext, validateContext } from './context';
import { InvalidArgumentError, MalformedCiphertextError, NonCommittingSuiteError, TruncatedCiphertextError, UnsupportedVersionError } from './errors';

/**
 * The AWS Encryption SDK message format, version 2 (aws-encryption-sdk-specification,
 * data-format/message-header.md, message-body.md, message-body-aad.md, message-footer.md).
 * All integers big-endian.
 *
 *   header body: u8 version (2) | u16 algorithm suite id | 32-byte message id
 *                | u16 length + encryption context (absent pairs when empty)
 *                | u16 count + encrypted data keys (u16+provider id, u16+provider info, u16+ciphertext)
 *                | u8 content type (2 framed, 1 non-framed) | u32 frame length
 *                | 32-byte commitment key (the suite data of the committing suites)
 *   header auth: 16-byte AES-GCM tag over the header body (IV all zero, empty plaintext)
 *   body:        regular frames  u32 seq | 12-byte IV | frame length bytes | 16-byte tag
 *                final frame     0xffffffff | u32 seq | IV | u32 length | content | tag
 *   footer:      u16 length + DER ECDSA signature (signed suites only)
 */
export const ESDK_VERSION = 2;
/** The message format `encrypt` writes: AWS Encryption SDK message format version 2. */
export const FORMAT_VERSION = ESDK_VERSION;
/** ALG_AES256_GCM_HKDF_SHA512_COMMIT_KEY: key-committing, no signature (what we write). */
export const SUITE_COMMIT = 0x0478;
/** ALG_AES256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384: the SDK's default (read, signature verified). */
export const SUITE_COMMIT_ECDSA_P384 = 0x0578;
/** The version byte of format 1.0 and its only type byte: every suite of that version is non-committing. */
const ESDK_V1_VERSION = 1;
const ESDK_V1_TYPE = 0x80;
export const MESSAGE_ID_LENGTH = 32;
export const COMMIT_KEY_LENGTH = 32;
export const IV_LENGTH = 12;
export const TAG_LENGTH = 16;
export const CONTENT_FRAMED = 2;
export const CONTENT_NON_FRAMED = 1;
export const FINAL_FRAME_MARK = 0xffffffff;
/** The KMS keyring's provider id; its provider info is the key ARN (framework/aws-kms/aws-kms-keyring.md). */
export const KMS_PROVIDER_ID = 'aws-kms';
/** Encryption context key of the signed suites: base64 of the compressed ECDSA public key. */
export const PUBLIC_KEY_CONTEXT_KEY = 'aws-crypto-public-key';
/**
 * Most encrypted data keys a header may list. The format allows 65535, each up to 3 x 64 KiB:
 * a reader that accepted them all could be made to buffer gigabytes before any check.
 */
export const MAX_ENCRYPTED_DATA_KEYS = 64;
/** Largest header a reader buffers (a stream waits for at most this many bytes). */
export const MAX_HEADER_BYTES = 1024 * 1024;

const FRAME_AAD = Buffer.from('AWSKMSEncryptionClient Frame', 'utf8');
const FINAL_FRAME_AAD = Buffer.from('AWSKMSEncryptionClient Final Frame', 'utf8');
const SINGLE_BLOCK_AAD = Buffer.from('AWSKMSEncryptionClient Single Block', 'utf8');
/** IV of the header authentication tag in format 2: all zero (frame IVs carry a sequence number >= 1). */
export const HEADER_AUTH_IV = Buffer.alloc(IV_LENGTH);

/** True for the committing suites this library reads. */
export function isCommittingSuite(suite: number): boolean {
  return suite === SUITE_COMMIT || suite === SUITE_COMMIT_ECDSA_P384;
}

export function isSignedSuite(suite: number): boolean {
  return suite === SUITE_COMMIT_ECDSA_P384;
}

/** One encrypted data key of a header. */
export interface EncryptedDataKey {
  readonly providerId: string;
  readonly providerInfo: Buffer;
  readonly ciphertext: Buffer;
}

/** A parsed format-2 header. Buffers are views into the message. */
export interface EsdkHeader {
  readonly suite: number;
  readonly messageId: Buffer;
  /** The serialized key-value pairs (without their u16 length): what KMS and the cache key see. */
  readonly contextBytes: Buffer;
  readonly context: EncryptionContext;
  readonly dataKeys: readonly EncryptedDataKey[];
  readonly contentType: number;
  readonly frameLength: number;
  readonly commitKey: Buffer;
  /** The header body (everything the header tag authenticates). */
  readonly body: Buffer;
  readonly tag: Buffer;
  /** Offset of the first byte after the header tag. */
  readonly end: number;
}

/**
 * Serializes an encryption context as format 2 does: u16 length, then (when not empty) u16 count
 * and the pairs sorted by the UTF-8 bytes of their keys (framework/structures.md#serialization).
 * Validates the context first; throws above `limit` bytes of pairs.
 */
export function encodeEsdkContext(context: EncryptionContext, limit = 0xffff): Buffer {
  validateContext(context);
  const pairs = Object.keys(context).map((k) => [Buffer.from(k, 'utf8'), Buffer.from(context[k], 'utf8')] as const);
  pairs.sort((a, b) => Buffer.compare(a[0], b[0]));
  const pairsLength = pairs.length === 0 ? 0 : 2 + pairs.reduce((n, [k, v]) => n + 4 + k.length + v.length, 0);
  if (pairsLength > limit) throw new InvalidArgumentError(`encryptionContext encodes to ${pairsLength} bytes; the limit is ${limit}.`);
  const out = Buffer.allocUnsafe(2 + pairsLength);
  let o = out.writeUInt16BE(pairsLength, 0);
  if (pairs.length > 0) o = out.writeUInt16BE(pairs.length, o);
  for (const [k, v] of pairs) {
    if (k.length > 0xffff || v.length > 0xffff) throw new InvalidArgumentError('an encryptionContext key or value is longer than 65535 bytes.');
    o = out.writeUInt16BE(k.length, o); o += k.copy(out, o);
    o = out.writeUInt16BE(v.length, o); o += v.copy(out, o);
  }
  return out;
}

/** The encrypted-data-keys section: u16 count, then each key's three length-prefixed fields. */
export function encodeDataKeys(keys: readonly EncryptedDataKey[]): Buffer {
  const parts: Buffer[] = [u16(keys.length)];
  for (const key of keys) {
    const id = Buffer.from(key.providerId, 'utf8');
    for (const field of [id, key.providerInfo, key.ciphertext]) {
      if (field.length > 0xffff) throw new InvalidArgumentError('an encrypted data key field is longer than 65535 bytes.');
      parts.push(u16(field.length), field);
    }
  }
  return Buffer.concat(parts);
}

/**
 * The header body of a message. `keyring` is the encoded context followed by the encoded data keys
 * (the part a cached data key shares across messages); the rest is per message.
 */
export function encodeHeaderBody(suite: number, messageId: Buffer, keyring: Buffer, frameLength: number, commitKey: Buffer): Buffer {
  const out = Buffer.allocUnsafe(3 + MESSAGE_ID_LENGTH + keyring.length + 5 + COMMIT_KEY_LENGTH);
  let o = out.writeUInt8(ESDK_VERSION, 0);
  o = out.writeUInt16BE(suite, o);
  o += messageId.copy(out, o);
  o += keyring.copy(out, o);
  o = out.writeUInt8(CONTENT_FRAMED, o);
  o = out.writeUInt32BE(frameLength, o);
  commitKey.copy(out, o);
  return out;
}

/**
 * Which format a message is in, from its first two bytes: 'esdk' (format 2), 'v1' (our own format
 * before it), or a typed error for format 1.0 of the SDK (non-committing suites only) and anything else.
 */
export function detectFormat(bytes: Buffer): 'esdk' | 'v1' {
  if (bytes.length < 2) throw new TruncatedCiphertextError('ends before the version');
  const version = bytes[0];
  if (version === ESDK_VERSION) return 'esdk';
  if (version === ESDK_V1_VERSION && bytes[1] === ESDK_V1_TYPE) {
    throw new NonCommittingSuiteError(bytes.length >= 4 ? bytes.readUInt16BE(2) : undefined);
  }
  if (version === 1) return 'v1';
  throw new UnsupportedVersionError(version);
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The header ends inside a field: `needed` is how many bytes the parser must have to read past it,
 * so a stream waits for that many instead of parsing the whole prefix again on every chunk.
 */
export class IncompleteHeaderError extends TruncatedCiphertextError {
  constructor(what: string, public readonly needed: number) {
    super(`ends inside the ${what}`);
  }
}

/**
 * Parses a format-2 header (body and tag) at the start of `bytes`. Throws IncompleteHeaderError
 * when `bytes` ends inside it (a stream waits for more), MalformedCiphertextError on any value the
 * specification does not allow, NonCommittingSuiteError / UnsupportedVersionError for suites and
 * versions not read. Nothing here is authenticated yet: the caller checks the commitment and the tag.
 */
export function parseEsdkHeader(bytes: Buffer): EsdkHeader {
  let o = 0;
  const need = (n: number, what: string) => {
    if (o + n > bytes.length) {
      if (o + n > MAX_HEADER_BYTES) throw new MalformedCiphertextError(`the header is longer than ${MAX_HEADER_BYTES} bytes`);
      throw new IncompleteHeaderError(what, o + n);
    }
  };
  need(3, 'version and algorithm suite');
  if (bytes[0] !== ESDK_VERSION) throw new UnsupportedVersionError(bytes[0]);
  const suite = bytes.readUInt16BE(1); o = 3;
  if (!isCommittingSuite(suite)) throw new NonCommittingSuiteError(suite);
  need(MESSAGE_ID_LENGTH, 'message id');
  const messageId = bytes.subarray(o, o + MESSAGE_ID_LENGTH); o += MESSAGE_ID_LENGTH;
  need(2, 'encryption context length');
  const pairsLength = bytes.readUInt16BE(o); o += 2;
  need(pairsLength, 'encryption context');
  const contextBytes = bytes.subarray(o, o + pairsLength); o += pairsLength;
  const context = decodeEsdkContext(contextBytes);
  need(2, 'encrypted data key count');
  const count = bytes.readUInt16BE(o); o += 2;
  if (count === 0) throw new MalformedCiphertextError('the header has no encrypted data key');
  if (count > MAX_ENCRYPTED_DATA_KEYS) throw new MalformedCiphertextError(`the header lists ${count} encrypted data keys; at most ${MAX_ENCRYPTED_DATA_KEYS} are read`);
  const field = (what: string): Buffer => {
    need(2, `${what} length`);
    const length = bytes.readUInt16BE(o); o += 2;
    need(length, what);
    const value = bytes.subarray(o, o + length); o += length;
    return value;
  };
  const dataKeys: EncryptedDataKey[] = [];
  for (let i = 0; i < count; i++) {
    const providerId = utf8(field('key provider id'), 'key provider id');
    dataKeys.push({ providerId, providerInfo: field('key provider info'), ciphertext: field('encrypted data key') });
  }
  need(5, 'content type and frame length');
  const contentType = bytes[o]; o += 1;
  const frameLength = bytes.readUInt32BE(o); o += 4;
  if (contentType === CONTENT_FRAMED) {
    if (frameLength === 0) throw new MalformedCiphertextError('framed content with frame length 0');
  } else if (contentType === CONTENT_NON_FRAMED) {
    if (frameLength !== 0) throw new MalformedCiphertextError('non-framed content with a frame length');
  } else {
    throw new MalformedCiphertextError(`content type ${contentType}`);
  }
  need(COMMIT_KEY_LENGTH, 'commitment key');
  const commitKey = bytes.subarray(o, o + COMMIT_KEY_LENGTH); o += COMMIT_KEY_LENGTH;
  const body = bytes.subarray(0, o);
  need(TAG_LENGTH, 'header authentication tag');
  const tag = bytes.subarray(o, o + TAG_LENGTH); o += TAG_LENGTH;
  return { suite, messageId, contextBytes, context, dataKeys, contentType, frameLength, commitKey, body, tag, end: o };
}

/** Parses serialized key-value pairs: count > 0, keys strictly increasing by UTF-8 bytes (so no duplicates), no trailing bytes. */
export function decodeEsdkContext(bytes: Buffer): EncryptionContext {
  const context: Record<string, string> = {};
  if (bytes.length === 0) return context;
  let o = 0;
  const need = (n: number) => { if (o + n > bytes.length) throw new MalformedCiphertextError('encryption context overruns its length'); };
  need(2);
  const count = bytes.readUInt16BE(o); o += 2;
  if (count === 0) throw new MalformedCiphertextError('encryption context with a length but no pairs');
  let previous: Buffer | undefined;
  for (let i = 0; i < count; i++) {
    need(2); const kl = bytes.readUInt16BE(o); o += 2; need(kl);
    const kb = bytes.subarray(o, o + kl); o += kl;
    need(2); const vl = bytes.readUInt16BE(o); o += 2; need(vl);
    const v = utf8(bytes.subarray(o, o + vl), 'encryption context'); o += vl;
    if (previous !== undefined && Buffer.compare(previous, kb) >= 0) {
      throw new MalformedCiphertextError('encryption context keys are duplicated or not sorted');
    }
    previous = kb;
    // defineProperty: a key named __proto__ is data, not a prototype change that would drop it.
    Object.defineProperty(context, utf8(kb, 'encryption context'), { value: v, enumerable: true, writable: true, configurable: true });
  }
  if (o !== bytes.length) throw new MalformedCiphertextError('encryption context has trailing bytes');
  return context;
}

/**
 * Associated data of one frame (message-body-aad.md): message id | content string |
 * u32 sequence number | u64 plaintext length of this frame.
 */
export function bodyAad(messageId: Buffer, kind: 'frame' | 'final' | 'single', seq: number, length: number): Buffer {
  const label = kind === 'frame' ? FRAME_AAD : kind === 'final' ? FINAL_FRAME_AAD : SINGLE_BLOCK_AAD;
  const out = Buffer.allocUnsafe(messageId.length + label.length + 12);
  let o = messageId.copy(out, 0);
  o += label.copy(out, o);
  o = out.writeUInt32BE(seq, o);
  out.writeBigUInt64BE(BigInt(length), o);
  return out;
}

/** The IV of frame `seq` as we write it: eight zero bytes and the u32 sequence number (unique in the message). */
export function frameIv(seq: number): Buffer {
  const iv = Buffer.alloc(IV_LENGTH);
  iv.writeUInt32BE(seq, IV_LENGTH - 4);
  return iv;
}

function u16(n: number): Buffer {
  const b = Buffer.allocUnsafe(2);
  b.writeUInt16BE(n, 0);
  return b;
}

function utf8(bytes: Uint8Array, what: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new MalformedCiphertextError(`${what} is not valid UTF-8`);
  }
}
