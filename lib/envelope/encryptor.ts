import * as crypto from 'crypto';
import { Transform } from 'stream';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { DecryptionKeyCache, EncryptionKeyCache, EnvelopeCacheOptions, GCM_MAX_MESSAGE_BYTES, MessageKey, resolveCacheOptions } from './cache';
import { contextCacheKey, decodeContext, encodeContext, EncryptionContext, sameContext, validateContext } from './context';
import {
  EncryptionContextMismatchError, InvalidArgumentError, KeyMismatchError, KmsFailureError, TamperedCiphertextError, TruncatedCiphertextError,
} from './errors';
import { encodeHeader, Header, IV_LENGTH, MESSAGE_TYPE, parseHeader, TAG_LENGTH } from './format';
import { IvPool, KeyMaterial, SecretKey } from './material';
import { createDecryptStream, createEncryptStream, DecryptStreamOptions, DEFAULT_FRAME_SIZE, DEFAULT_MAX_DECRYPT_FRAME_SIZE, validateFrameSize } from './stream';

/** The one KMS client method the encryptor calls (a KMSClient, or a fake in tests). */
export interface KmsClientLike {
  send(command: GenerateDataKeyCommand | DecryptCommand): Promise<any>;
}

/** Options of {@link EnvelopeEncryptor}. */
export interface EnvelopeEncryptorOptions {
  /** The KMS key: a key ARN (recommended: decrypt then refuses messages of other keys), an alias ARN, a key id or an alias name. */
  readonly keyId: string;
  /**
   * KMS client.
   * @default - a KMSClient for the region of `keyId` (or the SDK's default region)
   */
  readonly client?: KmsClientLike;
  /**
   * Data-key cache bounds, or `false` for a new data key per message.
   * @default - the defaults of EnvelopeCacheOptions
   */
  readonly cache?: EnvelopeCacheOptions | false;
  /**
   * Plaintext bytes per frame of a stream, 1 KiB to 16 MiB.
   * @default 65536
   */
  readonly frameSize?: number;
  /**
   * Clock for cache ages (tests).
   * @default Date.now
   */
  readonly clock?: () => number;
}

/** Options of one encrypt or decrypt call. */
export interface MessageOptions {
  /**
   * Extra associated data authenticated with the message but not stored in it: decrypt must
   * pass the same bytes (the DynamoDB helpers bind the item's plain attributes this way).
   * @default - none
   */
  readonly additionalData?: Uint8Array;
}

/** One KMS Decrypt shared by concurrent readers of the same data key (decrypt caching only); wiped when the last reader has its copy. */
interface DecryptFlight {
  readonly promise: Promise<KeyMaterial>;
  users: number;
  cached: boolean;
}

/**
 * Client-side envelope encryption for PHI records and objects: a KMS data key
 * (GenerateDataKey, AES_256) per encryption context, reused within bounded
 * limits; AES-256-GCM with a random 96-bit IV per message; the encryption
 * context bound in KMS and as GCM associated data; a versioned, key-committing
 * binary format; streaming for large objects. Nothing partial is ever returned
 * by `decrypt`: it returns the whole plaintext or throws a typed error.
 */
export class EnvelopeEncryptor {
  private readonly keyId: string;
  private client?: KmsClientLike;
  private readonly clock: () => number;
  private readonly encryptCache?: EncryptionKeyCache;
  private readonly decryptCache?: DecryptionKeyCache;
  private readonly inflightEncrypt = new Map<string, Promise<void>>();
  private readonly inflightDecrypt = new Map<string, DecryptFlight>();
  private sweepTimer?: NodeJS.Timeout;
  private readonly ivs = new IvPool();
  /** Plaintext bytes per stream frame. */
  public readonly frameSize: number;

  constructor(options: EnvelopeEncryptorOptions) {
    if (!options || typeof options.keyId !== 'string' || options.keyId.trim() === '') {
      throw new InvalidArgumentError('keyId is required: a KMS key ARN, alias ARN, key id or alias name.');
    }
    this.keyId = options.keyId;
    this.client = options.client;
    this.clock = options.clock ?? (() => Date.now());
    this.frameSize = options.frameSize ?? DEFAULT_FRAME_SIZE;
    validateFrameSize(this.frameSize);
    if (options.cache !== false) {
      const resolved = resolveCacheOptions(options.cache ?? {});
      this.encryptCache = new EncryptionKeyCache(resolved);
      if (resolved.decryption) this.decryptCache = new DecryptionKeyCache(resolved);
    }
  }

