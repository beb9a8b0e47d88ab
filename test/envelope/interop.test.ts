import * as crypto from 'crypto';
import { Readable, Transform } from 'stream';
import { pipeline } from 'stream/promises';
import { AlgorithmSuiteIdentifier } from '@aws-crypto/client-node';
import { encryptAttributes, EncryptionContextMismatchError, EnvelopeEncryptor, EnvelopeError, NonCommittingSuiteError, SignatureError, TamperedCiphertextError } from '../../lib/envelope';
import { parseEsdkHeader } from '../../lib/envelope/message';
import { FAKE_KEY_ARN, FakeKms } from './fake-kms';
import { legacySdk, sdk, sdkKeyring } from './sdk-kms';

// Interoperability with the AWS Encryption SDK for JavaScript (@aws-crypto/client-node), both
// directions, one in-memory KMS behind both: what we write the SDK reads, what the SDK writes we read.

const context = { tenant: 't1', table: 'records' };
const kms = new FakeKms();
const keyring = sdkKeyring(kms);
const COMMIT = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;
const COMMIT_SIGNED = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384;

function ours(options: Partial<ConstructorParameters<typeof EnvelopeEncryptor>[0]> = {}): EnvelopeEncryptor {
  return new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: kms, ...options });
}

async function run(transform: Transform, input: Buffer, chunk = 777): Promise<Buffer> {
  const parts: Buffer[] = [];
  const source = Readable.from((function* () { for (let i = 0; i < input.length; i += chunk) yield input.subarray(i, i + chunk); })());
  await pipeline(source, transform, async function* (out) { for await (const c of out) parts.push(c as Buffer); });
  return Buffer.concat(parts);
}

const SIZES = [0, 1, 1023, 1024, 1025, 4096, 5000, 70_000];

describe('ours -> AWS Encryption SDK', () => {
  test.each(SIZES)('a %i-byte message decrypts with the SDK, context and suite as written', async (size) => {
    const plaintext = crypto.randomBytes(size);
    const sealed = await ours({ frameSize: 1024 }).encrypt(plaintext, context);
    const { plaintext: opened, messageHeader } = await sdk.decrypt(keyring, sealed);
    expect(Buffer.from(opened).equals(plaintext)).toBe(true);
    expect(messageHeader.encryptionContext).toEqual(context);
    expect(messageHeader.suiteId).toBe(COMMIT);
    expect(messageHeader.version).toBe(2);
    expect(messageHeader.frameLength).toBe(Math.max(1024, size)); // one frame: the message is in memory
    expect(messageHeader.encryptedDataKeys.map((k) => [k.providerId, k.providerInfo])).toEqual([['aws-kms', FAKE_KEY_ARN]]);
  });

  test('multi-frame (1 MiB frames above 1 MiB), no context, and a context whose keys sort differently in UTF-16 and UTF-8', async () => {
    const enc = ours();
    const big = crypto.randomBytes(2.5 * 1024 * 1024);
    const sealed = await enc.encrypt(big, context);
    const { plaintext, messageHeader } = await sdk.decrypt(keyring, sealed);
    expect(Buffer.from(plaintext).equals(big)).toBe(true);
    expect(messageHeader.frameLength).toBe(1024 * 1024);
    expect((await run(sdk.decryptUnsignedMessageStream(keyring) as unknown as Transform, Buffer.from(sealed), 64 * 1024)).equals(big)).toBe(true);
    expect(Buffer.from((await sdk.decrypt(keyring, await enc.encrypt('x'))).plaintext).toString()).toBe('x');
    const tricky = { '\uFF61': 'a', '\u{1F600}': 'b', 'z': 'c' }; // U+FF61 sorts after the surrogate pair in UTF-16, before it in UTF-8
    expect((await sdk.decrypt(keyring, await enc.encrypt('y', tricky))).messageHeader.encryptionContext).toEqual(tricky);
  });

  test('messages under one cached data key: one GenerateDataKey, a fresh message id each, all readable by the SDK', async () => {
    const enc = ours();
    const before = kms.generateCalls;
    const sealed = await Promise.all(Array.from({ length: 20 }, (_, i) => enc.encrypt(`r${i}`, { tenant: 'cache-test' })));
    expect(kms.generateCalls).toBe(before + 1);
    const ids = new Set(sealed.map((s) => Buffer.from(s).subarray(3, 35).toString('hex')));
    expect(ids.size).toBe(20);
    for (const [i, s] of sealed.entries()) expect(Buffer.from((await sdk.decrypt(keyring, s)).plaintext).toString()).toBe(`r${i}`);
  });

  test('a stream (many chunks, several frames) decrypts with the SDK, in memory and as a stream', async () => {
    const plaintext = crypto.randomBytes(10_000);
    const sealed = await run(ours({ frameSize: 1024 }).encryptStream(context), plaintext);
    expect(Buffer.from((await sdk.decrypt(keyring, sealed)).plaintext).equals(plaintext)).toBe(true);
    expect((await run(sdk.decryptUnsignedMessageStream(keyring) as unknown as Transform, sealed)).equals(plaintext)).toBe(true);
    const empty = await run(ours().encryptStream(context), Buffer.alloc(0));
    expect((await sdk.decrypt(keyring, empty)).plaintext.length).toBe(0);
  });
});

