import { ResolvedCacheOptions } from './cache-options';
import { KeyMaterial, SecretKey } from './material';

export { resolveCacheOptions } from './cache-options';
export type { EnvelopeCacheOptions, ResolvedCacheOptions } from './cache-options';

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

  /**
   * Counts `bytes` more under the data key `material` of entry `key` (a stream's frames beyond what
   * it reserved when it started), retiring the entry once it has protected more than maxBytes. A
   * no-op when that data key already left the cache (it is retired and used by nothing new).
   */
  public charge(key: string, material: KeyMaterial, bytes: number): void {
    const entry = this.entries.get(key);
    if (!entry || entry.material !== material) return;
    entry.bytes += bytes;
    if (entry.bytes > this.options.maxBytes) this.delete(key);
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