  /**
   * Encrypts `plaintext` (a string is UTF-8 encoded) under `context`.
   * @returns the self-describing ciphertext
   */
  public async encrypt(plaintext: Uint8Array | string, context: EncryptionContext = {}, options: MessageOptions = {}): Promise<Uint8Array> {
    const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
    if (!(data instanceof Uint8Array)) throw new InvalidArgumentError('plaintext must be a Uint8Array or a string.');
    if (data.length > GCM_MAX_MESSAGE_BYTES) throw new InvalidArgumentError(`plaintext is ${data.length} bytes; use encryptStream above ${GCM_MAX_MESSAGE_BYTES}.`);
    const { key, header } = await this.encryptionMaterial(context, data.length);
    try {
      const aadEnd = header.length + IV_LENGTH;
      const out = Buffer.allocUnsafe(aadEnd + data.length + TAG_LENGTH);
      header.copy(out, 0);
      this.ivs.next(IV_LENGTH).copy(out, header.length);
      const cipher = key.cipher(out.subarray(header.length, aadEnd));
      cipher.setAAD(withAdditionalData(out.subarray(0, aadEnd), options.additionalData));
      const body = cipher.update(data);
      body.copy(out, aadEnd);
      cipher.final();
      cipher.getAuthTag().copy(out, aadEnd + data.length);
      return out;
    } finally {
      key.wipe();
    }
  }

  /**
   * Decrypts a message of {@link encrypt}. The message's context must be exactly
   * `expectedContext` (pass `{}` for a message encrypted without one): a record of
   * another tenant or table never opens where this one was meant.
   */
  public async decrypt(ciphertext: Uint8Array, expectedContext: EncryptionContext, options: MessageOptions = {}): Promise<Uint8Array> {
    requireContext(expectedContext, 'decrypt');
    const bytes = asBuffer(ciphertext);
    const header = parseHeader(bytes, MESSAGE_TYPE);
    if (bytes.length < header.end + IV_LENGTH + TAG_LENGTH) throw new TruncatedCiphertextError('ends before the IV and tag');
    const key = await this.decryptionKey(header, expectedContext);
    let plaintext: Buffer;
    try {
      const ivEnd = header.end + IV_LENGTH;
      const decipher = key.decipher(bytes.subarray(header.end, ivEnd));
      decipher.setAAD(withAdditionalData(bytes.subarray(0, ivEnd), options.additionalData));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_LENGTH));
      plaintext = decipher.update(bytes.subarray(ivEnd, bytes.length - TAG_LENGTH));
      try {
        decipher.final();
      } catch {
        plaintext.fill(0);
        throw new TamperedCiphertextError();
      }
    } finally {
      key.wipe();
    }
    return plaintext;
  }

  /** A Transform that encrypts a byte stream into framed ciphertext under `context`. */
  public encryptStream(context: EncryptionContext = {}): Transform {
    return createEncryptStream(this, context, this.frameSize);
  }

  /**
   * A Transform that decrypts framed ciphertext whose context is exactly `expectedContext`;
   * frames are released only after their tag verifies.
   */
  public decryptStream(expectedContext: EncryptionContext, options: DecryptStreamOptions = {}): Transform {
    requireContext(expectedContext, 'decryptStream');
    const maxFrameSize = options.maxFrameSize ?? Math.max(DEFAULT_MAX_DECRYPT_FRAME_SIZE, this.frameSize);
    validateFrameSize(maxFrameSize, 'maxFrameSize');
    return createDecryptStream(this, expectedContext, maxFrameSize);
  }

  /** Forgets (and wipes) every cached key. Calls in progress keep their own copies and finish normally. */
  public clearCache(): void {
    this.encryptCache?.clear();
    this.decryptCache?.clear();
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.sweepTimer = undefined;
  }

  /**
   * @internal The key for one message (or stream) of `bytes` under `context`: a copy
   * the caller owns and must wipe, taken in the same synchronous step as the cache
   * lookup, so no eviction can change it afterwards.
   */
  public async encryptionMaterial(context: EncryptionContext, bytes: number): Promise<MessageKey> {
    validateContext(context);
    const encoded = encodeContext(context);
    const cache = this.encryptCache;
    if (!cache || !cache.fits(bytes)) {
      const { material, header } = await this.generate(context, encoded);
      try {
        return { key: material.lease(), material, header };
      } finally {
        material.wipe();
      }
    }
    const key = contextCacheKey(encoded);
    for (;;) {
      const hit = cache.take(key, bytes, this.clock());
      if (hit) return hit;
      let pending = this.inflightEncrypt.get(key);
      if (!pending) {
        pending = this.generate(context, encoded)
          .then((fresh) => {
            cache.put(key, fresh.material, fresh.header, this.clock());
            this.scheduleSweep();
          })
          .finally(() => this.inflightEncrypt.delete(key));
        this.inflightEncrypt.set(key, pending);
      }
      await pending;
    }
  }

  /**
   * @internal The unwrapped, commitment-checked message key of a parsed header: a copy the caller
   * owns and must wipe.
   */
  public async decryptionKey(header: Header, expectedContext: EncryptionContext): Promise<SecretKey> {
    const context = decodeContext(header.context);
    validateContext(expectedContext);
    if (!sameContext(context, expectedContext)) throw new EncryptionContextMismatchError(describeMismatch(context, expectedContext));
    if (isKeyArn(this.keyId) && header.keyArn !== this.keyId) throw new KeyMismatchError(this.keyId);
    const cache = this.decryptCache;
    if (!cache) {
      // No sharing at all: every read is its own KMS Decrypt (and its own CloudTrail event).
      const material = await this.unwrap(header, context);
      try {
        return leaseChecked(material, header);
      } finally {
        material.wipe();
      }
    }
    const cacheKey = decryptCacheKey(header);
    const cached = cache.get(cacheKey, this.clock());
    if (cached) return leaseChecked(cached, header);
    let flight = this.inflightDecrypt.get(cacheKey);
    if (!flight) {
      flight = { promise: this.unwrap(header, context), users: 0, cached: false };
      this.inflightDecrypt.set(cacheKey, flight);
    }
    // Reference count: the flight's material is wiped when its last waiter has leased its copy.
    flight.users += 1;
    let material: KeyMaterial | undefined;
    try {
      material = await flight.promise;
      if (!flight.cached) {
        flight.cached = true;
        cache.put(cacheKey, material.clone(), this.clock());
        this.scheduleSweep();
      }
      return leaseChecked(material, header);
    } finally {
      flight.users -= 1;
      if (flight.users === 0) {
        if (this.inflightDecrypt.get(cacheKey) === flight) this.inflightDecrypt.delete(cacheKey);
        material?.wipe();
      }
    }
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

  private async generate(context: EncryptionContext, encoded: Buffer): Promise<{ material: KeyMaterial; header: Buffer }> {
    let out: { Plaintext?: Uint8Array; CiphertextBlob?: Uint8Array; KeyId?: string };
    try {
      out = await this.kms().send(new GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: 'AES_256', EncryptionContext: { ...context } }));
    } catch (e) {
      throw new KmsFailureError('GenerateDataKey', e);
    }
    if (!out?.Plaintext || out.Plaintext.length !== 32 || !out.CiphertextBlob || !out.KeyId) {
      throw new KmsFailureError('GenerateDataKey', new Error('the response lacks a 32-byte plaintext key, a ciphertext blob or a key id'));
    }
    try {
      const material = KeyMaterial.fromDataKey(out.Plaintext, out.KeyId);
      const header = encodeHeader(MESSAGE_TYPE, out.KeyId, out.CiphertextBlob, encoded, material.commitment);
      if (this.decryptCache) {
        // The decrypt side gets its own copy: each cache wipes what it evicts.
        this.decryptCache.put(decryptCacheKey(parseHeader(header)), material.clone(), this.clock());
        this.scheduleSweep();
      }
      return { material, header };
    } finally {
      out.Plaintext.fill(0);
    }
  }

  private async unwrap(header: Header, context: EncryptionContext): Promise<KeyMaterial> {
    let out: { Plaintext?: Uint8Array; KeyId?: string };
    try {
      out = await this.kms().send(new DecryptCommand({ CiphertextBlob: header.wrappedKey, EncryptionContext: { ...context }, KeyId: this.keyId }));
    } catch (e) {
      const name = (e as Error)?.name;
      if (name === 'InvalidCiphertextException') throw new TamperedCiphertextError('KMS rejected the wrapped data key or its encryption context');
      if (name === 'IncorrectKeyException') throw new KeyMismatchError(this.keyId);
      throw new KmsFailureError('Decrypt', e);
    }
    if (!out?.Plaintext || out.Plaintext.length !== 32) throw new KmsFailureError('Decrypt', new Error('the response lacks a 32-byte plaintext key'));
    try {
      if (out.KeyId !== header.keyArn) throw new TamperedCiphertextError('KMS unwrapped the data key under another key than the header names');
      return KeyMaterial.fromDataKey(out.Plaintext, header.keyArn);
    } finally {
      out.Plaintext.fill(0);
    }
  }
}