describe('AWS Encryption SDK -> ours', () => {
  const sdkEncrypt = (plaintext: Buffer, suiteId: AlgorithmSuiteIdentifier, frameLength?: number, encryptionContext: Record<string, string> = context) =>
    sdk.encrypt(keyring, plaintext, { suiteId, encryptionContext, frameLength }).then((r) => r.result);

  test.each(SIZES)('unsigned committing suite, %i bytes, 1 KiB frames', async (size) => {
    const plaintext = crypto.randomBytes(size);
    const sealed = await sdkEncrypt(plaintext, COMMIT, 1024);
    expect(Buffer.from(await ours({ cache: false }).decrypt(sealed, context)).equals(plaintext)).toBe(true);
    expect((await run(ours().decryptStream(context), sealed, 100)).equals(plaintext)).toBe(true);
  });

  test.each(SIZES)('the SDK default (signed, ECDSA P-384), %i bytes, 4 KiB frames: signature verified', async (size) => {
    const plaintext = crypto.randomBytes(size);
    const sealed = Buffer.from((await sdk.encrypt(keyring, plaintext, { encryptionContext: context })).result);
    expect(sealed.readUInt16BE(1)).toBe(COMMIT_SIGNED);
    expect(Buffer.from(await ours().decrypt(sealed, context)).equals(plaintext)).toBe(true);
    expect((await run(ours().decryptStream(context), sealed, 333)).equals(plaintext)).toBe(true);
  });

  test('an SDK stream (signed and unsigned) decrypts with decryptStream', async () => {
    const plaintext = crypto.randomBytes(20_000);
    for (const suiteId of [COMMIT, COMMIT_SIGNED]) {
      const sealed = await run(sdk.encryptStream(keyring, { suiteId, encryptionContext: context, frameLength: 2048 }) as unknown as Transform, plaintext);
      expect((await run(ours().decryptStream(context), sealed)).equals(plaintext)).toBe(true);
    }
  });

  test('the context must match exactly; the signed suite\'s public key is not part of what the caller names', async () => {
    const sealed = await sdkEncrypt(Buffer.from('x'), COMMIT_SIGNED);
    await expect(ours().decrypt(sealed, { tenant: 't1' })).rejects.toThrow(EncryptionContextMismatchError);
    await expect(ours().decrypt(sealed, { ...context, extra: 'y' })).rejects.toThrow(EncryptionContextMismatchError);
    const noContext = await sdkEncrypt(Buffer.from('x'), COMMIT, undefined, {});
    expect(Buffer.from(await ours().decrypt(noContext, {})).toString()).toBe('x');
  });

  test('non-committing suites are refused (commitment policy REQUIRE_ENCRYPT_REQUIRE_DECRYPT), before any KMS call', async () => {
    for (const suiteId of [AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384, AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA256]) {
      const sealed = (await legacySdk.encrypt(keyring, Buffer.from('x'), { suiteId, encryptionContext: context })).result;
      const calls = kms.decryptCalls;
      await expect(ours().decrypt(sealed, context)).rejects.toThrow(NonCommittingSuiteError);
      await expect(run(ours().decryptStream(context), Buffer.from(sealed))).rejects.toThrow(NonCommittingSuiteError);
      expect(kms.decryptCalls).toBe(calls);
    }
  });
});

describe('DynamoDB attributes are AWS Encryption SDK messages', () => {
  test('the SDK decrypts an attribute; its plaintext is the 32-byte binding (recomputed as the README says) then the typed value', async () => {
    const enc = ours();
    const options = { encrypt: ['ssn'], context: { table: 'visits' } };
    const item = await encryptAttributes(enc, { pk: 'p#1', sk: 'v#1', ssn: '123-45-6789' }, options);
    const { plaintext, messageHeader } = await sdk.decrypt(keyring, item.ssn as Uint8Array);
    expect(messageHeader.encryptionContext).toEqual({ table: 'visits' });
    const opened = Buffer.from(plaintext);
    expect(opened.subarray(32).toString()).toBe('{"S":"123-45-6789"}');
    // README recipe: header = the metadata attribute up to its last name; signed = SHA-256 of the typed canonical signed attributes.
    const meta = Buffer.from(item.cdk_hipaa_enc as Uint8Array);
    let o = 1 + 16;
    const count = meta.readUInt16BE(o); o += 2;
    for (let i = 0; i < count; i++) o += 2 + meta.readUInt16BE(o);
    const header = meta.subarray(0, o);
    const signed = crypto.createHash('sha256').update('{"M":[["pk",{"S":"p#1"}],["sk",{"S":"v#1"}]]}').digest();
    const name = Buffer.from('ssn');
    const u16 = Buffer.alloc(2); u16.writeUInt16BE(name.length, 0);
    const u32 = Buffer.alloc(4); u32.writeUInt32BE(header.length, 0);
    const binding = crypto.createHash('sha256').update(Buffer.concat([Buffer.from('cdk-hipaa/ddb/v2\u0000'), u16, name, u32, header, signed])).digest();
    expect(opened.subarray(0, 32).equals(binding)).toBe(true);
    expect(Buffer.from((await sdk.decrypt(keyring, meta.subarray(o))).plaintext)).toHaveLength(32); // the item authenticator
  });
});

