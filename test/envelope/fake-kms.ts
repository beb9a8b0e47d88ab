import * as crypto from 'crypto';
import { DecryptCommand, EncryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { KmsClientLike } from '../../lib/envelope';

/** A key ARN shaped like KMS's; the account part is a placeholder, never a real account. */
export const FAKE_KEY_ARN = 'arn:aws:kms:eu-west-1:000000000000:key/11111111-2222-3333-4444-555555555555';

const kmsError = (name: string, message: string) => Object.assign(new Error(message), { name });

/**
 * An in-memory KMS for one symmetric key: data keys are really wrapped
 * (AES-256-GCM under a master key with the encryption context as associated
 * data), so a changed blob or context fails like KMS does.
 */
export class FakeKms implements KmsClientLike {
  public generateCalls = 0;
  public decryptCalls = 0;
  /** Make the next calls fail with this error name. */
  public failWith?: string;
  /** Milliseconds each call waits (to let concurrent callers pile up). */
  public delayMs = 0;
  private readonly master: Buffer;

  /** `master` fixes the wrapping key (fixtures written by one process and read by another). */
  constructor(private readonly keyArn = FAKE_KEY_ARN, master?: Uint8Array) {
    this.master = master ? Buffer.from(master) : crypto.randomBytes(32);
  }

  public async send(command: GenerateDataKeyCommand | DecryptCommand | EncryptCommand): Promise<any> {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.failWith) throw kmsError(this.failWith, `simulated ${this.failWith}`);
    if (command instanceof GenerateDataKeyCommand) {
      this.generateCalls++;
      if (command.input.KeySpec !== 'AES_256') throw kmsError('ValidationException', 'KeySpec must be AES_256');
      const plaintext = crypto.randomBytes(32);
      return { Plaintext: new Uint8Array(plaintext), CiphertextBlob: this.wrap(plaintext, command.input.EncryptionContext ?? {}), KeyId: this.keyArn };
    }
    if (command instanceof EncryptCommand) {
      // What the SDK's KMS keyring calls to wrap a data key under an additional KMS key.
      const { KeyId, Plaintext, EncryptionContext } = command.input;
      if (KeyId !== this.keyArn) throw kmsError('NotFoundException', 'no such key');
      return { CiphertextBlob: this.wrap(Buffer.from(Plaintext!), EncryptionContext ?? {}), KeyId: this.keyArn };
    }
    this.decryptCalls++;
    const { KeyId, CiphertextBlob, EncryptionContext } = command.input;
    if (KeyId !== undefined && KeyId !== this.keyArn) throw kmsError('IncorrectKeyException', 'the ciphertext was not encrypted under this key');
    return { Plaintext: this.unwrap(Buffer.from(CiphertextBlob!), EncryptionContext ?? {}), KeyId: this.keyArn };
  }

  private aad(context: Record<string, string>): Buffer {
    return Buffer.from(JSON.stringify(Object.keys(context).sort().map((k) => [k, context[k]])));
  }

  private wrap(key: Buffer, context: Record<string, string>): Uint8Array {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.master, iv).setAAD(this.aad(context));
    return new Uint8Array(Buffer.concat([iv, cipher.update(key), cipher.final(), cipher.getAuthTag()]));
  }

  private unwrap(blob: Buffer, context: Record<string, string>): Uint8Array {
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.master, blob.subarray(0, 12)).setAAD(this.aad(context));
      decipher.setAuthTag(blob.subarray(blob.length - 16));
      return new Uint8Array(Buffer.concat([decipher.update(blob.subarray(12, blob.length - 16)), decipher.final()]));
    } catch {
      throw kmsError('InvalidCiphertextException', 'the ciphertext or its context is invalid');
    }
  }
}