function requireContext(expectedContext: EncryptionContext | undefined, method: string): void {
  if (expectedContext === undefined || expectedContext === null) {
    throw new InvalidArgumentError(`${method} needs expectedContext: the context the message must carry (pass {} for a message encrypted without one).`);
  }
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

/** The message key of `material` after its commitment matched the header's (constant time). */
function leaseChecked(material: KeyMaterial, header: Header): SecretKey {
  if (!crypto.timingSafeEqual(material.commitment, header.commitment)) {
    throw new TamperedCiphertextError('the key commitment does not match the data key');
  }
  return material.lease();
}

/** Decrypt-cache key: every part length-prefixed, so no two (key ARN, wrapped key, context) triples share one. */
function decryptCacheKey(header: Header): string {
  const arn = Buffer.from(header.keyArn, 'utf8');
  return `${arn.length}:${arn.toString('latin1')}${header.wrappedKey.length}:${header.wrappedKey.toString('latin1')}${header.context.toString('latin1')}`;
}

function withAdditionalData(header: Buffer, additionalData: Uint8Array | undefined): Buffer {
  return additionalData && additionalData.length > 0 ? Buffer.concat([header, additionalData]) : header;
}

function asBuffer(bytes: Uint8Array): Buffer {
  if (!(bytes instanceof Uint8Array)) throw new InvalidArgumentError('ciphertext must be a Uint8Array.');
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function isKeyArn(keyId: string): boolean {
  return /^arn:aws[a-z-]*:kms:[^:]+:\d{12}:key\//.test(keyId);
}

function regionOf(keyId: string): string | undefined {
  return keyId.startsWith('arn:') ? keyId.split(':')[3] || undefined : undefined;
}
