import * as crypto from 'crypto';
import { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import { GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { EnvelopeEncryptor, MalformedCiphertextError, TamperedCiphertextError } from '../../lib/envelope';
import { headerTag } from '../../lib/envelope/codec';
import { bodyAad, encodeDataKeys, encodeEsdkContext, SUITE_COMMIT } from '../../lib/envelope/message';
import { SecretKey } from '../../lib/envelope/material';
import { FAKE_KEY_ARN, FakeKms } from './fake-kms';
import { sdk, sdkKeyring } from './sdk-kms';

// Non-framed content (content type 01), which some SDKs still write on request. The JavaScript SDK
// no longer writes it but reads it, so a message built here from the specification is checked
// against the SDK's reader and ours alike.

const context = { tenant: 't1' };
const kms = new FakeKms();

async function nonFramed(plaintext: Buffer): Promise<Buffer> {
  const out = await kms.send(new GenerateDataKeyCommand({ KeyId: FAKE_KEY_ARN, KeySpec: 'AES_256', EncryptionContext: context }));
  const dataKey = SecretKey.fromBytes(out.Plaintext);
  const messageId = crypto.randomBytes(32);
  const { key, commitKey } = dataKey.deriveCommitted(SUITE_COMMIT, messageId);
  dataKey.wipe();
  const keyring = Buffer.concat([encodeEsdkContext(context), encodeDataKeys([{ providerId: 'aws-kms', providerInfo: Buffer.from(out.KeyId), ciphertext: Buffer.from(out.CiphertextBlob) }])]);
  const body = Buffer.concat([Buffer.from([2, 0x04, 0x78]), messageId, keyring, Buffer.from([1, 0, 0, 0, 0]), commitKey]);
  const iv = crypto.randomBytes(12);
  const cipher = key.cipher(iv);
  cipher.setAAD(bodyAad(messageId, 'single', 1, plaintext.length));
  const length = Buffer.alloc(8);
  length.writeBigUInt64BE(BigInt(plaintext.length), 0);
  const sealed = Buffer.concat([body, headerTag(key, body), iv, length, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  key.wipe();
  return sealed;
}

async function run(enc: EnvelopeEncryptor, input: Buffer, maxFrameSize?: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  await pipeline(Readable.from([input.subarray(0, 100), input.subarray(100)]), enc.decryptStream(context, { maxFrameSize }), async function* (s) { for await (const c of s) parts.push(c as Buffer); });
  return Buffer.concat(parts);
}

describe('non-framed messages', () => {
  const enc = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: kms });

  test.each([0, 1, 5000])('%i bytes: the SDK and ours both decrypt one built from the specification', async (size) => {
    const plaintext = crypto.randomBytes(size);
    const sealed = await nonFramed(plaintext);
    expect(Buffer.from((await sdk.decrypt(sdkKeyring(kms), sealed)).plaintext).equals(plaintext)).toBe(true);
    expect(Buffer.from(await enc.decrypt(sealed, context)).equals(plaintext)).toBe(true);
    expect((await run(enc, sealed)).equals(plaintext)).toBe(true);
  });

  test('tampering, truncation, and content beyond maxFrameSize in a stream are refused', async () => {
    const sealed = await nonFramed(crypto.randomBytes(3000));
    const flipped = Buffer.from(sealed); flipped[flipped.length - 20] ^= 1;
    await expect(enc.decrypt(flipped, context)).rejects.toThrow(TamperedCiphertextError);
    await expect(enc.decrypt(sealed.subarray(0, sealed.length - 1), context)).rejects.toThrow(/ends inside/);
    await expect(enc.decrypt(Buffer.concat([sealed, Buffer.from([0])]), context)).rejects.toThrow(MalformedCiphertextError);
    await expect(run(enc, sealed, 1024)).rejects.toThrow(/non-framed content of 3000 bytes exceeds maxFrameSize 1024/);
  });
});
