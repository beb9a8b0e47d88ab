import { Readable } from 'stream';
import { DecryptCommand, EncryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { KmsKeyringNode } from '@aws-crypto/client-node';
import { pipeline } from 'stream/promises';
import { EnvelopeEncryptor, InvalidArgumentError, KeyMismatchError } from '../../lib/envelope';
import { frameNumberAllowed, MAX_FRAMES } from '../../lib/envelope/codec';
import { parseEsdkHeader } from '../../lib/envelope/message';
import { bytesCopied, realConcat } from './copy-spy';
import { FAKE_KEY_ARN, FakeKms } from './fake-kms';
import { sdk, sdkKeyring } from './sdk-kms';

// Findings of the AWS Encryption SDK format review (issue 21 follow-up), one test each.

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
    expect(realConcat(parts).toString()).toBe('x');
    // Parsing the whole prefix again on each of the ~460 chunks copied about 230 times the header
    // (a 1 MiB header sent a byte at a time: ~5 * 10^11 bytes); once per field is a few times it.
    expect(copied).toBeLessThan(20 * headerLength);
  });
});

describe('message frame limit', () => {
  test('is 2^32 - 1 frames, as the specification says: the final frame may carry 0xffffffff, a regular frame may not', () => {
    expect(MAX_FRAMES).toBe(2 ** 32 - 1);
    expect(frameNumberAllowed(2 ** 32 - 1, true)).toBe(true);
    expect(frameNumberAllowed(2 ** 32 - 2, false)).toBe(true);
    // A regular frame numbered 0xffffffff would read as the final frame's Sequence Number End mark.
    expect(frameNumberAllowed(2 ** 32 - 1, false)).toBe(false);
    expect(frameNumberAllowed(2 ** 32, true)).toBe(false);
    expect(frameNumberAllowed(0, true)).toBe(false);
  });
});

describe('reserved encryption context keys', () => {
  const enc = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: new FakeKms() });

  test("encrypt refuses keys starting with 'aws-crypto-' (the prefix the specification reserves), naming the key", async () => {
    const sealed = await enc.encrypt('x', {});
    for (const key of ['aws-crypto-public-key', 'aws-crypto-x']) {
      await expect(enc.encrypt('x', { [key]: 'v' })).rejects.toThrow(new RegExp(`'${key}' starts with 'aws-crypto-'`));
      // Nor can a reader expect one: a stored 'aws-crypto-' key of an unsigned message never matches.
      await expect(enc.decrypt(sealed, { [key]: 'v' })).rejects.toThrow(InvalidArgumentError);
    }
  });

  test("other keys starting with 'aws' (as AWS services write them) are the caller's: written, and read back with the SDK and by us", async () => {
    const kms = new FakeKms();
    const ours = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: kms });
    const keyring = sdkKeyring(kms);
    const context = { 'aws:s3:arn': 'arn:aws:s3:::phi/object', awsRegion: 'eu-west-1', 'AWS-crypto-x': 'case matters' };
    const sealed = await ours.encrypt('note', context);
    const read = await sdk.decrypt(keyring, sealed);
    expect(Buffer.from(read.plaintext).toString()).toBe('note');
    expect(read.messageHeader.encryptionContext).toEqual(context);
    const fromSdk = (await sdk.encrypt(keyring, 'note', { encryptionContext: context })).result;
    expect(Buffer.from(await ours.decrypt(fromSdk, context)).toString()).toBe('note');
  });
});

/**
 * Two KMS keys behind one client, as real KMS: a wrapped data key names its key (here a leading
 * byte), Decrypt with a KeyId of another key fails with IncorrectKeyException, and an alias names
 * one key.
 */
class TwoKeyKms {
  public readonly keys = [new FakeKms(KEY_A), new FakeKms(KEY_B)];
  public decryptCalls: string[] = [];
  constructor(public readonly aliases: Record<string, string>) {}

  public async send(command: GenerateDataKeyCommand | DecryptCommand | EncryptCommand): Promise<any> {
    const index = (keyId: string | undefined) => [KEY_A, KEY_B].indexOf(this.aliases[keyId ?? ''] ?? keyId ?? '');
    if (command instanceof DecryptCommand) {
      const blob = Buffer.from(command.input.CiphertextBlob!);
      const owner = blob[0];
      this.decryptCalls.push([KEY_A, KEY_B][owner]);
      if (command.input.KeyId !== undefined && index(command.input.KeyId) !== owner) {
        throw Object.assign(new Error('the ciphertext was not encrypted under this key'), { name: 'IncorrectKeyException' });
      }
      return this.keys[owner].send(new DecryptCommand({ ...command.input, KeyId: undefined, CiphertextBlob: blob.subarray(1) }));
    }
    const i = index(command.input.KeyId);
    if (i < 0) throw Object.assign(new Error('no such key'), { name: 'NotFoundException' });
    const out = await this.keys[i].send(command instanceof EncryptCommand
      ? new EncryptCommand({ ...command.input, KeyId: [KEY_A, KEY_B][i] })
      : new GenerateDataKeyCommand({ ...command.input, KeyId: [KEY_A, KEY_B][i] }));
    return { ...out, CiphertextBlob: new Uint8Array(Buffer.concat([Buffer.from([i]), Buffer.from(out.CiphertextBlob)])) };
  }
}
const KEY_A = 'arn:aws:kms:eu-west-1:000000000000:key/aaaaaaaa-2222-3333-4444-555555555555';
const KEY_B = 'arn:aws:kms:eu-west-1:000000000000:key/bbbbbbbb-2222-3333-4444-555555555555';

