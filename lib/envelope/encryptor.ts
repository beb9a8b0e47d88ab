import { Transform } from 'stream';
import { EnvelopeCacheOptions, GCM_MAX_MESSAGE_BYTES } from './cache-options';
import { openMessage, sealMessage } from './codec';
import { EncryptionContext } from './context';
import { InvalidArgumentError } from './errors';
import { DataKeys } from './keys';
import { KmsClientLike } from './kms';
import { openV1Message } from './legacy';
import { detectFormat } from './message';
import { createDecryptStream, createEncryptStream } from './stream';
import { DecryptStreamOptions, DEFAULT_FRAME_SIZE, DEFAULT_MAX_DECRYPT_FRAME_SIZE, validateFrameSize } from './stream-options';

export type { KmsClientLike } from './kms';

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
   * Plaintext bytes per frame of streams, 1 KiB to 16 MiB. Messages of `encrypt` hold their
   * plaintext in memory and use frames of their whole length up to 1 MiB (at least `frameSize`),
   * so a stream reader buffers at most max(1 MiB, frameSize) per frame.
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
   * Decrypting a message of our own format 1 only: the extra associated data it was written
   * with (format 1 authenticated bytes not stored in the message). The AWS Encryption SDK
   * format has no such field, so `encrypt` refuses it: bind values through the encryption
   * context or inside the plaintext instead (as the DynamoDB helpers now do).
   * @default - none
   * @deprecated only for reading format-1 messages
   */
  readonly additionalData?: Uint8Array;
}

/**
 * Client-side envelope encryption for PHI records and objects, writing AWS Encryption SDK
 * messages (format 2, algorithm suite ALG_AES256_GCM_HKDF_SHA512_COMMIT_KEY, framed) that every
 * AWS Encryption SDK (Java, Python, C, .NET, Go, Rust, JavaScript) decrypts with its KMS keyring:
 * a KMS data key (GenerateDataKey, AES_256) per encryption context, reused within bounded limits,
 * each message with its own random message id and its own HKDF-derived, committed key; the
 * encryption context stored in the header and bound in KMS. Reads those messages (the signed
 * suite too, signature verified) and our own format 1 of earlier releases. Nothing partial is
 * ever returned by `decrypt`: it returns the whole plaintext or throws a typed error.
 */
export class EnvelopeEncryptor {
  /** The KMS calls and caches; key material never leaves this private field (see keys.ts). */
  private readonly keys: DataKeys;
  /** Plaintext bytes per frame of streams (and the smallest frame length of messages). */
  public readonly frameSize: number;

  constructor(options: EnvelopeEncryptorOptions) {
    if (!options || typeof options.keyId !== 'string' || options.keyId.trim() === '') {
      throw new InvalidArgumentError('keyId is required: a KMS key ARN, alias ARN, key id or alias name.');
    }
    this.frameSize = options.frameSize ?? DEFAULT_FRAME_SIZE;
    validateFrameSize(this.frameSize);
    this.keys = new DataKeys(options.keyId, options.client, options.clock ?? (() => Date.now()), options.cache);
  }

  /**
   * Encrypts `plaintext` (a string is UTF-8 encoded) under `context`.
   * @returns an AWS Encryption SDK message (format 2, committing suite, framed)
   */
  public async encrypt(plaintext: Uint8Array | string, context: EncryptionContext = {}, options: MessageOptions = {}): Promise<Uint8Array> {
    const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
    if (!(data instanceof Uint8Array)) throw new InvalidArgumentError('plaintext must be a Uint8Array or a string.');
    if (options?.additionalData !== undefined) {
      throw new InvalidArgumentError('additionalData is not written: the AWS Encryption SDK format has no external associated data; put what must be bound in the encryption context or the plaintext (additionalData is read for format-1 messages only).');
    }
    if (data.length > GCM_MAX_MESSAGE_BYTES) throw new InvalidArgumentError(`plaintext is ${data.length} bytes; use encryptStream above ${GCM_MAX_MESSAGE_BYTES}.`);
    // The plaintext is in memory: one frame up to 1 MiB (one AES-GCM call, as fast as bare AES-GCM),
    // frames of 1 MiB beyond, so any reader's stream decryption buffers at most 1 MiB (or frameSize, if larger).
    const frameLength = Math.max(this.frameSize, Math.min(data.length, DEFAULT_MAX_DECRYPT_FRAME_SIZE));
    const message = await this.keys.messageKeys(context, data.length, frameLength);
    try {
      return sealMessage(message, data, frameLength);
    } finally {
      message.key.wipe();
    }
  }

  /**
   * Decrypts an AWS Encryption SDK message of a committing suite (ours, or any SDK's with its KMS
   * keyring under this key), or a message of our own format 1. The message's context must be exactly
   * `expectedContext` (pass `{}` for a message encrypted without one; the signed suite's
   * `aws-crypto-public-key` is not part of it): a record of another tenant or table never opens
   * where this one was meant.
   */
  public async decrypt(ciphertext: Uint8Array, expectedContext: EncryptionContext, options: MessageOptions = {}): Promise<Uint8Array> {
    requireContext(expectedContext, 'decrypt');
    const bytes = asBuffer(ciphertext);
    if (detectFormat(bytes) === 'v1') return openV1Message(bytes, this.keys, expectedContext, options?.additionalData);
    if (options?.additionalData !== undefined) {
      throw new InvalidArgumentError('additionalData applies to format-1 messages only; this is an AWS Encryption SDK message.');
    }
    return openMessage(bytes, this.keys, expectedContext);
  }

  /** A Transform that encrypts a byte stream into one framed AWS Encryption SDK message under `context`. */
  public encryptStream(context: EncryptionContext = {}): Transform {
    return createEncryptStream(this.keys, context, this.frameSize);
  }

  /**
   * A Transform that decrypts a stream (an AWS Encryption SDK message or our format 1) whose context
   * is exactly `expectedContext`; frames are released only after their tag verifies.
   */
  public decryptStream(expectedContext: EncryptionContext, options: DecryptStreamOptions = {}): Transform {
    requireContext(expectedContext, 'decryptStream');
    const maxFrameSize = options.maxFrameSize ?? Math.max(DEFAULT_MAX_DECRYPT_FRAME_SIZE, this.frameSize);
    validateFrameSize(maxFrameSize, 'maxFrameSize');
    return createDecryptStream(this.keys, expectedContext, maxFrameSize);
  }

  /** Forgets (and wipes) every cached key. Calls in progress keep their own copies and finish normally. */
  public clearCache(): void {
    this.keys.clear();
  }
}

function requireContext(expectedContext: EncryptionContext | undefined, method: string): void {
  if (expectedContext === undefined || expectedContext === null) {
    throw new InvalidArgumentError(`${method} needs expectedContext: the context the message must carry (pass {} for a message encrypted without one).`);
  }
}

function asBuffer(bytes: Uint8Array): Buffer {
  if (!(bytes instanceof Uint8Array)) throw new InvalidArgumentError('ciphertext must be a Uint8Array.');
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
