import { InvalidArgumentError, MalformedCiphertextError } from './errors';

/** Non-secret key-value pairs bound to a message (KMS encryption context and GCM associated data). */
export type EncryptionContext = Readonly<Record<string, string>>;

/** Most bytes an encoded context may take (the u16 count included); the parser allows no more than the encoder writes. */
export const MAX_CONTEXT_BYTES = 8192;

/** A lone UTF-16 surrogate: UTF-8 cannot encode it, so it would come back as U+FFFD and never match again. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Keys the AWS Encryption SDK reserves for itself (client-apis/encrypt.md: "The prefix `aws-crypto-`
 * is reserved for internal use by the AWS Encryption SDK; ... If the input encryption context
 * contains any entries with a key beginning with this prefix, the encryption operation MUST fail").
 * Other keys starting with `aws` are the caller's (AWS services put `aws:` keys in contexts they
 * write, and the SDKs accept them), so messages carrying them are written and read like any other.
 */
export const RESERVED_CONTEXT_PREFIX = 'aws-crypto-';

/** Throws unless the context is a flat map of non-empty string keys, none reserved, to string values. */
export function validateContext(context: EncryptionContext): void {
  if (context === null || typeof context !== 'object' || Array.isArray(context)) {
    throw new InvalidArgumentError('encryptionContext must be an object of string keys and string values.');
  }
  for (const [k, v] of Object.entries(context)) {
    if (k.length === 0) throw new InvalidArgumentError('encryptionContext has an empty key.');
    if (k.startsWith(RESERVED_CONTEXT_PREFIX)) {
      throw new InvalidArgumentError(`encryptionContext key '${k}' starts with '${RESERVED_CONTEXT_PREFIX}', which the AWS Encryption SDK reserves; use another key.`);
    }
    if (typeof v !== 'string') throw new InvalidArgumentError(`encryptionContext['${k}'] is a ${typeof v}; values must be strings.`);
    if (LONE_SURROGATE.test(k) || LONE_SURROGATE.test(v)) {
      throw new InvalidArgumentError('encryptionContext has a key or value with a lone UTF-16 surrogate, which UTF-8 cannot carry; pass well-formed strings.');
    }
  }
}

/**
 * The canonical bytes of a context: u16 count, then for each pair sorted by
 * key u16 length + key, u16 length + value (UTF-8). One context, one encoding,
 * so the header bytes authenticate it exactly.
 */
export function encodeContext(context: EncryptionContext): Buffer {
  const pairs = Object.keys(context).sort().map((k) => [Buffer.from(k, 'utf8'), Buffer.from(context[k], 'utf8')] as const);
  const size = 2 + pairs.reduce((n, [k, v]) => n + 4 + k.length + v.length, 0);
  if (size > MAX_CONTEXT_BYTES) throw new InvalidArgumentError(`encryptionContext encodes to ${size} bytes; the limit is ${MAX_CONTEXT_BYTES}.`);
  const out = Buffer.allocUnsafe(size);
  let o = out.writeUInt16BE(pairs.length, 0);
  for (const [k, v] of pairs) {
    o = out.writeUInt16BE(k.length, o); o += k.copy(out, o);
    o = out.writeUInt16BE(v.length, o); o += v.copy(out, o);
  }
  return out;
}

/** Parses canonical context bytes, rejecting any non-canonical encoding. */
export function decodeContext(bytes: Buffer): EncryptionContext {
  const context: Record<string, string> = {};
  let o = 0;
  const need = (n: number) => { if (o + n > bytes.length) throw new MalformedCiphertextError('encryption context overruns its length'); };
  need(2);
  const count = bytes.readUInt16BE(o); o += 2;
  let previous: string | undefined;
  for (let i = 0; i < count; i++) {
    need(2); const kl = bytes.readUInt16BE(o); o += 2; need(kl);
    const k = utf8(bytes.subarray(o, o + kl)); o += kl;
    need(2); const vl = bytes.readUInt16BE(o); o += 2; need(vl);
    const v = utf8(bytes.subarray(o, o + vl)); o += vl;
    if (previous !== undefined && !(previous < k)) throw new MalformedCiphertextError('encryption context keys are not in canonical order');
    previous = k;
    // defineProperty: a key named __proto__ is data, not a prototype change that would drop it.
    Object.defineProperty(context, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  if (o !== bytes.length) throw new MalformedCiphertextError('encryption context has trailing bytes');
  return context;
}

const decoder = new TextDecoder('utf-8', { fatal: true });
function utf8(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new MalformedCiphertextError('encryption context is not valid UTF-8');
  }
}

/** True when both contexts hold exactly the same pairs. */
export function sameContext(a: EncryptionContext, b: EncryptionContext): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k]);
}

/** A map key for a context (the canonical bytes as a string). */
export function contextCacheKey(encoded: Buffer): string {
  return encoded.toString('latin1');
}
