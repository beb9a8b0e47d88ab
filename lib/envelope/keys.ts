import * as crypto from 'crypto';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { DecryptionKeyCache, EncryptionKeyCache } from './cache';
import { EnvelopeCacheOptions, resolveCacheOptions } from './cache-options';
import { contextCacheKey, decodeContext, EncryptionContext, sameContext, validateContext } from './context';
import { EncryptionContextMismatchError, KeyMismatchError, KmsFailureError, MalformedCiphertextError, TamperedCiphertextError } from './errors';
import { Header } from './format';
import {
  encodeDataKeys, encodeEsdkContext, encodeHeaderBody, EncryptedDataKey, EsdkHeader, isSignedSuite, KMS_PROVIDER_ID, MESSAGE_ID_LENGTH,
  PUBLIC_KEY_CONTEXT_KEY, SUITE_COMMIT,
} from './message';
import { KmsClientLike } from './kms';
import { IvPool, KeyMaterial, SecretKey } from './material';

/** Most bytes of encryption context we write: KMS's own limit on an encryption context. */
const MAX_WRITTEN_CONTEXT_BYTES = 8192;

/** What one message (or stream) is encrypted with: its own derived key (the caller wipes it) and its header body. */
export interface MessageKeys {
  readonly key: SecretKey;
  readonly headerBody: Buffer;
  readonly messageId: Buffer;
  /**
   * Counts `bytes` more plaintext under this message's data key against the cache's maxBytes (a
   * stream, whose length is unknown when it takes the key, calls it as its frames are written).
   */
  readonly account: (bytes: number) => void;
}

/**
 * The private interface between the encryptor and the code that seals and opens messages
 * (message and stream): every method returns a key the caller owns and must wipe. It is never
 * reachable from the public API (the encryptor holds it in a private field; a test reads the
 * built declarations to prove it).
 */
export interface KeySource {
  /** The key and header of one new message of `bytes` plaintext bytes (counted against the cache bounds; more through `account`). */
  messageKeys(context: EncryptionContext, bytes: number, frameLength: number): Promise<MessageKeys>;
  /** The message key of a format-2 header, after its context matched and its commitment verified. */
  esdkKey(header: EsdkHeader, expectedContext: EncryptionContext): Promise<SecretKey>;
  /** The message key of a format-1 header (decrypt only), after its context matched and its commitment verified. */
  v1Key(header: Header, expectedContext: EncryptionContext): Promise<SecretKey>;
}

/** One KMS Decrypt shared by concurrent readers of the same data key (decrypt caching only); wiped when the last reader has its copy. */
interface DecryptFlight {
  readonly promise: Promise<KeyMaterial>;
  users: number;
  cached: boolean;
}

/**
 * KMS data keys and their caches. Encryption: one GenerateDataKey per cache entry (per
 * encryption context), each message deriving its own key from a fresh 32-byte message id.
 * Decryption: one KMS Decrypt per read unless decrypt caching is on.
 */
export class DataKeys implements KeySource {
  private readonly encryptCache?: EncryptionKeyCache;
  private readonly decryptCache?: DecryptionKeyCache;
  private readonly inflightEncrypt = new Map<string, Promise<void>>();
  private readonly inflightDecrypt = new Map<string, DecryptFlight>();
  private sweepTimer?: NodeJS.Timeout;
  private readonly ids = new IvPool();

  constructor(
    private readonly keyId: string,
    private client: KmsClientLike | undefined,
    private readonly clock: () => number,
    cache: EnvelopeCacheOptions | false | undefined,
  ) {
    if (cache !== false) {
      const resolved = resolveCacheOptions(cache ?? {});
      this.encryptCache = new EncryptionKeyCache(resolved);
      if (resolved.decryption) this.decryptCache = new DecryptionKeyCache(resolved);
    }
  }

