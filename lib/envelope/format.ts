import { MAX_CONTEXT_BYTES } from './context';
import { MalformedCiphertextError, TruncatedCiphertextError, UnsupportedVersionError } from './errors';

/**
 * Version 1 of our own self-describing ciphertext, written by releases before the AWS
 * Encryption SDK format (message.ts) and now read only, all integers big-endian:
 *
 *   u8 version (1) | u8 type (1 message, 3 stream)
 *   u16 length + KMS key ARN (UTF-8)
 *   u16 length + wrapped data key (KMS ciphertext blob)
 *   u16 length + encryption context (canonical, see context.ts)
 *   32 bytes key commitment
 *   message: 12-byte IV | AES-256-GCM ciphertext | 16-byte tag
 *   stream:  32-byte stream nonce | u32 frame size | 16-byte header tag | frames
 *            frame: u8 final flag | u32 length | ciphertext | 16-byte tag
 *
 * The header (everything before the ciphertext) is GCM associated data, so
 * the key id, wrapped key and context cannot be changed without detection.
 * A stream's header has a tag of its own (GCM, empty plaintext, under the
 * stream key), checked before its frame size is trusted. Type 2 was a
 * pre-release stream without that tag; it is refused.
 */
/** Our own format before the AWS Encryption SDK's; read, never written. */
export const V1_FORMAT_VERSION = 1;
export const MESSAGE_TYPE = 1;
export const STREAM_TYPE = 3;
const PRE_RELEASE_STREAM_TYPE = 2;
export const IV_LENGTH = 12;
export const TAG_LENGTH = 16;
export const COMMITMENT_LENGTH = 32;
export const STREAM_NONCE_LENGTH = 32;
const MAX_ARN_BYTES = 2048;
const MAX_WRAPPED_KEY_BYTES = 1024;
/** Bytes after the common header of a stream: nonce, u32 frame size, header tag. */
export const STREAM_HEADER_TAIL = STREAM_NONCE_LENGTH + 4 + TAG_LENGTH;

/** Checks the first two bytes (present in `bytes`); returns the type. */
function checkVersionAndType(bytes: Buffer, expectedType: number | undefined): number {
  const version = bytes.readUInt8(0);
  if (version !== V1_FORMAT_VERSION) throw new UnsupportedVersionError(version);
  const type = bytes.readUInt8(1);
  if (type === PRE_RELEASE_STREAM_TYPE) throw new MalformedCiphertextError('stream of the pre-release format without an authenticated header (type 2); it is not read');
  if (type !== MESSAGE_TYPE && type !== STREAM_TYPE) throw new MalformedCiphertextError(`unknown message type ${type}`);
  if (expectedType !== undefined && type !== expectedType) {
    throw new MalformedCiphertextError(type === STREAM_TYPE ? 'this is a stream; use decryptStream' : 'this is a single message; use decrypt');
  }
  return type;
}

/** The parsed common header. */
export interface Header {
  readonly type: number;
  readonly keyArn: string;
  readonly wrappedKey: Buffer;
  readonly context: Buffer;
  readonly commitment: Buffer;
  /** Offset of the first byte after the commitment. */
  readonly end: number;
}

/** Encodes everything up to and including the commitment. */
export function encodeHeader(type: number, keyArn: string, wrappedKey: Uint8Array, context: Buffer, commitment: Buffer): Buffer {
  const arn = Buffer.from(keyArn, 'utf8');
  const out = Buffer.allocUnsafe(2 + 2 + arn.length + 2 + wrappedKey.length + 2 + context.length + COMMITMENT_LENGTH);
  let o = out.writeUInt8(V1_FORMAT_VERSION, 0);
  o = out.writeUInt8(type, o);
  o = out.writeUInt16BE(arn.length, o); o += arn.copy(out, o);
  o = out.writeUInt16BE(wrappedKey.length, o); out.set(wrappedKey, o); o += wrappedKey.length;
  o = out.writeUInt16BE(context.length, o); o += context.copy(out, o);
  commitment.copy(out, o);
  return out;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses the common header. Throws TruncatedCiphertextError when `bytes` ends
 * inside it (a stream waits for more), MalformedCiphertextError on bad values.
 */
export function parseHeader(bytes: Buffer, expectedType?: number): Header {
  let o = 0;
  const need = (n: number, what: string) => {
    if (o + n > bytes.length) throw new TruncatedCiphertextError(`ends inside the ${what}`);
  };
  need(2, 'version and type');
  const type = checkVersionAndType(bytes, expectedType);
  o += 2;
  const field = (what: string, max: number): Buffer => {
    need(2, `${what} length`);
    const length = bytes.readUInt16BE(o); o += 2;
    if (length === 0 || length > max) throw new MalformedCiphertextError(`${what} length ${length} is out of range`);
    need(length, what);
    const value = bytes.subarray(o, o + length); o += length;
    return value;
  };
  const arnBytes = field('key ARN', MAX_ARN_BYTES);
  let keyArn: string;
  try {
    keyArn = decoder.decode(arnBytes);
  } catch {
    throw new MalformedCiphertextError('key ARN is not UTF-8');
  }
  if (!keyArn.startsWith('arn:')) throw new MalformedCiphertextError('key id is not an ARN');
  const wrappedKey = field('wrapped data key', MAX_WRAPPED_KEY_BYTES);
  const context = field('encryption context', MAX_CONTEXT_BYTES);
  need(COMMITMENT_LENGTH, 'key commitment');
  const commitment = bytes.subarray(o, o + COMMITMENT_LENGTH); o += COMMITMENT_LENGTH;
  return { type, keyArn, wrappedKey, context, commitment, end: o };
}

/**
 * How long a stream header is, from a prefix of it: `complete` with the total
 * length once all three length fields are in `prefix`, else the prefix length
 * needed to learn the next one. Out-of-range lengths are refused here, so a
 * reader never waits for more than one well-formed header.
 */
export function streamHeaderLength(prefix: Buffer): { complete: boolean; need: number } {
  if (prefix.length < 2) return { complete: false, need: 2 };
  checkVersionAndType(prefix, STREAM_TYPE);
  let need = 2;
  for (const max of [MAX_ARN_BYTES, MAX_WRAPPED_KEY_BYTES, MAX_CONTEXT_BYTES]) {
    if (prefix.length < need + 2) return { complete: false, need: need + 2 };
    const length = prefix.readUInt16BE(need);
    if (length === 0 || length > max) throw new MalformedCiphertextError(`header field length ${length} is out of range`);
    need += 2 + length;
  }
  return { complete: true, need: need + COMMITMENT_LENGTH + STREAM_HEADER_TAIL };
}
