import { InvalidArgumentError } from './errors';

/** Bounds of the data-key caches. */
export interface EnvelopeCacheOptions {
  /**
   * How long a data key is used (and an unwrapped key kept), in milliseconds. Keys also
   * leave memory when they expire while nobody uses them: an unref'd timer (it never keeps
   * the process alive) sweeps expired entries.
   * @default 300000 (5 minutes)
   */
  readonly maxAgeMs?: number;
  /**
   * Messages encrypted under one data key. With random 96-bit IVs NIST SP 800-38D
   * allows at most 2^32 per key; the default stays far below.
   * @default 2 ** 20
   */
  readonly maxMessages?: number;
  /**
   * Plaintext bytes encrypted under one data key.
   * @default 2 ** 34 (16 GiB)
   */
  readonly maxBytes?: number;
  /**
   * Distinct encryption contexts (and unwrapped keys) kept at once; the least recently used goes first.
   * @default 1000
   */
  readonly maxEntries?: number;
  /**
   * Also cache unwrapped data keys for decryption, so repeated reads of records under one
   * data key skip KMS `Decrypt`.
   *
   * **Audit trade-off**: a read served from this cache makes no KMS call, so CloudTrail
   * records no `Decrypt` event for it; only the first read of each data key (per process,
   * per `maxAgeMs`) appears. A HIPAA audit that expects one KMS `Decrypt` per access to PHI
   * needs this off (the default): every `decrypt` and `decryptStream` then calls KMS itself,
   * never sharing a call with a concurrent reader. Turn it on where KMS latency or cost
   * matters more and the application logs its own reads.
   * @default false
   */
  readonly decryption?: boolean;
}

/** NIST SP 800-38D: at most 2^32 GCM invocations per key with random IVs. */
export const GCM_MAX_INVOCATIONS = 2 ** 32;
/** GCM encrypts at most 2^39 - 256 bits in one invocation. */
export const GCM_MAX_MESSAGE_BYTES = 2 ** 36 - 32;

export interface ResolvedCacheOptions {
  readonly maxAgeMs: number;
  readonly maxMessages: number;
  readonly maxBytes: number;
  readonly maxEntries: number;
  readonly decryption: boolean;
}

export function resolveCacheOptions(options: EnvelopeCacheOptions = {}): ResolvedCacheOptions {
  const resolved = {
    maxAgeMs: options.maxAgeMs ?? 300_000,
    maxMessages: options.maxMessages ?? 2 ** 20,
    maxBytes: options.maxBytes ?? 2 ** 34,
    maxEntries: options.maxEntries ?? 1000,
    decryption: options.decryption ?? false,
  };
  const check = (name: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(`cache.${name} is ${value}; use a whole number from ${min} to ${max}.`);
    }
  };
  check('maxAgeMs', resolved.maxAgeMs, 1, 86_400_000);
  check('maxMessages', resolved.maxMessages, 1, GCM_MAX_INVOCATIONS);
  check('maxBytes', resolved.maxBytes, 1, 2 ** 50);
  check('maxEntries', resolved.maxEntries, 1, 1_000_000);
  if (typeof resolved.decryption !== 'boolean') throw new InvalidArgumentError(`cache.decryption is ${String(resolved.decryption)}; use true or false.`);
  return resolved;
}
