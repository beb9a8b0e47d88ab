import * as crypto from 'crypto';

const ENCRYPTION_LABEL = Buffer.from('cdk-hipaa/envelope/v1/encryption');
const COMMITMENT_LABEL = Buffer.from('cdk-hipaa/envelope/v1/commitment');
const STREAM_LABEL = Buffer.from('cdk-hipaa/envelope/v1/stream');

/**
 * What one KMS data key yields: the AES-256 key messages use and the commitment
 * written in their headers, both derived by HMAC-SHA256 so that the data key
 * itself never meets AES-GCM and a ciphertext opens under one data key only.
 */
export class KeyMaterial {
  /** The AES-256-GCM key. */
  public readonly encryptionKey: Buffer;
  /** The key commitment (a public value). */
  public readonly commitment: Buffer;
  private zeroed = false;

  constructor(dataKey: Uint8Array, public readonly keyArn: string, public readonly wrappedKey: Uint8Array) {
    this.encryptionKey = crypto.createHmac('sha256', dataKey).update(ENCRYPTION_LABEL).digest();
    this.commitment = crypto.createHmac('sha256', dataKey).update(COMMITMENT_LABEL).digest();
  }

  /** A key of its own for one stream, from the stream's random nonce. */
  public streamKey(nonce: Uint8Array): Buffer {
    return crypto.createHmac('sha256', this.encryptionKey).update(STREAM_LABEL).update(nonce).digest();
  }

  /** Overwrites the secret key bytes; the material is unusable afterwards. */
  public zero(): void {
    if (this.zeroed) return;
    this.encryptionKey.fill(0);
    this.zeroed = true;
  }

  public get isZeroed(): boolean {
    return this.zeroed;
  }
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