  /**
   * A copy of a data key taken in the same synchronous step as the cache lookup (so no eviction
   * can change it afterwards), turned at once into this message's own derived key.
   */
  public async messageKeys(context: EncryptionContext, bytes: number, frameLength: number): Promise<MessageKeys> {
    const encodedContext = encodeEsdkContext(context, MAX_WRITTEN_CONTEXT_BYTES);
    const cache = this.encryptCache;
    if (!cache || !cache.fits(bytes)) {
      const { material, keyring } = await this.generate(context, encodedContext);
      try {
        return this.newMessage(material.lease(), keyring, frameLength, () => undefined);
      } finally {
        material.wipe();
      }
    }
    const cacheKey = contextCacheKey(encodedContext);
    for (;;) {
      const hit = cache.take(cacheKey, bytes, this.clock());
      if (hit) return this.newMessage(hit.key, hit.header, frameLength, (more) => cache.charge(cacheKey, hit.material, more));
      let pending = this.inflightEncrypt.get(cacheKey);
      if (!pending) {
        pending = this.generate(context, encodedContext)
          .then((fresh) => {
            cache.put(cacheKey, fresh.material, fresh.keyring, this.clock());
            this.scheduleSweep();
          })
          .finally(() => this.inflightEncrypt.delete(cacheKey));
        this.inflightEncrypt.set(cacheKey, pending);
      }
      await pending;
    }
  }

  public async esdkKey(header: EsdkHeader, expectedContext: EncryptionContext): Promise<SecretKey> {
    validateContext(expectedContext);
    const stored = storedContext(header);
    if (!sameContext(stored, expectedContext)) throw new EncryptionContextMismatchError(describeMismatch(stored, expectedContext));
    // Every KMS-keyring data key this encryptor may unwrap, tried in header order until one unwraps
    // (as the SDKs' KMS keyrings do): a message may carry several, e.g. one per KMS key it was
    // written for, and with an alias only KMS knows which of them the alias names today.
    let failure: unknown;
    for (const { dataKey, keyArn } of this.candidateDataKeys(header.dataKeys)) {
      const cacheKey = decryptCacheKey(2, keyArn, dataKey.ciphertext, header.contextBytes);
      let committed = true;
      try {
        return await this.withMaterial(cacheKey, () => this.unwrap(keyArn, dataKey.ciphertext, header.context, 2), (material) => {
          const lease = material.lease();
          let derived: { key: SecretKey; commitKey: Buffer };
          try {
            derived = lease.deriveCommitted(header.suite, header.messageId);
          } finally {
            lease.wipe();
          }
          // Key commitment, checked before anything is decrypted (constant time, as the specification requires).
          if (!crypto.timingSafeEqual(derived.commitKey, header.commitKey)) {
            derived.key.wipe();
            committed = false;
            throw new TamperedCiphertextError('the key commitment does not match the data key');
          }
          return derived.key;
        });
      } catch (e) {
        // A data key that unwrapped but does not match the commitment means a forged message: no retry.
        if (!committed) throw e;
        // Keep the most telling failure: a KMS or integrity error over "another key's data key".
        if (failure === undefined || (failure instanceof KeyMismatchError && !(e instanceof KeyMismatchError))) failure = e;
      }
    }
    throw failure;
  }

  public async v1Key(header: Header, expectedContext: EncryptionContext): Promise<SecretKey> {
    const context = decodeContext(header.context);
    validateContext(expectedContext);
    if (!sameContext(context, expectedContext)) throw new EncryptionContextMismatchError(describeMismatch(context, expectedContext));
    if (isKeyArn(this.keyId) && header.keyArn !== this.keyId) throw new KeyMismatchError(this.keyId);
    const cacheKey = decryptCacheKey(1, header.keyArn, header.wrappedKey, header.context);
    return this.withMaterial(cacheKey, () => this.unwrap(header.keyArn, header.wrappedKey, context, 1), (material) => {
      if (!crypto.timingSafeEqual(material.commitment, header.commitment)) {
        throw new TamperedCiphertextError('the key commitment does not match the data key');
      }
      return material.lease();
    });
  }

  /** Forgets (and wipes) every cached key. Calls in progress keep their own copies and finish normally. */
  public clear(): void {
    this.encryptCache?.clear();
    this.decryptCache?.clear();
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.sweepTimer = undefined;
  }

  /** A message's own key and header from a leased data key (wiped here). */
  private newMessage(lease: SecretKey, keyring: Buffer, frameLength: number, account: (bytes: number) => void): MessageKeys {
    const messageId = Buffer.from(this.ids.next(MESSAGE_ID_LENGTH)); // own copy: the header keeps it
    try {
      const { key, commitKey } = lease.deriveCommitted(SUITE_COMMIT, messageId);
      return { key, messageId, headerBody: encodeHeaderBody(SUITE_COMMIT, messageId, keyring, frameLength, commitKey), account };
    } finally {
      lease.wipe();
    }
  }

