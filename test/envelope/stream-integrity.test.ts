import * as crypto from 'crypto';
import { Readable, Transform } from 'stream';
import { pipeline } from 'stream/promises';
import { EnvelopeEncryptor, MalformedCiphertextError, TamperedCiphertextError } from '../../lib/envelope';
import { parseEsdkHeader } from '../../lib/envelope/message';
import { bytesCopied, realConcat } from './copy-spy';
import { FAKE_KEY_ARN, FakeKms } from './fake-kms';
import { V1Writer } from './v1-writer';

// Issue 24, Medium: stream decrypt was quadratic in the chunks of a frame and trusted the
// header's frame size before anything authenticated it.

const context = { bucket: 'phi-objects' };

async function run(transform: Transform, input: Buffer, chunk = 1000): Promise<Buffer> {
  const parts: Buffer[] = [];
  const source = Readable.from((function* () { for (let i = 0; i < input.length; i += chunk) yield input.subarray(i, i + chunk); })());
  await pipeline(source, transform, async function* (out) { for await (const c of out) parts.push(c as Buffer); });
  return Buffer.concat(parts);
}

/** Offset of the u32 frame length in a format-2 header (before the 32-byte commitment key). */
function frameSizeOffset(sealed: Buffer): number {
  return parseEsdkHeader(sealed).body.length - 32 - 4;
}

describe('stream decrypt', () => {
  test('is linear: a 1 MiB frame in 1 KiB chunks is copied a bounded number of times, not once per chunk', async () => {
    const kms = new FakeKms();
    const enc = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: kms, frameSize: 1024 * 1024 });
    const plaintext = crypto.randomBytes(2 * 1024 * 1024 + 5);
    const sealed = await run(enc.encryptStream(context), plaintext, 64 * 1024);
    const parts: Buffer[] = [];
    const copied = await bytesCopied(async () => {
      const source = Readable.from((function* () { for (let i = 0; i < sealed.length; i += 1024) yield sealed.subarray(i, i + 1024); })());
      await pipeline(source, enc.decryptStream(context), async function* (out) { for await (const c of out) parts.push(c as Buffer); });
    });
    expect(realConcat(parts).equals(plaintext)).toBe(true);
    // Quadratic joining copied ~1.5 GiB here (half a frame per chunk, 3072 chunks); linear is a few times the input.
    expect(copied).toBeLessThan(4 * sealed.length);
  });

  test('a caller-set maxFrameSize refuses larger frames before buffering any frame', async () => {
    const enc = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: new FakeKms(), frameSize: 8192 });
    const sealed = await run(enc.encryptStream(context), crypto.randomBytes(20_000));
    const header = sealed.subarray(0, parseEsdkHeader(sealed).end);
    // The header alone is enough to refuse: no frame byte is needed (or waited for).
    await expect(run(enc.decryptStream(context, { maxFrameSize: 4096 }), header)).rejects.toThrow(/frame length 8192 exceeds maxFrameSize 4096/);
    await expect(run(enc.decryptStream(context, { maxFrameSize: 8192 }), sealed)).resolves.toHaveLength(20_000);
    expect(() => enc.decryptStream(context, { maxFrameSize: 10 })).toThrow(/maxFrameSize is 10/);
  });

  test('the header is authenticated before its frame size is used: a changed frame size fails at the header', async () => {
    const enc = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: new FakeKms(), frameSize: 4096 });
    const sealed = Buffer.from(await run(enc.encryptStream(context), crypto.randomBytes(10_000)));
    const o = frameSizeOffset(sealed);
    expect(sealed.readUInt32BE(o)).toBe(4096);
    sealed.writeUInt32BE(16 * 1024 * 1024, o); // would make the reader buffer 16 MiB before the first frame tag
    const output: Buffer[] = [];
    const decrypting = enc.decryptStream(context);
    decrypting.on('data', (c: Buffer) => output.push(c));
    await expect(run(decrypting, sealed)).rejects.toThrow(/header failed authentication/);
    expect(output).toEqual([]);
  });

  test('a flipped bit anywhere in the header is refused', async () => {
    const enc = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: new FakeKms(), frameSize: 1024, cache: false });
    const sealed = await run(enc.encryptStream(context), crypto.randomBytes(100));
    const headerEnd = frameSizeOffset(sealed) + 4 + 16;
    for (let i = 0; i < headerEnd; i++) {
      const copy = Buffer.from(sealed);
      copy[i] ^= 1;
      await expect(run(enc.decryptStream(context), copy)).rejects.toThrow();
    }
  });

  test('a stream of the pre-release format (type 2, no header tag) is refused with a clear error', async () => {
    const kms = new FakeKms();
    const enc = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: kms });
    const sealed = await new V1Writer(kms).encryptStream(Buffer.from('x'), context);
    sealed[1] = 2;
    await expect(run(enc.decryptStream(context), sealed)).rejects.toThrow(MalformedCiphertextError);
    await expect(run(enc.decryptStream(context), sealed)).rejects.toThrow(/pre-release/);
  });

  test('a tampered frame still fails after the header authenticated', async () => {
    const enc = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: new FakeKms(), frameSize: 1024 });
    const sealed = Buffer.from(await run(enc.encryptStream(context), crypto.randomBytes(5000)));
    sealed[sealed.length - 40] ^= 1;
    await expect(run(enc.decryptStream(context), sealed)).rejects.toThrow(TamperedCiphertextError);
  });
});

