import * as crypto from 'crypto';
import {
  EncryptionContextMismatchError, EnvelopeEncryptor, InvalidArgumentError, KeyMismatchError, KmsFailureError, MalformedCiphertextError,
  TamperedCiphertextError, TruncatedCiphertextError, UnsupportedVersionError, EnvelopeError, NonCommittingSuiteError,
} from '../../lib/envelope';
import { SecretKey } from '../../lib/envelope/material';
import { parseEsdkHeader } from '../../lib/envelope/message';
import { FAKE_KEY_ARN, FakeKms } from './fake-kms';
import { V1Writer } from './v1-writer';

const context = { tenant: 't1', table: 'records' };

function setup(options: Partial<ConstructorParameters<typeof EnvelopeEncryptor>[0]> = {}) {
  const kms = new FakeKms();
  const enc = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: kms, ...options });
  return { kms, enc };
}

/** A small deterministic PRNG (mulberry32) so randomized tests are reproducible. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('EnvelopeEncryptor round trips', () => {
  test('string and bytes, empty and large, with and without context', async () => {
    const { enc } = setup();
    for (const plaintext of ['patient note', '', crypto.randomBytes(1), crypto.randomBytes(1024 * 1024 + 7)]) {
      const sealed = await enc.encrypt(plaintext, context);
      const opened = await enc.decrypt(sealed, context);
      expect(Buffer.from(opened).equals(typeof plaintext === 'string' ? Buffer.from(plaintext) : plaintext)).toBe(true);
    }
    const noContext = await enc.encrypt('x');
    expect(Buffer.from(await enc.decrypt(noContext, {})).toString()).toBe('x');
  });

  test('the ciphertext names the key, carries the context, and hides the plaintext', async () => {
    const { enc } = setup();
    const sealed = Buffer.from(await enc.encrypt('SSN 123-45-6789', context));
    expect(sealed[0]).toBe(2); // AWS Encryption SDK message format 2
    expect(sealed.readUInt16BE(1)).toBe(0x0478); // ALG_AES256_GCM_HKDF_SHA512_COMMIT_KEY
    expect(sealed.includes(Buffer.from('aws-kms'))).toBe(true);
    expect(sealed.includes(Buffer.from(FAKE_KEY_ARN))).toBe(true);
    expect(sealed.includes(Buffer.from('tenant'))).toBe(true);
    expect(sealed.includes(Buffer.from('123-45-6789'))).toBe(false);
  });

  test('a fresh message id (and so a fresh derived key) per message: same plaintext, different ciphertexts', async () => {
    const { enc } = setup();
    const a = await enc.encrypt('same', context);
    const b = await enc.encrypt('same', context);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  test('property: 300 random plaintexts and contexts round-trip, and a fresh encryptor (cold cache) opens them', async () => {
    const random = prng(42);
    const { kms, enc } = setup();
    const other = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: kms });
    for (let i = 0; i < 300; i++) {
      const size = Math.floor(random() ** 3 * 70_000);
      const plaintext = crypto.randomBytes(size);
      const ctx: Record<string, string> = {};
      for (let k = Math.floor(random() * 4); k > 0; k--) ctx[`k${Math.floor(random() * 10)}`] = String(random()).slice(2, 2 + Math.floor(random() * 12));
      const sealed = await enc.encrypt(plaintext, ctx);
      expect(Buffer.from(await (i % 2 ? other : enc).decrypt(sealed, ctx)).equals(plaintext)).toBe(true);
    }
  });
});

describe('EnvelopeEncryptor rejects tampering, with typed errors and nothing returned', () => {
  test('every single-bit flip anywhere in a message is detected', async () => {
    const { kms } = setup();
    const enc = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: kms, cache: false });
    const sealed = Buffer.from(await enc.encrypt('a short PHI record', context));
    for (let i = 0; i < sealed.length; i++) {
      const copy = Buffer.from(sealed);
      copy[i] ^= 0x01;
      await expect(enc.decrypt(copy, context)).rejects.toBeInstanceOf(EnvelopeError);
    }
  });

  test('a changed ciphertext byte or tag fails authentication', async () => {
    const { enc } = setup();
    const sealed = Buffer.from(await enc.encrypt('record', context));
    const body = Buffer.from(sealed); body[body.length - 20] ^= 0xff;
    await expect(enc.decrypt(body, context)).rejects.toThrow(TamperedCiphertextError);
    const tag = Buffer.from(sealed); tag[tag.length - 1] ^= 0xff;
    await expect(enc.decrypt(tag, context)).rejects.toThrow(TamperedCiphertextError);
  });

  test('wrong expected context', async () => {
    const { enc } = setup();
    const sealed = await enc.encrypt('record', context);
    await expect(enc.decrypt(sealed, { tenant: 't2', table: 'records' })).rejects.toThrow(EncryptionContextMismatchError);
    await expect(enc.decrypt(sealed, { tenant: 't1' })).rejects.toThrow(EncryptionContextMismatchError);
  });

  test('additional data: refused on encrypt (the format has none); still checked on format-1 messages', async () => {
    const { enc, kms } = setup();
    await expect(enc.encrypt('record', context, { additionalData: Buffer.from('row-1') })).rejects.toThrow(/additionalData is not written/);
    const sealed = await new V1Writer(kms).encrypt('record', context, Buffer.from('row-1'));
    expect(Buffer.from(await enc.decrypt(sealed, context, { additionalData: Buffer.from('row-1') })).toString()).toBe('record');
    await expect(enc.decrypt(sealed, context, { additionalData: Buffer.from('row-2') })).rejects.toThrow(TamperedCiphertextError);
    await expect(enc.decrypt(sealed, context)).rejects.toThrow(TamperedCiphertextError);
    await expect(enc.decrypt(await enc.encrypt('x', context), context, { additionalData: Buffer.from('row-1') })).rejects.toThrow(/format-1 messages only/);
  });

  test('truncation at every length', async () => {
    const { enc } = setup();
    const sealed = Buffer.from(await enc.encrypt('record', context));
    for (let n = 0; n < sealed.length; n++) {
      await expect(enc.decrypt(sealed.subarray(0, n), context)).rejects.toBeInstanceOf(EnvelopeError);
    }
    await expect(enc.decrypt(sealed.subarray(0, 40), context)).rejects.toThrow(TruncatedCiphertextError);
  });

  test('unknown versions, non-committing and unknown suites, unknown format-1 types', async () => {
    const { enc, kms } = setup();
    const sealed = Buffer.from(await enc.encrypt('record', context));
    const v3 = Buffer.from(sealed); v3[0] = 3;
    await expect(enc.decrypt(v3, context)).rejects.toThrow(UnsupportedVersionError);
    const suite = Buffer.from(sealed); suite.writeUInt16BE(0x0378, 1); // a non-committing suite id
    await expect(enc.decrypt(suite, context)).rejects.toThrow(NonCommittingSuiteError);
    const sdkV1 = Buffer.concat([Buffer.from([1, 0x80, 0x03, 0x78]), sealed.subarray(3)]); // SDK format 1.0: never committing
    await expect(enc.decrypt(sdkV1, context)).rejects.toThrow(NonCommittingSuiteError);
    const t9 = Buffer.from(await new V1Writer(kms).encrypt('record', context)); t9[1] = 9;
    await expect(enc.decrypt(t9, context)).rejects.toThrow(MalformedCiphertextError);
  });

  test('format-1 messages of earlier releases still decrypt; every bit flip of one is refused', async () => {
    const { enc, kms } = setup({ cache: false });
    const sealed = await new V1Writer(kms).encrypt('a format-1 record', context);
    expect(Buffer.from(await enc.decrypt(sealed, context)).toString()).toBe('a format-1 record');
    for (let i = 0; i < sealed.length; i++) {
      const copy = Buffer.from(sealed);
      copy[i] ^= 1 << (i % 8);
      await expect(enc.decrypt(copy, context)).rejects.toBeInstanceOf(EnvelopeError);
    }
  });

  test('a message of another key is refused before any KMS call', async () => {
    const other = new FakeKms(FAKE_KEY_ARN.replace('11111111', '99999999'));
    const foreign = await new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN.replace('11111111', '99999999'), client: other }).encrypt('x', context);
    const { enc, kms } = setup();
    await expect(enc.decrypt(foreign, context)).rejects.toThrow(KeyMismatchError);
    expect(kms.decryptCalls).toBe(0);
  });

  test('a swapped commitment key (invisible-salamander style) is refused before any decryption', async () => {
    const { kms } = setup();
    const enc = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: kms, cache: false });
    const a = Buffer.from(await enc.encrypt('a', context));
    const b = Buffer.from(await enc.encrypt('b', context));
    // The commitment key ends the header body, right before the 16-byte header tag.
    const end = parseEsdkHeader(a).body.length;
    b.copy(a, end - 32, end - 32, end);
    await expect(enc.decrypt(a, context)).rejects.toThrow(/key commitment does not match/);
  });

  test('key derivation is HKDF-SHA512 as RFC 5869 defines it (cross-checked with node:crypto hkdfSync)', () => {
    const dataKey = crypto.randomBytes(32);
    const messageId = crypto.randomBytes(32);
    const key = SecretKey.fromBytes(dataKey);
    const { key: derived, commitKey } = key.deriveCommitted(0x0478, messageId);
    const expected = Buffer.from(crypto.hkdfSync('sha512', dataKey, messageId, Buffer.concat([Buffer.from([0x04, 0x78]), Buffer.from('DERIVEKEY')]), 32));
    expect(commitKey.equals(Buffer.from(crypto.hkdfSync('sha512', dataKey, messageId, Buffer.from('COMMITKEY'), 32)))).toBe(true);
    // The derived key is not readable: compare what it encrypts with what the expected key encrypts.
    const iv = Buffer.alloc(12);
    const mine = derived.cipher(iv); mine.final();
    const theirs = crypto.createCipheriv('aes-256-gcm', expected, iv); theirs.final();
    expect(mine.getAuthTag().equals(theirs.getAuthTag())).toBe(true);
    key.wipe(); derived.wipe();
  });

  test('KMS failures surface as KmsFailureError with the cause', async () => {
    const { enc, kms } = setup();
    kms.failWith = 'AccessDeniedException';
    const error = await enc.encrypt('x', context).catch((e) => e);
    expect(error).toBeInstanceOf(KmsFailureError);
    expect(error.message).toMatch(/KMS GenerateDataKey failed: AccessDeniedException/);
    expect(error.cause.name).toBe('AccessDeniedException');
  });

  test('bad arguments', async () => {
    const { enc } = setup();
    expect(() => new EnvelopeEncryptor({ keyId: '' })).toThrow(InvalidArgumentError);
    expect(() => new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, cache: { maxMessages: 2 ** 33 } })).toThrow(/cache.maxMessages is 8589934592/);
    expect(() => new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, frameSize: 10 })).toThrow(/frameSize is 10/);
    await expect(enc.encrypt('x', { 'aws-crypto-x': 'x' })).rejects.toThrow(/starts with 'aws-crypto-', which the AWS Encryption SDK reserves/);
    await expect(enc.encrypt('x', { n: 1 as unknown as string })).rejects.toThrow(/values must be strings/);
  });
});

describe('EnvelopeEncryptor data-key cache', () => {
  test('one GenerateDataKey per context, reused; with decrypt caching on, decrypt after encrypt needs no KMS call', async () => {
    const { enc, kms } = setup({ cache: { decryption: true } });
    const sealed = [];
    for (let i = 0; i < 50; i++) sealed.push(await enc.encrypt(`r${i}`, context));
    await enc.encrypt('other tenant', { tenant: 't2' });
    expect(kms.generateCalls).toBe(2);
    for (const s of sealed) await enc.decrypt(s, context);
    expect(kms.decryptCalls).toBe(0);
  });

  test('maxMessages retires a data key', async () => {
    const { enc, kms } = setup({ cache: { maxMessages: 10 } });
    for (let i = 0; i < 25; i++) await enc.encrypt('r', context);
    expect(kms.generateCalls).toBe(3);
  });

  test('maxBytes retires a data key; a message larger than maxBytes gets a key of its own', async () => {
    const { enc, kms } = setup({ cache: { maxBytes: 1000 } });
    for (let i = 0; i < 4; i++) await enc.encrypt(Buffer.alloc(400), context); // 400, 800 | 400, 800
    expect(kms.generateCalls).toBe(2);
    await enc.encrypt(Buffer.alloc(5000), context);
    expect(kms.generateCalls).toBe(3);
    await enc.encrypt(Buffer.alloc(100), context); // still the cached key of the second batch
    expect(kms.generateCalls).toBe(3);
  });

  test('maxAgeMs retires data keys and unwrapped keys', async () => {
    let now = 1_000_000;
    const { enc, kms } = setup({ cache: { maxAgeMs: 60_000, decryption: true }, clock: () => now });
    const sealed = await enc.encrypt('r', context);
    now += 59_999;
    await enc.encrypt('r', context);
    expect(kms.generateCalls).toBe(1);
    now += 1;
    await enc.encrypt('r', context);
    expect(kms.generateCalls).toBe(2);
    await enc.decrypt(sealed, context);
    expect(kms.decryptCalls).toBe(1); // the unwrapped copy expired too
  });

  test('maxEntries evicts the least recently used context', async () => {
    const { enc, kms } = setup({ cache: { maxEntries: 2 } });
    await enc.encrypt('r', { t: 'a' });
    await enc.encrypt('r', { t: 'b' });
    await enc.encrypt('r', { t: 'a' });
    await enc.encrypt('r', { t: 'c' }); // evicts b
    await enc.encrypt('r', { t: 'a' });
    expect(kms.generateCalls).toBe(3);
    await enc.encrypt('r', { t: 'b' });
    expect(kms.generateCalls).toBe(4);
  });

  test('cache: false asks KMS for every message', async () => {
    const { enc, kms } = setup({ cache: false });
    for (let i = 0; i < 5; i++) await enc.encrypt('r', context);
    expect(kms.generateCalls).toBe(5);
  });

  test('concurrency: 200 parallel encrypts share one GenerateDataKey call; with decrypt caching 200 reads share one Decrypt', async () => {
    const { enc, kms } = setup();
    kms.delayMs = 20;
    const sealed = await Promise.all(Array.from({ length: 200 }, (_, i) => enc.encrypt(`r${i}`, context)));
    expect(kms.generateCalls).toBe(1);
    const fresh = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: kms, cache: { decryption: true } });
    const opened = await Promise.all(sealed.map((s) => fresh.decrypt(s, context)));
    expect(kms.decryptCalls).toBe(1);
    expect(opened.map((o) => Buffer.from(o).toString())).toEqual(sealed.map((_, i) => `r${i}`));
  });

  test('decrypt caching is off by default: every read is its own KMS Decrypt (one CloudTrail event per access), even in parallel', async () => {
    const { enc, kms } = setup();
    kms.delayMs = 5;
    const sealed = await enc.encrypt('r', context);
    await Promise.all(Array.from({ length: 20 }, () => enc.decrypt(sealed, context)));
    expect(kms.decryptCalls).toBe(20);
    await enc.decrypt(sealed, context);
    expect(kms.decryptCalls).toBe(21);
  });

  test('concurrency with a message limit: 100 parallel encrypts under maxMessages 10 make 10 calls', async () => {
    const { enc, kms } = setup({ cache: { maxMessages: 10 } });
    kms.delayMs = 5;
    await Promise.all(Array.from({ length: 100 }, () => enc.encrypt('r', context)));
    expect(kms.generateCalls).toBe(10);
  });

  test('a failed KMS call is not cached: the next encrypt asks again', async () => {
    const { enc, kms } = setup();
    kms.failWith = 'ThrottlingException';
    await expect(Promise.all([enc.encrypt('a', context), enc.encrypt('b', context)])).rejects.toThrow(KmsFailureError);
    kms.failWith = undefined;
    await enc.encrypt('c', context);
    expect(kms.generateCalls).toBe(1);
  });
});