  /**
   * Runs `use` on the material of `cacheKey` (unwrapped by `unwrap` unless cached) while it is
   * held, and returns what `use` returns: a key of the caller's own. Without decrypt caching every
   * read is its own KMS Decrypt (and its own CloudTrail event).
   */
  private async withMaterial(cacheKey: string, unwrap: () => Promise<KeyMaterial>, use: (material: KeyMaterial) => SecretKey): Promise<SecretKey> {
    const cache = this.decryptCache;
    if (!cache) {
      const material = await unwrap();
      try {
        return use(material);
      } finally {
        material.wipe();
      }
    }
    const cached = cache.get(cacheKey, this.clock());
    if (cached) return use(cached);
    let flight = this.inflightDecrypt.get(cacheKey);
    if (!flight) {
      flight = { promise: unwrap(), users: 0, cached: false };
      this.inflightDecrypt.set(cacheKey, flight);
    }
    // Reference count: the flight's material is wiped when its last waiter has used it.
    flight.users += 1;
    let material: KeyMaterial | undefined;
    try {
      material = await flight.promise;
      if (!flight.cached) {
        flight.cached = true;
        cache.put(cacheKey, material.clone(), this.clock());
        this.scheduleSweep();
      }
      return use(material);
    } finally {
      flight.users -= 1;
      if (flight.users === 0) {
        if (this.inflightDecrypt.get(cacheKey) === flight) this.inflightDecrypt.delete(cacheKey);
        material?.wipe();
      }
    }
  }

  /**
   * The KMS-keyring data keys this encryptor may unwrap, in header order: provider id `aws-kms` and,
   * when the encryptor has a key ARN, that ARN as provider info; with an alias or key id, every one
   * whose provider info is a key ARN (KMS then refuses those of other keys). Throws KeyMismatchError,
   * before any KMS call, when there is none.
   */
  private candidateDataKeys(dataKeys: readonly EncryptedDataKey[]): Array<{ dataKey: EncryptedDataKey; keyArn: string }> {
    const candidates: Array<{ dataKey: EncryptedDataKey; keyArn: string }> = [];
    for (const dataKey of dataKeys) {
      if (dataKey.providerId !== KMS_PROVIDER_ID) continue;
      const keyArn = dataKey.providerInfo.toString('utf8');
      if (isKeyArn(this.keyId) ? keyArn === this.keyId : isKeyArn(keyArn)) candidates.push({ dataKey, keyArn });
    }
    if (candidates.length === 0) throw new KeyMismatchError(this.keyId);
    return candidates;
  }

  /** Wipes cached keys that expired while idle; runs on an unref'd timer set for the next expiry. */
  private scheduleSweep(): void {
    if (this.sweepTimer) return;
    const expiries = [this.encryptCache?.nextExpiry(), this.decryptCache?.nextExpiry()].filter((x): x is number => x !== undefined);
    if (expiries.length === 0) return;
    const delay = Math.min(Math.max(1, Math.min(...expiries) - this.clock()), 2 ** 31 - 1);
    this.sweepTimer = setTimeout(() => {
      this.sweepTimer = undefined;
      const now = this.clock();
      this.encryptCache?.sweep(now);
      this.decryptCache?.sweep(now);
      this.scheduleSweep();
    }, delay);
    this.sweepTimer.unref(); // never keeps a Lambda or CLI process alive
  }

  private kms(): KmsClientLike {
    this.client ??= new KMSClient({ region: regionOf(this.keyId) });
    return this.client;
  }

