import * as crypto from 'crypto';
import { WipedKeyError } from './errors';

const ENCRYPTION_LABEL = Buffer.from('cdk-hipaa/envelope/v1/encryption');
const COMMITMENT_LABEL = Buffer.from('cdk-hipaa/envelope/v1/commitment');
const STREAM_LABEL = Buffer.from('cdk-hipaa/envelope/v1/stream');
const DERIVE_KEY_INFO = Buffer.from('DERIVEKEY', 'utf8');
const COMMIT_KEY_INFO = Buffer.from('COMMITKEY', 'utf8');
const HKDF_BLOCK_1 = Buffer.from([1]);

/** Keys created and not yet wiped, process-wide (tests prove no operation leaks one). */
let liveKeys = 0;

/**
 * A 32-byte AES-256 key with exactly one owner. Nobody else holds its bytes,
 * so wiping it can never pull a key out from under another caller; and a
 * wiped key refuses to make a cipher (an all-zero key would otherwise encrypt
 * records nobody can read). The one way to share is {@link copy}.
 */
export class SecretKey {
  /** Keys created and not yet wiped in this process. @internal */
  public static get live(): number {
    return liveKeys;
  }

  private wiped = false;

  /** Takes ownership of `bytes`: the caller must not keep or reuse them. */
  private constructor(private readonly bytes: Buffer) {
    liveKeys += 1;
  }

  /** A key of its own from HMAC-SHA256(secret, ...parts). */
  public static derive(secret: Uint8Array, ...parts: Uint8Array[]): SecretKey {
    const hmac = crypto.createHmac('sha256', secret);
    for (const part of parts) hmac.update(part);
    return new SecretKey(hmac.digest());
  }

  /** A key of its own holding a copy of `bytes` (a data key from KMS, which the caller then wipes). */
  public static fromBytes(bytes: Uint8Array): SecretKey {
    const own = Buffer.alloc(bytes.length); // never from the shared pool
    own.set(bytes);
    return new SecretKey(own);
  }

  /**
   * The message key and commitment key of an AWS Encryption SDK committing suite, from this data
   * key (framework/transitive-requirements.md, HKDF Encryption Key and HKDF Commit Key): HKDF-SHA512
   * (RFC 5869) extracted once with the message id as salt, expanded to 32 bytes with info
   * `suite id | "DERIVEKEY"` and with info `"COMMITKEY"`. 32 bytes fit in one SHA-512 block,
   * so each expand is T(1) = HMAC(PRK, info | 0x01) cut to 32 bytes.
   */
  public deriveCommitted(suite: number, messageId: Uint8Array): { key: SecretKey; commitKey: Buffer } {
    this.assertUsable();
    const prk = crypto.createHmac('sha512', messageId).update(this.bytes).digest();
    const info = Buffer.allocUnsafe(2 + DERIVE_KEY_INFO.length);
    info.writeUInt16BE(suite, 0);
    DERIVE_KEY_INFO.copy(info, 2);
    const t1 = crypto.createHmac('sha512', prk).update(info).update(HKDF_BLOCK_1).digest();
    const commit = crypto.createHmac('sha512', prk).update(COMMIT_KEY_INFO).update(HKDF_BLOCK_1).digest();
    prk.fill(0);
    const key = Buffer.alloc(32);
    t1.copy(key, 0, 0, 32);
    t1.fill(0);
    return { key: new SecretKey(key), commitKey: commit.subarray(0, 32) };
  }

  /** An independent copy, wiped on its own. */
  public copy(): SecretKey {
    this.assertUsable();
    const bytes = Buffer.alloc(this.bytes.length); // never from the shared pool: wiping it touches nothing else
    this.bytes.copy(bytes);
    return new SecretKey(bytes);
  }

  /** A key derived from this one (e.g. a stream's key from its nonce). */
  public derive(...parts: Uint8Array[]): SecretKey {
    this.assertUsable();
    return SecretKey.derive(this.bytes, ...parts);
  }

  public cipher(iv: Uint8Array): crypto.CipherGCM {
    this.assertUsable();
    return crypto.createCipheriv('aes-256-gcm', this.bytes, iv);
  }

  public decipher(iv: Uint8Array): crypto.DecipherGCM {
    this.assertUsable();
    return crypto.createDecipheriv('aes-256-gcm', this.bytes, iv);
  }

  /** Overwrites the key bytes; every later use throws. Idempotent. */
  public wipe(): void {
    if (this.wiped) return;
    this.bytes.fill(0);
    this.wiped = true;
    liveKeys -= 1;
  }

  public get isWiped(): boolean {
    return this.wiped;
  }

  private assertUsable(): void {
    if (this.wiped) throw new WipedKeyError();
  }
}

/**
 * What one KMS data key yields: the AES-256 key messages use and the commitment
 * written in their headers, both derived by HMAC-SHA256 so that the data key
 * itself never meets AES-GCM and a ciphertext opens under one data key only.
 * Cached material is shared; callers never use its key directly but take a
 * {@link lease} (their own copy), so evicting and wiping the material cannot
 * change a key a caller is still using.
 */
export class KeyMaterial {
  /** The key commitment of format 1 (a public value); empty for format 2, whose commitment is per message. */
  public readonly commitment: Buffer;
  private readonly key: SecretKey;

  private constructor(key: SecretKey, commitment: Buffer, public readonly keyArn: string, public readonly format: 1 | 2) {
    this.key = key;
    this.commitment = commitment;
  }

  /** Format 1: derives from `dataKey`, which the caller wipes afterwards; none of the caller's buffers is kept. */
  public static fromDataKey(dataKey: Uint8Array, keyArn: string): KeyMaterial {
    return new KeyMaterial(SecretKey.derive(dataKey, ENCRYPTION_LABEL), crypto.createHmac('sha256', dataKey).update(COMMITMENT_LABEL).digest(), keyArn, 1);
  }

  /**
   * Format 2 (AWS Encryption SDK): keeps a copy of the data key itself; each message derives its
   * own key from a lease of it and a fresh message id ({@link SecretKey.deriveCommitted}).
   */
  public static fromEsdkDataKey(dataKey: Uint8Array, keyArn: string): KeyMaterial {
    return new KeyMaterial(SecretKey.fromBytes(dataKey), Buffer.alloc(0), keyArn, 2);
  }

  /** Independent material (its own key copy) for a cache that wipes on its own schedule. */
  public clone(): KeyMaterial {
    return new KeyMaterial(this.key.copy(), this.commitment, this.keyArn, this.format);
  }

  /** The message key, as a copy the caller owns and wipes. Throws WipedKeyError once the material is wiped. */
  public lease(): SecretKey {
    return this.key.copy();
  }

  /** Wipes the key; leases already taken are unaffected. */
  public wipe(): void {
    this.key.wipe();
  }

  public get isWiped(): boolean {
    return this.key.isWiped;
  }
}

/** Format 1: a stream's own key, from its message key and random nonce; the caller owns and wipes it. */
export function deriveStreamKey(messageKey: SecretKey, nonce: Uint8Array): SecretKey {
  return messageKey.derive(STREAM_LABEL, nonce);
}

/** Random IVs drawn from a pool refilled 4 KiB at a time (one syscall per 341 messages). */
export class IvPool {
  private pool = Buffer.alloc(0);
  private offset = 0;

  public next(length: number): Buffer {
    if (this.offset + length > this.pool.length) {
      this.pool = crypto.randomBytes(4096);
      this.offset = 0;
    }
    const iv = this.pool.subarray(this.offset, this.offset + length);
    this.offset += length;
    return iv;
  }
}
