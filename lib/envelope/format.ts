import { MalformedCiphertextError, TruncatedCiphertextError, UnsupportedVersionError } from './errors';

/**
 * Version 1 of the self-describing ciphertext, all integers big-endian:
 *
 *   u8 version (1) | u8 type (1 message, 2 stream)
 *   u16 length + KMS key ARN (UTF-8)
 *   u16 length + wrapped data key (KMS ciphertext blob)
 *   u16 length + encryption context (canonical, see context.ts)
 *   32 bytes key commitment
 *   message: 12-byte IV | AES-256-GCM ciphertext | 16-byte tag
 *   stream:  32-byte stream nonce | u32 frame size | frames
 *            frame: u8 final flag | u32 length | ciphertext | 16-byte tag
 *
 * The header (everything before the ciphertext) is GCM associated data, so
 * the key id, wrapped key and context cannot be changed without detection.
 */
export const FORMAT_VERSION = 1;
export const MESSAGE_TYPE = 1;
export const STREAM_TYPE = 2;
export const IV_LENGTH = 12;
export const TAG_LENGTH = 16;
export const COMMITMENT_LENGTH = 32;
export const STREAM_NONCE_LENGTH = 32;
const MAX_ARN_BYTES = 2048;
const MAX_WRAPPED_KEY_BYTES = 1024;
const MAX_CONTEXT_BYTES = 8192 + 2;

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
  let o = out.writeUInt8(FORMAT_VERSION, 0);
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
  const version = bytes.readUInt8(o++);
  if (version !== FORMAT_VERSION) throw new UnsupportedVersionError(version);
  const type = bytes.readUInt8(o++);
  if (type !== MESSAGE_TYPE && type !== STREAM_TYPE) throw new MalformedCiphertextError(`unknown message type ${type}`);
  if (expectedType !== undefined && type !== expectedType) {
    throw new MalformedCiphertextError(type === STREAM_TYPE ? 'this is a stream; use decryptStream' : 'this is a single message; use decrypt');
  }
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