  /** A fresh data key: its material and the keyring part of every header written with it (context, encrypted data keys). */
  private async generate(context: EncryptionContext, encodedContext: Buffer): Promise<{ material: KeyMaterial; keyring: Buffer }> {
    let out: { Plaintext?: Uint8Array; CiphertextBlob?: Uint8Array; KeyId?: string };
    try {
      out = await this.kms().send(new GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: 'AES_256', EncryptionContext: { ...context } }));
    } catch (e) {
      throw new KmsFailureError('GenerateDataKey', e);
    }
    if (!out?.Plaintext || out.Plaintext.length !== 32 || !out.CiphertextBlob || !out.KeyId || !isKeyArn(out.KeyId)) {
      throw new KmsFailureError('GenerateDataKey', new Error('the response lacks a 32-byte plaintext key, a ciphertext blob or a key ARN'));
    }
    try {
      const material = KeyMaterial.fromEsdkDataKey(out.Plaintext, out.KeyId);
      const ciphertext = Buffer.from(out.CiphertextBlob);
      const keyring = Buffer.concat([encodedContext, encodeDataKeys([{ providerId: KMS_PROVIDER_ID, providerInfo: Buffer.from(out.KeyId, 'utf8'), ciphertext }])]);
      if (this.decryptCache) {
        // The decrypt side gets its own copy: each cache wipes what it evicts.
        this.decryptCache.put(decryptCacheKey(2, out.KeyId, ciphertext, encodedContext.subarray(2)), material.clone(), this.clock());
        this.scheduleSweep();
      }
      return { material, keyring };
    } finally {
      out.Plaintext.fill(0);
    }
  }

  /** KMS Decrypt of one wrapped data key under the full stored context; the response must name `keyArn`. */
  private async unwrap(keyArn: string, wrapped: Buffer, context: EncryptionContext, format: 1 | 2): Promise<KeyMaterial> {
    let out: { Plaintext?: Uint8Array; KeyId?: string };
    try {
      out = await this.kms().send(new DecryptCommand({ CiphertextBlob: wrapped, EncryptionContext: { ...context }, KeyId: this.keyId }));
    } catch (e) {
      const name = (e as Error)?.name;
      if (name === 'InvalidCiphertextException') throw new TamperedCiphertextError('KMS rejected the wrapped data key or its encryption context');
      if (name === 'IncorrectKeyException') throw new KeyMismatchError(this.keyId);
      throw new KmsFailureError('Decrypt', e);
    }
    if (!out?.Plaintext || out.Plaintext.length !== 32) throw new KmsFailureError('Decrypt', new Error('the response lacks a 32-byte plaintext key'));
    try {
      if (out.KeyId !== keyArn) throw new TamperedCiphertextError('KMS unwrapped the data key under another key than the header names');
      return format === 2 ? KeyMaterial.fromEsdkDataKey(out.Plaintext, keyArn) : KeyMaterial.fromDataKey(out.Plaintext, keyArn);
    } finally {
      out.Plaintext.fill(0);
    }
  }
}

/**
 * The context the caller must expect: the stored one without `aws-crypto-public-key` on a signed
 * suite (the SDK adds it; it is checked by the signature). On an unsigned suite the key stays, so a
 * message carrying it never matches (callers cannot pass `aws` keys).
 */
export function storedContext(header: EsdkHeader): EncryptionContext {
  if (!isSignedSuite(header.suite)) return header.context;
  if (!Object.prototype.hasOwnProperty.call(header.context, PUBLIC_KEY_CONTEXT_KEY)) {
    throw new MalformedCiphertextError(`a signed message without '${PUBLIC_KEY_CONTEXT_KEY}' in its encryption context`);
  }
  const rest: Record<string, string> = {};
  for (const [k, v] of Object.entries(header.context)) {
    if (k !== PUBLIC_KEY_CONTEXT_KEY) Object.defineProperty(rest, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return rest;
}

/**
 * What differs, naming only the caller's own keys: the message's keys and values are
 * attacker-chosen and never appear in an error (logs, dashboards).
 */
function describeMismatch(actual: EncryptionContext, expected: EncryptionContext): string {
  const has = (k: string) => Object.prototype.hasOwnProperty.call(actual, k);
  const missing = Object.keys(expected).filter((k) => !has(k)).sort();
  const differ = Object.keys(expected).filter((k) => has(k) && actual[k] !== expected[k]).sort();
  const extra = Object.keys(actual).filter((k) => !Object.prototype.hasOwnProperty.call(expected, k)).length;
  const parts = [
    missing.length ? `missing expected keys [${missing.join(', ')}]` : '',
    differ.length ? `other values for expected keys [${differ.join(', ')}]` : '',
    extra ? `${extra} key(s) not in the expected context` : '',
  ].filter(Boolean);
  return `the message's context has ${parts.join(', ')}`;
}

/** Decrypt-cache key: the format, then every part length-prefixed, so no two (format, key ARN, wrapped key, context) share one. */
function decryptCacheKey(format: 1 | 2, keyArn: string, wrapped: Buffer, context: Buffer): string {
  const arn = Buffer.from(keyArn, 'utf8');
  return `${format}:${arn.length}:${arn.toString('latin1')}${wrapped.length}:${wrapped.toString('latin1')}${context.toString('latin1')}`;
}

export function isKeyArn(keyId: string): boolean {
  return /^arn:aws[a-z-]*:kms:[^:]+:\d{12}:key\//.test(keyId);
}

function regionOf(keyId: string): string | undefined {
  return keyId.startsWith('arn:') ? keyId.split(':')[3] || undefined : undefined;
}
