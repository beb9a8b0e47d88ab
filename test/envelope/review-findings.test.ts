import * as crypto from 'crypto';
import { Readable, Transform } from 'stream';
import { pipeline } from 'stream/promises';
import {
  EncryptionContextMismatchError, EnvelopeEncryptor, InvalidArgumentError, KeyMismatchError, MalformedCiphertextError, TamperedCiphertextError,
} from '../../lib/envelope';
import { encodeContext } from '../../lib/envelope/context';
import { encodeHeader, MESSAGE_TYPE, parseHeader } from '../../lib/envelope/format';
import { V1Writer } from './v1-writer';
import { FAKE_KEY_ARN, FakeKms } from './fake-kms';

// Issue 24, findings other than the data loss: each test here failed on the code the review read.

const t1 = { tenant: 't1', table: 'records' };
const t2 = { tenant: 't2', table: 'records' };

function setup(options: Partial<ConstructorParameters<typeof EnvelopeEncryptor>[0]> = {}) {
  const kms = new FakeKms();
  return { kms, enc: new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: kms, ...options }) };
}

async function run(transform: Transform, input: Buffer, chunk = 1000): Promise<Buffer> {
  const parts: Buffer[] = [];
  const source = Readable.from((function* () { for (let i = 0; i < input.length; i += chunk) yield input.subarray(i, i + chunk); })());
  await pipeline(source, transform, async function* (out) { for await (const c of out) parts.push(c as Buffer); });
  return Buffer.concat(parts);
}

/** A message with a hand-made header (the body is random: only what happens before authentication matters). */
function forged(keyArn: string, wrappedKey: Uint8Array, context: Uint8Array, commitment: Uint8Array = Buffer.alloc(32)): Buffer {
  return Buffer.concat([encodeHeader(MESSAGE_TYPE, keyArn, wrappedKey, Buffer.from(context), Buffer.from(commitment)), crypto.randomBytes(12 + 5 + 16)]);
}

describe('the encryption context is always checked (High)', () => {
  test('decrypt and decryptStream require the expected context', async () => {
    const { enc } = setup();
    const sealed = await enc.encrypt('record', t1);
    const anyEnc = enc as unknown as { decrypt(c: Uint8Array): Promise<Uint8Array>; decryptStream(): Transform };
    await expect(anyEnc.decrypt(sealed)).rejects.toThrow(InvalidArgumentError);
    await expect(anyEnc.decrypt(sealed)).rejects.toThrow(/expectedContext/);
    expect(() => anyEnc.decryptStream()).toThrow(/expectedContext/);
  });

  test('a record of tenant t2 does not open where t1 is expected (message and stream)', async () => {
    const { enc } = setup();
    const record = await enc.encrypt('t2 record', t2);
    await expect(enc.decrypt(record, t1)).rejects.toThrow(EncryptionContextMismatchError);
    const object = await run(enc.encryptStream(t2), crypto.randomBytes(3000));
    await expect(run(enc.decryptStream(t1), object)).rejects.toThrow(EncryptionContextMismatchError);
    expect(Buffer.from(await enc.decrypt(record, t2)).toString()).toBe('t2 record');
  });

  test('an empty context must be asked for explicitly', async () => {
    const { enc } = setup();
    const sealed = await enc.encrypt('x');
    expect(Buffer.from(await enc.decrypt(sealed, {})).toString()).toBe('x');
    await expect(enc.decrypt(sealed, t1)).rejects.toThrow(EncryptionContextMismatchError);
  });
});

describe('error messages do not echo attacker-chosen strings (Low)', () => {
  test('a foreign key ARN in a header is not repeated', async () => {
    const { enc } = setup();
    const evil = `${FAKE_KEY_ARN.replace('11111111', '99999999')}<img src=x onerror=alert(1)>`;
    const error = await enc.decrypt(forged(evil, Buffer.alloc(60, 1), encodeContext(t1)), t1).catch((e) => e);
    expect(error).toBeInstanceOf(KeyMismatchError);
    expect(error.message).not.toContain('<img');
    expect(error.message).not.toContain('99999999');
  });

  test('context keys and values of the message are not repeated', async () => {
    const { enc } = setup();
    const sealed = await enc.encrypt('x', { tenant: 't1', 'INJECTED\nlevel=admin': 'v' });
    const error = await enc.decrypt(sealed, t1).catch((e) => e);
    expect(error).toBeInstanceOf(EncryptionContextMismatchError);
    expect(error.message).not.toContain('INJECTED');
    expect(error.message).toMatch(/table/); // the caller's own key may be named
  });
});

