import * as crypto from 'crypto';
import { Transform } from 'stream';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { DecryptionKeyCache, EncryptionKeyCache, EnvelopeCacheOptions, GCM_MAX_MESSAGE_BYTES, resolveCacheOptions } from './cache';
import { contextCacheKey, decodeContext, encodeContext, EncryptionContext, sameContext, validateContext } from './context';
import {
  EncryptionContextMismatchError, InvalidArgumentError, KeyMismatchError, KmsFailureError, TamperedCiphertextError, TruncatedCiphertextError,
} from './errors';
import { encodeHeader, Header, IV_LENGTH, MESSAGE_TYPE, parseHeader, TAG_LENGTH } from './format';
import { IvPool, KeyMaterial } from './material';
import { createDecryptStream, createEncryptStream, DEFAULT_FRAME_SIZE, validateFrameSize } from './stream';

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

/** Material for one message or stream. */
export interface EncryptionMaterial {
  readonly material: KeyMaterial;
  /** Message header up to the commitment (type MESSAGE). */
  readonly header: Buffer;
  /** True when the material is not cached and must be zeroed after use. */
  readonly once?: boolean;
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
  private readonly inflightDecrypt = new Map<string, Promise<KeyMaterial>>();
  private readonly ivs = new IvPool();
  /** Plaintext bytes per stream frame. */
  public readonly frameSize: number;