describe('a message with several encrypted data keys', () => {
  const context = { tenant: 't1' };
  /** An SDK message with two KMS data keys: key A's first (the generator), then key B's. */
  async function twoKeyMessage(kms: TwoKeyKms): Promise<Uint8Array> {
    const client = {
      generateDataKey: async (input: { KeyId: string; EncryptionContext?: Record<string, string> }) =>
        kms.send(new GenerateDataKeyCommand({ KeyId: input.KeyId, KeySpec: 'AES_256', EncryptionContext: input.EncryptionContext })),
      encrypt: async (input: { KeyId: string; Plaintext: Uint8Array; EncryptionContext?: Record<string, string> }) =>
        kms.send(new EncryptCommand({ KeyId: input.KeyId, Plaintext: input.Plaintext, EncryptionContext: input.EncryptionContext })),
      decrypt: async () => { throw new Error('not used'); },
    };
    const keyring = new KmsKeyringNode({ generatorKeyId: KEY_A, keyIds: [KEY_B], clientProvider: () => client as never });
    const sealed = (await sdk.encrypt(keyring, 'two keys', { encryptionContext: context })).result;
    expect(parseEsdkHeader(Buffer.from(sealed)).dataKeys.map((k) => k.providerInfo.toString())).toEqual([KEY_A, KEY_B]);
    return sealed;
  }

  test('an encryptor with an alias tries each KMS data key in turn: key A\'s is refused by KMS, key B\'s opens it', async () => {
    const kms = new TwoKeyKms({ 'alias/phi': KEY_B });
    const sealed = await twoKeyMessage(kms);
    const enc = new EnvelopeEncryptor({ keyId: 'alias/phi', client: kms });
    expect(Buffer.from(await enc.decrypt(sealed, context)).toString()).toBe('two keys');
    expect(kms.decryptCalls).toEqual([KEY_A, KEY_B]);
  });

  test('an encryptor with a key ARN unwraps only the data key of that ARN, the first or not', async () => {
    for (const key of [KEY_A, KEY_B]) {
      const kms = new TwoKeyKms({});
      const sealed = await twoKeyMessage(kms);
      const enc = new EnvelopeEncryptor({ keyId: key, client: kms });
      expect(Buffer.from(await enc.decrypt(sealed, context)).toString()).toBe('two keys');
      expect(kms.decryptCalls).toEqual([key]);
    }
  });

  test('when no data key unwraps, the error says so (KeyMismatchError), and a key that unwraps but fails the commitment is not retried', async () => {
    const kms = new TwoKeyKms({ 'alias/other': 'arn:aws:kms:eu-west-1:000000000000:key/cccccccc-2222-3333-4444-555555555555' });
    const sealed = await twoKeyMessage(kms);
    await expect(new EnvelopeEncryptor({ keyId: 'alias/other', client: kms }).decrypt(sealed, context)).rejects.toThrow(KeyMismatchError);
    expect(kms.decryptCalls).toEqual([KEY_A, KEY_B]);
    // Flip one bit of the commitment key (the 32 bytes before the header tag): key A's data key unwraps, the commitment fails.
    const forged = Buffer.from(sealed);
    forged[parseEsdkHeader(forged).body.length - 1] ^= 1;
    kms.aliases['alias/a'] = KEY_A;
    kms.decryptCalls = [];
    await expect(new EnvelopeEncryptor({ keyId: 'alias/a', client: kms }).decrypt(forged, context)).rejects.toThrow(/key commitment does not match/);
    expect(kms.decryptCalls).toEqual([KEY_A]);
  });
});

describe('data-key cache byte accounting of streams', () => {
  const context = { bucket: 'phi' };
  async function stream(enc: EnvelopeEncryptor, plaintext: Buffer): Promise<Buffer> {
    const parts: Buffer[] = [];
    const source = Readable.from((function* () { for (let i = 0; i < plaintext.length; i += 700) yield plaintext.subarray(i, i + 700); })());
    await pipeline(source, enc.encryptStream(context), async function* (out) { for await (const c of out) parts.push(c as Buffer); });
    return realConcat(parts);
  }

  test('every byte a stream encrypts under a cached data key counts against maxBytes, as for messages', async () => {
    const kms = new FakeKms();
    const enc = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: kms, frameSize: 1024, cache: { maxBytes: 10_000 } });
    const plaintext = Buffer.alloc(8000, 1);
    const sealed = await stream(enc, plaintext);
    expect(kms.generateCalls).toBe(1);
    // 8000 counted (not one 1024-byte frame): a 3000-byte message does not fit under the same key.
    await enc.encrypt(Buffer.alloc(3000), context);
    expect(kms.generateCalls).toBe(2);
    expect(Buffer.from(await enc.decrypt(sealed, context)).equals(plaintext)).toBe(true);
  });

  test('a stream that passes maxBytes retires its data key: the next message gets a new one', async () => {
    const kms = new FakeKms();
    const enc = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: kms, frameSize: 1024, cache: { maxBytes: 10_000 } });
    await stream(enc, Buffer.alloc(12_000, 2));
    await enc.encrypt(Buffer.alloc(1), context);
    expect(kms.generateCalls).toBe(2);
  });

  test('a small stream still shares the cached key with messages (its reserved frame counts once)', async () => {
    const kms = new FakeKms();
    const enc = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: kms, frameSize: 1024, cache: { maxBytes: 10_000 } });
    await stream(enc, Buffer.alloc(500, 3));
    await enc.encrypt(Buffer.alloc(8000), context); // 1024 reserved + 8000 <= 10000
    expect(kms.generateCalls).toBe(1);
  });
});