describe('context encoding (Low)', () => {
  test('a context key named __proto__ round-trips instead of being dropped', async () => {
    const { enc } = setup();
    const context = JSON.parse('{"__proto__": "x", "tenant": "t1"}');
    const sealed = await enc.encrypt('r', context);
    expect(Buffer.from(await enc.decrypt(sealed, context)).toString()).toBe('r');
    await expect(enc.decrypt(sealed, { tenant: 't1' })).rejects.toThrow(EncryptionContextMismatchError);
  });

  test('a context with a lone surrogate is refused at encryption (it could never be decrypted)', async () => {
    const { enc } = setup();
    await expect(enc.encrypt('r', { tenant: 'a\uD800b' })).rejects.toThrow(InvalidArgumentError);
    await expect(enc.encrypt('r', { ['\uDC00k']: 'v' })).rejects.toThrow(InvalidArgumentError);
    await expect(enc.encrypt('r', { tenant: 'paired \uD83D\uDE00 is fine' })).resolves.toBeInstanceOf(Uint8Array);
  });

  test('the parser refuses a context longer than the encoder writes (8192 bytes)', async () => {
    const { enc } = setup();
    const value = 'a'.repeat(8186); // 2 + (2 + 1) + (2 + 8186) = 8193 bytes
    const context = Buffer.concat([Buffer.from([0, 1, 0, 1]), Buffer.from('k'), Buffer.from([8186 >> 8, 8186 & 0xff]), Buffer.from(value)]);
    expect(context.length).toBe(8193);
    await expect(enc.decrypt(forged(FAKE_KEY_ARN, Buffer.alloc(60, 1), context), { k: value })).rejects.toThrow(MalformedCiphertextError);
    await expect(enc.encrypt('x', { k: 'a'.repeat(8186) })).rejects.toThrow(/encodes to 8193 bytes; the limit is 8192/);
  });
});

describe('the decrypt cache (Low, Medium)', () => {
  test('its key is unambiguous: a forged (wrapped key, context) split of a cached entry goes to KMS, which refuses it', async () => {
    const { enc, kms } = setup({ cache: { decryption: true } });
    const inner = encodeContext({ x: 'y' }); // starts with a zero byte
    const value = `z\u0000${inner.toString('latin1')}`;
    const sealed = await new V1Writer(kms).encrypt('secret', { k: value });
    await enc.decrypt(sealed, { k: value }); // now cached
    const header = parseHeader(sealed);
    // Old cache key: wrapped \0 context. Moving the split: wrapped' = wrapped \0 (context up to the zero byte before `inner`).
    const prefix = header.context.subarray(0, header.context.length - inner.length - 1);
    const wrapped = Buffer.concat([header.wrappedKey, Buffer.from([0]), prefix]);
    const calls = kms.decryptCalls;
    await expect(enc.decrypt(forged(FAKE_KEY_ARN, wrapped, inner, header.commitment), { x: 'y' })).rejects.toThrow(TamperedCiphertextError);
    expect(kms.decryptCalls).toBe(calls + 1); // not served from the cache entry of the real message
  });

  test('cached decrypt material keeps no reference to the ciphertext it came from', async () => {
    const writer = setup().enc;
    const { enc } = setup({ cache: { decryption: true } });
    const kmsOfWriter = (writer as unknown as { keys: { client: unknown } }).keys.client;
    (enc as unknown as { keys: { client: unknown } }).keys.client = kmsOfWriter;
    const ciphertext = new Uint8Array(await writer.encrypt(crypto.randomBytes(100_000), t1)); // its own ArrayBuffer
    await enc.decrypt(ciphertext, t1);
    const cache = (enc as unknown as { keys: { decryptCache: object } }).keys.decryptCache;
    expect(arrayBuffersOf(cache).has(ciphertext.buffer)).toBe(false);
    expect(arrayBuffersOf(cache).size).toBeGreaterThan(0); // the walk does find the cached key's buffers
  });
});

/** Every ArrayBuffer reachable from `root` (objects, arrays, maps, typed arrays). */
function arrayBuffersOf(root: unknown): Set<ArrayBufferLike> {
  const found = new Set<ArrayBufferLike>();
  const seen = new Set<unknown>();
  const walk = (x: unknown) => {
    if (x === null || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    if (ArrayBuffer.isView(x)) { found.add(x.buffer); return; }
    if (x instanceof Map) { for (const [k, v] of x) { walk(k); walk(v); } return; }
    for (const key of Reflect.ownKeys(x)) walk((x as Record<string | symbol, unknown>)[key]);
  };
  walk(root);
  return found;
}
