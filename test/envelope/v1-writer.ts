import * as crypto from 'crypto';
import { GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { encodeContext, EncryptionContext } from '../../lib/envelope/context';
import { encodeHeader, MESSAGE_TYPE, STREAM_TYPE } from '../../lib/envelope/format';
import { deriveStreamKey, KeyMaterial } from '../../lib/envelope/material';
import { FAKE_KEY_ARN, FakeKms } from './fake-kms';

/**
 * Writes messages and streams of our own format 1, which the library now only reads: the tests of
 * the format-1 reader need fresh ones (tampered, forged, with associated data). It follows
 * lib/envelope/format.ts and stream-v1.ts; test/envelope/fixtures/v1-messages.json holds messages
 * written by the last release that wrote format 1, so the two cannot drift apart unnoticed.
 */
export class V1Writer {
  constructor(private readonly kms: FakeKms, private readonly keyArn = FAKE_KEY_ARN) {}

  public async encrypt(plaintext: Uint8Array | string, context: EncryptionContext = {}, additionalData?: Uint8Array): Promise<Buffer> {
    const data = typeof plaintext === 'string' ? Buffer.from(plaintext) : Buffer.from(plaintext);
    const { material, header } = await this.header(MESSAGE_TYPE, context);
    const key = material.lease();
    const iv = crypto.randomBytes(12);
    const cipher = key.cipher(iv);
    const aad = Buffer.concat([header, iv]);
    cipher.setAAD(additionalData ? Buffer.concat([aad, additionalData]) : aad);
    const body = Buffer.concat([cipher.update(data), cipher.final(), cipher.getAuthTag()]);
    key.wipe();
    material.wipe();
    return Buffer.concat([aad, body]);
  }

  /** A whole format-1 stream: header | nonce | u32 frame size | header tag | frames, the last one final. */
  public async encryptStream(plaintext: Buffer, context: EncryptionContext = {}, frameSize = 4096): Promise<Buffer> {
    const { material, header: common } = await this.header(STREAM_TYPE, context);
    const messageKey = material.lease();
    const nonce = crypto.randomBytes(32);
    const frameKey = deriveStreamKey(messageKey, nonce);
    messageKey.wipe();
    material.wipe();
    const size = Buffer.alloc(4);
    size.writeUInt32BE(frameSize, 0);
    const header = Buffer.concat([common, nonce, size]);
    const headerCipher = frameKey.cipher(Buffer.from('ffffffff0000000000000000', 'hex'));
    headerCipher.setAAD(header);
    headerCipher.final();
    const sealed = Buffer.concat([header, headerCipher.getAuthTag()]);
    const digest = crypto.createHash('sha256').update(sealed).digest();
    const parts = [sealed];
    const count = Math.max(1, Math.ceil(plaintext.length / frameSize));
    for (let i = 0; i < count; i++) {
      const flag = i === count - 1 ? 1 : 0;
      const chunk = plaintext.subarray(i * frameSize, Math.min(plaintext.length, (i + 1) * frameSize));
      const iv = Buffer.alloc(12);
      iv.writeBigUInt64BE(BigInt(i), 4);
      const aad = Buffer.alloc(41);
      digest.copy(aad, 0);
      aad.writeUInt8(flag, 32);
      aad.writeBigUInt64BE(BigInt(i), 33);
      const cipher = frameKey.cipher(iv);
      cipher.setAAD(aad);
      const prefix = Buffer.alloc(5);
      prefix.writeUInt8(flag, 0);
      prefix.writeUInt32BE(chunk.length, 1);
      parts.push(prefix, cipher.update(chunk), cipher.final(), cipher.getAuthTag());
    }
    frameKey.wipe();
    return Buffer.concat(parts);
  }

  private async header(type: number, context: EncryptionContext): Promise<{ material: KeyMaterial; header: Buffer }> {
    const out = await this.kms.send(new GenerateDataKeyCommand({ KeyId: this.keyArn, KeySpec: 'AES_256', EncryptionContext: { ...context } }));
    const material = KeyMaterial.fromDataKey(out.Plaintext, out.KeyId);
    out.Plaintext.fill(0);
    return { material, header: encodeHeader(type, out.KeyId, out.CiphertextBlob, encodeContext(context), material.commitment) };
  }
}
