import { InvalidArgumentError } from './errors';
import { KeyMaterial, SecretKey } from './material';

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

interface EncryptEntry {
  readonly material: KeyMaterial;
  readonly header: Buffer;
  readonly createdAt: number;
  messages: number;
  bytes: number;
}

/** What a caller gets for one message: its own copy of the key (it wipes it) and the shared, public header. */
export interface MessageKey {
  readonly key: SecretKey;
  readonly material: KeyMaterial;
  readonly header: Buffer;
}

/**
 * Data keys for encryption, one per encryption context, each retired (and its
 * key wiped) once it is too old or has protected too many messages or bytes.
 * Callers get a copy of the key, taken synchronously with the lookup, so a
 * retirement after the lookup never touches a key in use.
 */
export class EncryptionKeyCache {
  private readonly entries = new Map<string, EncryptEntry>();

  constructor(private readonly options: ResolvedCacheOptions) {}

  /** A usable entry with room for one more message of `bytes`, counted as used, as a leased key; or undefined. */
  public take(key: string, bytes: number, now: number): MessageKey | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (now - entry.createdAt >= this.options.maxAgeMs
      || entry.messages + 1 > this.options.maxMessages
      || entry.bytes + bytes > this.options.maxBytes) {
      this.delete(key);
      return undefined;
    }
    entry.messages += 1;
    entry.bytes += bytes;
    this.entries.delete(key); // most recently used last
    this.entries.set(key, entry);
    return { key: entry.material.lease(), material: entry.material, header: entry.header };
  }

  /** Stores a fresh, unused data key. */
  public put(key: string, material: KeyMaterial, header: Buffer, now: number): void {
    this.delete(key);
    this.entries.set(key, { material, header, createdAt: now, messages: 0, bytes: 0 });
    while (this.entries.size > this.options.maxEntries) this.delete(this.entries.keys().next().value!);
  }

  /** Whether a fresh data key may be cached at all (a message larger than maxBytes never shares its key). */
  public fits(bytes: number): boolean {
    return bytes <= this.options.maxBytes;
  }

  public get size(): number {
    return this.entries.size;
  }

  /** Retires (and wipes) every entry that is `maxAgeMs` old at `now`. */
  public sweep(now: number): void {
    for (const [key, entry] of [...this.entries]) if (now - entry.createdAt >= this.options.maxAgeMs) this.delete(key);
  }

  /** When the oldest entry expires, or undefined when empty. */
  public nextExpiry(): number | undefined {
    return nextExpiry(this.entries.values(), this.options.maxAgeMs);
  }

  public clear(): void {
    for (const key of [...this.entries.keys()]) this.delete(key);
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.material.wipe();
    this.entries.delete(key);
  }
}

/** Unwrapped data keys for decryption, by wrapped key and context; callers lease copies like encryption. */
export class DecryptionKeyCache {
  private readonly entries = new Map<string, { material: KeyMaterial; createdAt: number }>();

  constructor(private readonly options: ResolvedCacheOptions) {}

  public get(key: string, now: number): KeyMaterial | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (now - entry.createdAt >= this.options.maxAgeMs) {
      this.delete(key);
      return undefined;
    }
    return entry.material;
  }

  /** Stores `material`, which the cache now owns (and wipes on eviction). */
  public put(key: string, material: KeyMaterial, now: number): void {
    this.delete(key);
    this.entries.set(key, { material, createdAt: now });
    while (this.entries.size > this.options.maxEntries) this.delete(this.entries.keys().next().value!);
  }

  public get size(): number {
    return this.entries.size;
  }

  public sweep(now: number): void {
    for (const [key, entry] of [...this.entries]) if (now - entry.createdAt >= this.options.maxAgeMs) this.delete(key);
  }

  public nextExpiry(): number | undefined {
    return nextExpiry(this.entries.values(), this.options.maxAgeMs);
  }

  public clear(): void {
    for (const key of [...this.entries.keys()]) this.delete(key);
  }

  private delete(key: string): void {
    this.entries.get(key)?.material.wipe();
    this.entries.delete(key);
  }
}

function nextExpiry(entries: Iterable<{ createdAt: number }>, maxAgeMs: number): number | undefined {
  let first: number | undefined;
  for (const { createdAt } of entries) if (first === undefined || createdAt < first) first = createdAt;
  return first === undefined ? undefined : first + maxAgeMs;
}