  constructor(options: EnvelopeEncryptorOptions) {
    if (!options || typeof options.keyId !== 'string' || options.keyId.trim() === '') {
      throw new InvalidArgumentError('keyId is required: a KMS key ARN, alias ARN, key id or alias name.');
    }
    this.keyId = options.keyId;
    this.client = options.client;
    this.clock = options.clock ?? Date.now;
    this.frameSize = options.frameSize ?? DEFAULT_FRAME_SIZE;
    validateFrameSize(this.frameSize);
    if (options.cache !== false) {
      const resolved = resolveCacheOptions(options.cache ?? {});
      this.encryptCache = new EncryptionKeyCache(resolved);
      this.decryptCache = new DecryptionKeyCache(resolved);
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
    const { material, header, once } = await this.encryptionMaterial(context, data.length);
    try {
      const aadEnd = header.length + IV_LENGTH;
      const out = Buffer.allocUnsafe(aadEnd + data.length + TAG_LENGTH);
      header.copy(out, 0);
      this.ivs.next(IV_LENGTH).copy(out, header.length);
      const cipher = crypto.createCipheriv('aes-256-gcm', material.encryptionKey, out.subarray(header.length, aadEnd));
      cipher.setAAD(withAdditionalData(out.subarray(0, aadEnd), options.additionalData));
      const body = cipher.update(data);
      body.copy(out, aadEnd);
      cipher.final();
      cipher.getAuthTag().copy(out, aadEnd + data.length);
      return out;
    } finally {
      if (once) material.zero();
    }
  }

  /**
   * Decrypts a message of {@link encrypt}. With `expectedContext`, the message's context
   * must be exactly that one.
   */
  public async decrypt(ciphertext: Uint8Array, expectedContext?: EncryptionContext, options: MessageOptions = {}): Promise<Uint8Array> {
    const bytes = asBuffer(ciphertext);
    const header = parseHeader(bytes, MESSAGE_TYPE);
    if (bytes.length < header.end + IV_LENGTH + TAG_LENGTH) throw new TruncatedCiphertextError('ends before the IV and tag');
    const material = await this.decryptionMaterial(header, expectedContext);
    const ivEnd = header.end + IV_LENGTH;
    const decipher = crypto.createDecipheriv('aes-256-gcm', material.encryptionKey, bytes.subarray(header.end, ivEnd));
    decipher.setAAD(withAdditionalData(bytes.subarray(0, ivEnd), options.additionalData));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_LENGTH));
    const plaintext = decipher.update(bytes.subarray(ivEnd, bytes.length - TAG_LENGTH));
    try {
      decipher.final();
    } catch {
      plaintext.fill(0);
      throw new TamperedCiphertextError();
    }
    return plaintext;
  }

  /** A Transform that encrypts a byte stream into framed ciphertext under `context`. */
  public encryptStream(context: EncryptionContext = {}): Transform {
    return createEncryptStream(this, context, this.frameSize);
  }

  /** A Transform that decrypts framed ciphertext; frames are released only after their tag verifies. */
  public decryptStream(expectedContext?: EncryptionContext): Transform {
    return createDecryptStream(this, expectedContext);
  }

  /** Forgets (and zeroes) every cached key. */
  public clearCache(): void {
    this.encryptCache?.clear();
    this.decryptCache?.clear();
  }

  /** @internal Material for one message (or stream) of `bytes` under `context`. */
  public async encryptionMaterial(context: EncryptionContext, bytes: number): Promise<EncryptionMaterial> {
    validateContext(context);
    const encoded = encodeContext(context);
    const cache = this.encryptCache;
    if (!cache || !cache.fits(bytes)) return { ...(await this.generate(context, encoded)), once: true };
    const key = contextCacheKey(encoded);
    for (;;) {
      const hit = cache.take(key, bytes, this.clock());
      if (hit) return hit;
      let pending = this.inflightEncrypt.get(key);
      if (!pending) {
        pending = this.generate(context, encoded)
          .then((fresh) => cache.put(key, fresh.material, fresh.header, this.clock()))
          .finally(() => this.inflightEncrypt.delete(key));
        this.inflightEncrypt.set(key, pending);
      }
      await pending;
    }
  }

  /** @internal The unwrapped, commitment-checked material of a parsed header. */
  public async decryptionMaterial(header: Header, expectedContext: EncryptionContext | undefined): Promise<KeyMaterial> {
    const context = decodeContext(header.context);
    if (expectedContext !== undefined) {
      validateContext(expectedContext);
      if (!sameContext(context, expectedContext)) {
        throw new EncryptionContextMismatchError(`the message carries keys [${Object.keys(context).sort().join(', ')}] ` +
          'with values that differ from the expected context');
      }
    }
    if (isKeyArn(this.keyId) && header.keyArn !== this.keyId) throw new KeyMismatchError(this.keyId, header.keyArn);
    const cacheKey = `${header.wrappedKey.toString('latin1')}\u0000${header.context.toString('latin1')}`;
    let material = this.decryptCache?.get(cacheKey, this.clock());
    if (!material) {
      let pending = this.inflightDecrypt.get(cacheKey);
      if (!pending) {
        pending = this.unwrap(header, context).finally(() => this.inflightDecrypt.delete(cacheKey));
        this.inflightDecrypt.set(cacheKey, pending);
        material = await pending;
        this.decryptCache?.put(cacheKey, material, this.clock());
      } else {
        material = await pending;
      }
    }
    if (!crypto.timingSafeEqual(material.commitment, header.commitment)) {
      throw new TamperedCiphertextError('the key commitment does not match the data key');
    }
    return material;
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
      const material = new KeyMaterial(out.Plaintext, out.KeyId, out.CiphertextBlob);
      // The decrypt side gets its own copy: each cache zeroes what it evicts.
      const cacheKey = `${Buffer.from(out.CiphertextBlob).toString('latin1')}\u0000${encoded.toString('latin1')}`;
      this.decryptCache?.put(cacheKey, new KeyMaterial(out.Plaintext, out.KeyId, out.CiphertextBlob), this.clock());
      return { material, header: encodeHeader(MESSAGE_TYPE, out.KeyId, out.CiphertextBlob, encoded, material.commitment) };
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
      if (name === 'IncorrectKeyException') throw new KeyMismatchError(this.keyId, header.keyArn);
      throw new KmsFailureError('Decrypt', e);
    }
    if (!out?.Plaintext || out.Plaintext.length !== 32) throw new KmsFailureError('Decrypt', new Error('the response lacks a 32-byte plaintext key'));
    try {
      if (out.KeyId !== header.keyArn) throw new TamperedCiphertextError(`the header names ${header.keyArn} but KMS used ${out.KeyId}`);
      return new KeyMaterial(out.Plaintext, header.keyArn, header.wrappedKey);
    } finally {
      out.Plaintext.fill(0);
    }
  }
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
