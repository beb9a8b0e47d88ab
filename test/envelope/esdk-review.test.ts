import { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import { EnvelopeEncryptor } from '../../lib/envelope';
import { parseEsdkHeader } from '../../lib/envelope/message';
import { FAKE_KEY_ARN, FakeKms } from './fake-kms';

// Findings of the AWS Encryption SDK format review (issue 21 follow-up), one test each.

const original = { concat: Buffer.concat.bind(Buffer), allocUnsafe: Buffer.allocUnsafe.bind(Buffer) };

/** Bytes produced by every Buffer.concat and Buffer.allocUnsafe while `work` runs: the copies made. */
async function bytesCopied(work: () => Promise<void>): Promise<number> {
  let copied = 0;
  const concat = jest.spyOn(Buffer, 'concat').mockImplementation(((list: readonly Uint8Array[], total?: number) => {
    const out = original.concat(list, total);
    copied += out.length;
    return out;
  }) as typeof Buffer.concat);
  const allocUnsafe = jest.spyOn(Buffer, 'allocUnsafe').mockImplementation((size: number) => {
    copied += size;
    return original.allocUnsafe(size);
  });
  try {
    await work();
  } finally {
    concat.mockRestore();
    allocUnsafe.mockRestore();
  }
  return copied;
}

describe('decryptStream header parsing', () => {
  test('is linear in the header: a large header in 16-byte chunks is not re-copied on every chunk', async () => {
    // A legitimate 7 KiB encryption context makes a header of about 7.3 KiB.
    const context: Record<string, string> = {};
    for (let i = 0; i < 7; i++) context[`k${i}`] = 'v'.repeat(1000);
    const enc = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: new FakeKms() });
    const sealed = Buffer.from(await enc.encrypt(Buffer.from('x'), context));
    const headerLength = parseEsdkHeader(sealed).end;
    expect(headerLength).toBeGreaterThan(7000);
    const parts: Buffer[] = [];
    const copied = await bytesCopied(async () => {
      const source = Readable.from((function* () { for (let i = 0; i < sealed.length; i += 16) yield sealed.subarray(i, i + 16); })());
      await pipeline(source, enc.decryptStream(context), async function* (out) { for await (const c of out) parts.push(c as Buffer); });
    });
    expect(original.concat(parts).toString()).toBe('x');
    // Parsing the whole prefix again on each of the ~460 chunks copied about 230 times the header
    // (a 1 MiB header sent a byte at a time: ~5 * 10^11 bytes); once per field is a few times it.
    expect(copied).toBeLessThan(20 * headerLength);
  });
});
