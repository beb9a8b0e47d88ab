import * as crypto from 'crypto';
import { Readable, Transform } from 'stream';
import { pipeline } from 'stream/promises';
import { EnvelopeEncryptor, TamperedCiphertextError } from '../../lib/envelope';
import { SecretKey } from '../../lib/envelope/material';
import { FAKE_KEY_ARN, FakeKms } from './fake-kms';

// Every secret key the library creates is counted until wiped (SecretKey.live), so these tests
// see any key left in memory after an operation, an error, or expiry.

const context = { tenant: 't1' };
let baseline = 0;
beforeEach(() => { baseline = SecretKey.live; });

async function run(transform: Transform, input: Buffer | Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  const source = input instanceof Readable ? input : Readable.from([input]);
  await pipeline(source, transform, async function* (out) { for await (const c of out) parts.push(c as Buffer); });
  return Buffer.concat(parts);
}

/** Cache sizes, read from the encryptor's private caches. */
function cached(enc: EnvelopeEncryptor): number {
  const e = (enc as unknown as { keys: { encryptCache?: { size: number }; decryptCache?: { size: number } } }).keys;
  return (e.encryptCache?.size ?? 0) + (e.decryptCache?.size ?? 0);
}

describe('without a cache, no operation leaves a key in memory', () => {
  const enc = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: new FakeKms(), cache: false, frameSize: 1024 });

  test('messages and streams, successful', async () => {
    const sealed = await enc.encrypt('r', context);
    await enc.decrypt(sealed, context);
    const stream = await run(enc.encryptStream(context), crypto.randomBytes(5000));
    await run(enc.decryptStream(context), stream);
    expect(SecretKey.live).toBe(baseline);
  });

  test('a failed message decrypt', async () => {
    const sealed = Buffer.from(await enc.encrypt('r', context));
    sealed[sealed.length - 1] ^= 1;
    await expect(enc.decrypt(sealed, context)).rejects.toThrow(TamperedCiphertextError);
    expect(SecretKey.live).toBe(baseline);
  });

  test('a stream decrypt that fails mid-stream wipes its frame key', async () => {
    const sealed = await run(enc.encryptStream(context), crypto.randomBytes(5000));
    sealed[sealed.length - 30] ^= 1; // in the last frame: earlier frames decrypt, then authentication fails
    await expect(run(enc.decryptStream(context), sealed)).rejects.toThrow(TamperedCiphertextError);
    expect(SecretKey.live).toBe(baseline);
  });

  test('an encrypt stream whose source fails wipes its frame key', async () => {
    const failing = Readable.from((async function* () {
      yield crypto.randomBytes(3000);
      throw new Error('upload source failed');
    })());
    await expect(run(enc.encryptStream(context), failing)).rejects.toThrow('upload source failed');
    expect(SecretKey.live).toBe(baseline);
  });

  test('a consumer that abandons a decrypt stream wipes its frame key', async () => {
    const sealed = await run(enc.encryptStream(context), crypto.randomBytes(5000));
    const decrypting = enc.decryptStream(context);
    decrypting.write(sealed.subarray(0, 2000));
    await new Promise((r) => setTimeout(r, 20)); // the header is read and the frame key derived
    decrypting.destroy();
    await new Promise((r) => setImmediate(r));
    expect(SecretKey.live).toBe(baseline);
  });
});

describe('cached keys leave memory on a timer, not only on access', () => {
  afterEach(() => jest.useRealTimers());

  test('an idle context: both caches are emptied and wiped at maxAgeMs without any further call', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'], now: 1_000_000 });
    const enc = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: new FakeKms(), cache: { maxAgeMs: 60_000, decryption: true } });
    await enc.decrypt(await enc.encrypt('r', context), context);
    expect(cached(enc)).toBe(2);
    expect(SecretKey.live).toBe(baseline + 2);
    jest.advanceTimersByTime(59_999);
    expect(cached(enc)).toBe(2);
    jest.advanceTimersByTime(1);
    expect(cached(enc)).toBe(0);
    expect(SecretKey.live).toBe(baseline);
    expect(jest.getTimerCount()).toBe(0); // nothing left to sweep: no timer either
  });

  test('the sweep timer never keeps the process alive, and clearCache stops it', async () => {
    const enc = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: new FakeKms() });
    await enc.encrypt('r', context);
    const timer = (enc as unknown as { keys: { sweepTimer?: NodeJS.Timeout } }).keys.sweepTimer;
    expect(timer?.hasRef()).toBe(false);
    enc.clearCache();
    expect((enc as unknown as { keys: { sweepTimer?: NodeJS.Timeout } }).keys.sweepTimer).toBeUndefined();
    expect(SecretKey.live).toBe(baseline);
  });
});

describe('a stream destroyed while KMS is awaited never keeps the key that arrives after', () => {
  const kms = new FakeKms();
  const enc = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: kms, cache: false, frameSize: 1024 });
  const settle = () => new Promise((r) => setTimeout(r, 120));

  test('encrypt stream: destroy() during GenerateDataKey', async () => {
    kms.delayMs = 50;
    const stream = enc.encryptStream(context);
    stream.on('error', () => undefined);
    stream.write(crypto.randomBytes(100)); // starts the KMS call
    stream.destroy();
    await settle();
    kms.delayMs = 0;
    expect(kms.generateCalls).toBeGreaterThan(0);
    expect(SecretKey.live).toBe(baseline);
  });

  test('decrypt stream: destroy() during Decrypt', async () => {
    const sealed = await run(enc.encryptStream(context), crypto.randomBytes(3000));
    const before = kms.decryptCalls;
    kms.delayMs = 50;
    const stream = enc.decryptStream(context);
    stream.on('error', () => undefined);
    stream.write(sealed); // the whole header: readHeader awaits KMS
    stream.destroy();
    await settle();
    kms.delayMs = 0;
    expect(kms.decryptCalls).toBe(before + 1);
    expect(SecretKey.live).toBe(baseline);
  });
});
