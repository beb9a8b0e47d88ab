import { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import { decryptAttributes, EnvelopeEncryptor, TamperedCiphertextError } from '../../lib/envelope';
import { FakeKms } from './fake-kms';
import fixtures from './fixtures/v1-messages.json';

// Messages, a stream and a DynamoDB item written by the last release that wrote our own format 1
// (before the AWS Encryption SDK format): nothing written before is lost.

const b = (s: string) => Buffer.from(s, 'base64');
const kms = new FakeKms(fixtures.keyArn, b(fixtures.kmsMaster));
const enc = new EnvelopeEncryptor({ keyId: fixtures.keyArn, client: kms });

describe('format-1 data of earlier releases stays readable', () => {
  test('a message and an empty message', async () => {
    expect(Buffer.from(await enc.decrypt(b(fixtures.message.ciphertext), fixtures.context)).toString()).toBe(fixtures.message.plaintext);
    expect((await enc.decrypt(b(fixtures.empty.ciphertext), fixtures.context)).length).toBe(0);
  });

  test('a stream, through decryptStream', async () => {
    const parts: Buffer[] = [];
    await pipeline(Readable.from([b(fixtures.stream.ciphertext)]), enc.decryptStream(fixtures.context), async function* (s) { for await (const c of s) parts.push(c as Buffer); });
    expect(Buffer.concat(parts).equals(b(fixtures.stream.plaintext))).toBe(true);
  });

  test('a DynamoDB item of metadata version 2, and its attributes stay bound', async () => {
    const item = Object.fromEntries(Object.entries(fixtures.item).map(([k, v]) => [k, typeof v === 'object' && v !== null && 'B' in v ? new Uint8Array(b((v as { B: string }).B)) : v]));
    const options = { encrypt: ['ssn', 'visits'], context: fixtures.context };
    expect(await decryptAttributes(enc, item, options)).toEqual({ pk: 'p1', sk: 's1', ssn: '123-45-6789', visits: [1, 2] });
    await expect(decryptAttributes(enc, { ...item, ssn: item.visits, visits: item.ssn }, options)).rejects.toThrow(TamperedCiphertextError);
    await expect(decryptAttributes(enc, { ...item, sk: 's2' }, options)).rejects.toThrow(TamperedCiphertextError);
  });
});