describe('every change to an SDK message is refused', () => {
  const enc = ours({ cache: false });

  // Unsigned: all 8 bits of every byte. Signed (twice the bytes, an ECDSA verification each): one bit
  // of every byte, rotating through the 8 positions, to keep the test within seconds on a shared CI.
  test.each([['unsigned: every single-bit flip', COMMIT, 8], ['signed: a bit flip in every byte', COMMIT_SIGNED, 1]] as const)('%s', async (_name, suiteId, bits) => {
    const sealed = Buffer.from((await sdk.encrypt(keyring, Buffer.from('PHI: a short record'), { suiteId, encryptionContext: { t: '1' }, frameLength: 8 })).result);
    for (let i = 0; i < sealed.length; i++) {
      for (let k = 0; k < bits; k++) {
        const bit = bits === 8 ? k : i % 8;
        const copy = Buffer.from(sealed);
        copy[i] ^= 1 << bit;
        const error = await enc.decrypt(copy, { t: '1' }).then(() => undefined, (e) => e);
        if (!(error instanceof EnvelopeError)) throw new Error(`flip of bit ${bit} of byte ${i} was ${error ? `not typed: ${error}` : 'accepted'}`);
      }
    }
  });

  test.each([['unsigned', COMMIT], ['signed', COMMIT_SIGNED]] as const)('%s: every truncation and an appended byte, message and stream', async (_name, suiteId) => {
    const sealed = Buffer.from((await sdk.encrypt(keyring, crypto.randomBytes(40), { suiteId, encryptionContext: { t: '1' }, frameLength: 16 })).result);
    for (let n = 0; n < sealed.length; n++) {
      await expect(enc.decrypt(sealed.subarray(0, n), { t: '1' })).rejects.toBeInstanceOf(EnvelopeError);
      await expect(run(enc.decryptStream({ t: '1' }), sealed.subarray(0, n))).rejects.toBeInstanceOf(EnvelopeError);
    }
    await expect(enc.decrypt(Buffer.concat([sealed, Buffer.from([0])]), { t: '1' })).rejects.toBeInstanceOf(EnvelopeError);
    await expect(run(enc.decryptStream({ t: '1' }), Buffer.concat([sealed, Buffer.from([0])]))).rejects.toBeInstanceOf(EnvelopeError);
  });

  test('a signed message whose signature was replaced by another valid one fails the signature check', async () => {
    const a = Buffer.from((await sdk.encrypt(keyring, Buffer.from('a'), { encryptionContext: context })).result);
    const b = Buffer.from((await sdk.encrypt(keyring, Buffer.from('a'), { encryptionContext: context })).result);
    const forged = Buffer.concat([a.subarray(0, findFooter(a)), b.subarray(findFooter(b))]);
    await expect(ours().decrypt(forged, context)).rejects.toThrow(SignatureError);
  });

  test('frames of two messages under one cached data key do not mix (each message has its own key)', async () => {
    const cached = ours({ frameSize: 1024 });
    const a = Buffer.from(await cached.encrypt(crypto.randomBytes(3000), { tenant: 'mix' }));
    const b = Buffer.from(await cached.encrypt(crypto.randomBytes(3000), { tenant: 'mix' }));
    const header = parseEsdkHeader(a).end;
    expect(parseEsdkHeader(b).end).toBe(header);
    const mixed = Buffer.concat([a.subarray(0, header), b.subarray(header)]);
    await expect(cached.decrypt(mixed, { tenant: 'mix' })).rejects.toThrow(TamperedCiphertextError);
  });
});

/** Offset of the footer of a signed message: the DER signature is 102-104 bytes, preceded by its u16 length. */
function findFooter(m: Buffer): number {
  for (let length = 110; length >= 60; length--) {
    const at = m.length - 2 - length;
    if (m.readUInt16BE(at) === length) return at;
  }
  throw new Error('no footer');
}
