import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Readable, Transform } from 'stream';
import { pipeline } from 'stream/promises';
import { decryptAttributes, encryptAttributes, EnvelopeEncryptor, MalformedCiphertextError, TamperedCiphertextError, TruncatedCiphertextError } from '../../lib/envelope';
import { EncryptionKeyCache, resolveCacheOptions } from '../../lib/envelope/cache';
import { WipedKeyError } from '../../lib/envelope/errors';
import { KeyMaterial, SecretKey } from '../../lib/envelope/material';
import { parseEsdkHeader } from '../../lib/envelope/message';
import { FAKE_KEY_ARN, FakeKms } from './fake-kms';
import { V1Writer } from './v1-writer';

const context = { bucket: 'phi-objects' };
const enc = () => new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: new FakeKms(), frameSize: 4096 });

async function run(transform: Transform, input: Buffer, chunk = 1000): Promise<Buffer> {
  const parts: Buffer[] = [];
  const source = Readable.from((function* () { for (let i = 0; i < input.length; i += chunk) yield input.subarray(i, i + chunk); })());
  await pipeline(source, transform, async function* (out) { for await (const c of out) parts.push(c as Buffer); });
  return Buffer.concat(parts);
}

/** Splits an AWS Encryption SDK message into its header and frames (read from its header). */
function frames(sealed: Buffer): { header: Buffer; frames: Buffer[]; info: Array<[boolean, number, number]> } {
  const header = parseEsdkHeader(sealed);
  const parts: Buffer[] = [];
  const info: Array<[boolean, number, number]> = [];
  let o = header.end;
  while (o < sealed.length) {
    const final = sealed.readUInt32BE(o) === 0xffffffff;
    const seq = sealed.readUInt32BE(final ? o + 4 : o);
    const length = final ? sealed.readUInt32BE(o + 20) : header.frameLength;
    const size = (final ? 24 : 16) + length + 16;
    parts.push(sealed.subarray(o, o + size));
    info.push([final, seq, length]);
    o += size;
  }
  return { header: sealed.subarray(0, header.end), frames: parts, info };
}

describe('streaming', () => {
  test.each([0, 1, 4095, 4096, 4097, 3 * 4096, 100_000])('round trip of %i bytes in odd-sized chunks', async (size) => {
    const e = enc();
    const plaintext = crypto.randomBytes(size);
    const sealed = await run(e.encryptStream(context), plaintext, 777);
    expect((await run(e.decryptStream(context), sealed, 1311)).equals(plaintext)).toBe(true);
  });

  test('frames are fixed-size and only the last is final', async () => {
    const sealed = await run(enc().encryptStream(context), crypto.randomBytes(10_000));
    expect(frames(sealed).info).toEqual([[false, 1, 4096], [false, 2, 4096], [true, 3, 1808]]);
  });

  test('a dropped final frame (truncation) is detected', async () => {
    const e = enc();
    const sealed = await run(e.encryptStream(context), crypto.randomBytes(10_000));
    const { header, frames: f } = frames(sealed);
    await expect(run(e.decryptStream(context), Buffer.concat([header, f[0], f[1]]))).rejects.toThrow(TruncatedCiphertextError);
  });

  test('reordered frames are detected', async () => {
    const e = enc();
    const sealed = await run(e.encryptStream(context), crypto.randomBytes(10_000));
    const { header, frames: f } = frames(sealed);
    await expect(run(e.decryptStream(context), Buffer.concat([header, f[1], f[0], f[2]]))).rejects.toThrow(/frame 1 has sequence number 2/);
    // With their sequence numbers rewritten to look in order, the frames fail authentication (the number is in their associated data).
    const renumbered = [Buffer.from(f[1]), Buffer.from(f[0])];
    renumbered[0].writeUInt32BE(1, 0);
    renumbered[1].writeUInt32BE(2, 0);
    await expect(run(e.decryptStream(context), Buffer.concat([header, ...renumbered, f[2]]))).rejects.toThrow(TamperedCiphertextError);
  });

  test('a flipped bit in a frame, a frame of another stream, a faked final flag, trailing bytes', async () => {
    const e = enc();
    const plaintext = crypto.randomBytes(10_000);
    const a = await run(e.encryptStream(context), plaintext);
    const b = await run(e.encryptStream(context), plaintext);
    const fa = frames(a); const fb = frames(b);
    const flipped = Buffer.from(a); flipped[flipped.length - 100] ^= 1;
    await expect(run(e.decryptStream(context), flipped)).rejects.toThrow(TamperedCiphertextError);
    await expect(run(e.decryptStream(context), Buffer.concat([fa.header, fb.frames[0], fa.frames[1], fa.frames[2]]))).rejects.toThrow(TamperedCiphertextError);
    // The second regular frame re-framed as the final one: same bytes, but the final frame's associated data.
    const regular = fa.frames[1];
    const length = Buffer.alloc(4); length.writeUInt32BE(4096, 0);
    const fakeFinal = Buffer.concat([Buffer.from('ffffffff', 'hex'), regular.subarray(0, 16), length, regular.subarray(16)]);
    await expect(run(e.decryptStream(context), Buffer.concat([fa.header, fa.frames[0], fakeFinal]))).rejects.toThrow(TamperedCiphertextError);
    await expect(run(e.decryptStream(context), Buffer.concat([a, Buffer.from([0])]))).rejects.toThrow(MalformedCiphertextError);
  });

  test('a stream is one AWS Encryption SDK message: decrypt opens a stream, decryptStream a message; wrong context fails', async () => {
    const e = enc();
    const plaintext = crypto.randomBytes(9000);
    const sealed = await run(e.encryptStream(context), plaintext);
    expect(Buffer.from(await e.decrypt(sealed, context)).equals(plaintext)).toBe(true);
    expect((await run(e.decryptStream(context), Buffer.from(await e.encrypt(plaintext, context)))).equals(plaintext)).toBe(true);
    await expect(run(e.decryptStream({ bucket: 'other' }), sealed)).rejects.toThrow(/Encryption context mismatch/);
  });

  test('format-1 streams of earlier releases still decrypt; their tampering is still refused', async () => {
    const kms = new FakeKms();
    const e = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: kms });
    const plaintext = crypto.randomBytes(10_000);
    const sealed = await new V1Writer(kms).encryptStream(plaintext, context);
    expect((await run(e.decryptStream(context), sealed, 333)).equals(plaintext)).toBe(true);
    await expect(e.decrypt(sealed, context)).rejects.toThrow(/this is a stream; use decryptStream/);
    const flipped = Buffer.from(sealed); flipped[flipped.length - 100] ^= 1;
    await expect(run(e.decryptStream(context), flipped)).rejects.toThrow(TamperedCiphertextError);
    await expect(run(e.decryptStream(context), sealed.subarray(0, sealed.length - 1))).rejects.toThrow(TruncatedCiphertextError);
  });
});

describe('DynamoDB attribute encryption', () => {
  const item = { pk: 'patient#1', sk: 'visit#2026-11-23', name: 'Jane Doe', diagnosis: { code: 'E11.9', notes: ['a', 'b'] }, scan: new Uint8Array([1, 2, 3]), tags: new Set(['x', 'y']) };
  const options = { encrypt: ['name', 'diagnosis', 'scan'], context: { table: 'visits' } };

  test('round trip: chosen attributes become ciphertext, values come back with their types', async () => {
    const e = enc();
    const sealed = await encryptAttributes(e, item, options);
    expect(sealed.pk).toBe('patient#1');
    expect(sealed.name).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(sealed.name as Uint8Array).includes(Buffer.from('Jane'))).toBe(false);
    expect(await decryptAttributes(e, sealed, options)).toEqual(item);
  });

  test('editing a signed plain attribute is detected', async () => {
    const e = enc();
    const sealed = await encryptAttributes(e, item, options);
    await expect(decryptAttributes(e, { ...sealed, pk: 'patient#2' }, options)).rejects.toThrow(TamperedCiphertextError);
    await expect(decryptAttributes(e, { ...sealed, extra: 'added' }, options)).rejects.toThrow(TamperedCiphertextError);
  });

  test('moving ciphertext to another attribute is detected', async () => {
    const e = enc();
    const sealed = await encryptAttributes(e, item, options);
    await expect(decryptAttributes(e, { ...sealed, name: sealed.diagnosis }, options)).rejects.toThrow(TamperedCiphertextError);
  });

  test('sign only the keys, so unrelated attributes may change', async () => {
    const e = enc();
    const keysOnly = { ...options, sign: ['pk', 'sk'] };
    const sealed = await encryptAttributes(e, item, keysOnly);
    expect((await decryptAttributes(e, { ...sealed, tags: new Set(['z']) }, keysOnly)).name).toBe('Jane Doe');
    await expect(encryptAttributes(e, item, { ...options, sign: ['name'] })).rejects.toThrow(/both encrypted and signed/);
  });
});

describe('key hygiene', () => {
  test('evicted data keys are wiped; a lease taken before eviction is untouched', () => {
    const cache = new EncryptionKeyCache(resolveCacheOptions({ maxEntries: 1 }));
    const first = KeyMaterial.fromDataKey(crypto.randomBytes(32), FAKE_KEY_ARN);
    cache.put('a', first, Buffer.alloc(0), 0);
    const lease = cache.take('a', 1, 0)!.key;
    cache.put('b', KeyMaterial.fromDataKey(crypto.randomBytes(32), FAKE_KEY_ARN), Buffer.alloc(0), 0);
    expect(first.isWiped).toBe(true);
    expect(() => first.lease()).toThrow(WipedKeyError);
    expect(lease.isWiped).toBe(false);
    expect(() => lease.cipher(Buffer.alloc(12))).not.toThrow();
    lease.wipe();
  });

  test('a cipher is never created from a wiped key', () => {
    const key = SecretKey.derive(crypto.randomBytes(32), Buffer.from('label'));
    key.wipe();
    expect(() => key.cipher(Buffer.alloc(12))).toThrow(WipedKeyError);
    expect(() => key.decipher(Buffer.alloc(12))).toThrow(WipedKeyError);
    expect(() => key.copy()).toThrow(WipedKeyError);
    expect(() => key.derive(Buffer.from('x'))).toThrow(WipedKeyError);
  });

  test('lib/envelope imports neither aws-cdk-lib nor constructs', () => {
    const dir = path.join(__dirname, '..', '..', 'lib', 'envelope');
    for (const file of fs.readdirSync(dir)) {
      expect([file, fs.readFileSync(path.join(dir, file), 'utf8')]).not.toEqual([file, expect.stringMatching(/from '(aws-cdk-lib|constructs)/)]);
    }
  });
});
