import * as crypto from 'crypto';
import { decryptAttributes, encryptAttributes, EnvelopeEncryptor, InvalidArgumentError, TamperedCiphertextError } from '../../lib/envelope';
import { canonical } from '../../lib/envelope/canonical';
import { FAKE_KEY_ARN, FakeKms } from './fake-kms';

// Issue 24, High and Medium: the set of encrypted attributes was not authenticated, attributes
// of different writes could be mixed, and the canonical form confused types.

const enc = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: new FakeKms() });
const options = { encrypt: ['name', 'diagnosis', 'ssn'], context: { table: 'visits' } };
const item = (pk: string, name: string) => ({ pk, sk: 'visit#1', name, diagnosis: { code: 'E11.9' }, ssn: '123-45-6789', scan: new Uint8Array([1, 2, 3]) });

describe('DynamoDB items are authenticated as a whole', () => {
  test('round trip; the metadata attribute is added on write and removed on read', async () => {
    const sealed = await encryptAttributes(enc, item('p#1', 'Jane'), options);
    expect(sealed.cdk_hipaa_enc).toBeInstanceOf(Uint8Array);
    expect(await decryptAttributes(enc, sealed, options)).toEqual(item('p#1', 'Jane'));
  });

  test('removing an encrypted attribute is detected', async () => {
    const sealed = await encryptAttributes(enc, item('p#1', 'Jane'), options);
    const { ssn: _removed, ...withoutSsn } = sealed;
    await expect(decryptAttributes(enc, withoutSsn, options)).rejects.toThrow(/encrypted attribute 'ssn' was removed/);
  });

  test('removing the metadata attribute, or every encrypted attribute with it, is detected', async () => {
    const sealed = await encryptAttributes(enc, item('p#1', 'Jane'), options);
    const { cdk_hipaa_enc: _meta, ...noMeta } = sealed;
    await expect(decryptAttributes(enc, noMeta, options)).rejects.toThrow(TamperedCiphertextError);
    const { name: _n, diagnosis: _d, ssn: _s, ...plainOnly } = noMeta;
    await expect(decryptAttributes(enc, plainOnly, options)).rejects.toThrow(TamperedCiphertextError);
  });

  test('an attribute from an older write of the same item is refused (replay within an item)', async () => {
    const v1 = await encryptAttributes(enc, item('p#1', 'Jane'), options);
    const v2 = await encryptAttributes(enc, item('p#1', 'Jane Roe'), options);
    await expect(decryptAttributes(enc, { ...v2, name: v1.name }, options)).rejects.toThrow(TamperedCiphertextError);
    await expect(decryptAttributes(enc, { ...v1, name: v2.name }, options)).rejects.toThrow(TamperedCiphertextError);
    await expect(decryptAttributes(enc, { ...v2, cdk_hipaa_enc: v1.cdk_hipaa_enc }, options)).rejects.toThrow(TamperedCiphertextError);
  });

  test('swapping attributes within an item, or moving them from another item, is refused', async () => {
    const a = await encryptAttributes(enc, item('p#1', 'Jane'), options);
    const b = await encryptAttributes(enc, item('p#2', 'John'), options);
    await expect(decryptAttributes(enc, { ...a, name: a.ssn, ssn: a.name }, options)).rejects.toThrow(TamperedCiphertextError);
    await expect(decryptAttributes(enc, { ...a, name: b.name }, options)).rejects.toThrow(TamperedCiphertextError);
    // All of b's encrypted attributes and metadata under a's key: the signed pk differs.
    await expect(decryptAttributes(enc, { ...b, pk: 'p#1' }, options)).rejects.toThrow(TamperedCiphertextError);
  });

  test('an attribute added under an encrypted name, or listed but not in options.encrypt, is refused', async () => {
    const partial = await encryptAttributes(enc, { pk: 'p#1', name: 'Jane' }, options); // no diagnosis, no ssn
    const other = await encryptAttributes(enc, item('p#1', 'Jane'), options);
    await expect(decryptAttributes(enc, { ...partial, ssn: other.ssn }, options)).rejects.toThrow(/'ssn' was not encrypted with this item/);
    await expect(decryptAttributes(enc, other, { ...options, encrypt: ['name', 'diagnosis'] })).rejects.toThrow(/options.encrypt does not name/);
  });

  test('the metadata attribute name is reserved and configurable', async () => {
    await expect(encryptAttributes(enc, { ...item('p#1', 'J'), cdk_hipaa_enc: 'x' }, options)).rejects.toThrow(InvalidArgumentError);
    await expect(encryptAttributes(enc, item('p#1', 'J'), { ...options, metadataAttribute: 'name' })).rejects.toThrow(/metadataAttribute 'name' is also in encrypt or sign/);
    const custom = { ...options, metadataAttribute: 'enc_meta' };
    const sealed = await encryptAttributes(enc, item('p#1', 'J'), custom);
    expect(sealed.enc_meta).toBeInstanceOf(Uint8Array);
    expect(await decryptAttributes(enc, sealed, custom)).toEqual(item('p#1', 'J'));
  });
});

describe('typed canonical form: no two DynamoDB types share a form', () => {
  test('a signed binary replaced by a map that looks like its old tag is detected', async () => {
    const sealed = await encryptAttributes(enc, item('p#1', 'Jane'), options);
    await expect(decryptAttributes(enc, { ...sealed, scan: { $b: 'AQID' } }, options)).rejects.toThrow(TamperedCiphertextError);
  });

  test('an encrypted map shaped like a tag comes back as that map, not bytes, set or bigint', async () => {
    const tricky = { pk: 'p#1', name: { $b: 'aGk=' }, diagnosis: { $s: ['a'] }, ssn: { $n: '5' } };
    const sealed = await encryptAttributes(enc, tricky, options);
    expect(await decryptAttributes(enc, sealed, options)).toEqual(tricky);
  });

  test('every DynamoDB type round-trips with its type', async () => {
    const values = {
      pk: 'p', name: 'string', diagnosis: {
        n: 42, f: -1.5, big: 2n ** 70n, yes: true, nil: null, bytes: new Uint8Array([0, 255]), list: [1, 'a', [null]],
        ss: new Set(['b', 'a']), ns: new Set([3, 1, 2n ** 64n]), bs: new Set([new Uint8Array([2]), new Uint8Array([1])]), nested: { ['__proto__']: 'kept' },
      },
    };
    const sealed = await encryptAttributes(enc, values, options);
    const opened = await decryptAttributes(enc, sealed, options);
    expect(opened).toEqual(values);
    expect(Object.prototype.hasOwnProperty.call((opened.diagnosis as { nested: object }).nested, '__proto__')).toBe(true);
  });

  test('forms differ across types and are stable across key order and set order', () => {
    const forms = [
      canonical('1'), canonical(1), canonical(new Uint8Array([0x31])), canonical(true), canonical(null), canonical(['1']), canonical({ S: '1' }),
      canonical(new Set(['1'])), canonical(new Set([1])), canonical(new Set([new Uint8Array([0x31])])), canonical({ $b: 'MQ==' }),
    ];
    expect(new Set(forms).size).toBe(forms.length);
    expect(canonical({ a: 1, b: 2 })).toBe(canonical({ b: 2, a: 1 }));
    expect(canonical(new Set(['x', 'y']))).toBe(canonical(new Set(['y', 'x'])));
    expect(canonical(1)).toBe(canonical(1n)); // the same DynamoDB number
  });

  test('values DynamoDB cannot store are refused, naming the problem', () => {
    expect(() => canonical(new Date(0))).toThrow(/a Date value is not a DynamoDB document value/);
    expect(() => canonical(new Set())).toThrow(/empty Set/);
    expect(() => canonical(new Set(['a', 1]))).toThrow(/mixes element types/);
    expect(() => canonical(new Set([1, 1n]))).toThrow(/same DynamoDB value twice/);
    expect(() => canonical(NaN)).toThrow(/finite/);
    expect(() => canonical({ a: undefined })).toThrow(/undefined/);
  });
});

describe('the item authenticator is checked whatever the metadata lists', () => {
  const forgedCountZero = () => new Uint8Array(Buffer.concat([Buffer.from([2]), crypto.randomBytes(16), Buffer.from([0, 0])]));
  const patient = { pk: 'p#1', role: 'patient', name: 'Jane', ssn: '123-45-6789' };
  const opts = { encrypt: ['name', 'ssn'], context: { table: 'visits' } };

  test('forged count-0 metadata with every encrypted attribute stripped and a signed attribute changed is refused', async () => {
    const sealed = await encryptAttributes(enc, patient, opts);
    const { name: _n, ssn: _s, ...stripped } = sealed;
    // The reviewed attack: version-1 header of count 0 (no authenticator) and role escalated.
    const v1 = new Uint8Array(Buffer.concat([Buffer.from([1]), crypto.randomBytes(16), Buffer.from([0, 0])]));
    await expect(decryptAttributes(enc, { ...stripped, role: 'admin', cdk_hipaa_enc: v1 }, opts)).rejects.toThrow(/version 1/);
    await expect(decryptAttributes(enc, { ...stripped, role: 'admin', cdk_hipaa_enc: forgedCountZero() }, opts)).rejects.toThrow(/no item authenticator/);
    const withJunk = new Uint8Array(Buffer.concat([forgedCountZero(), crypto.randomBytes(200)]));
    await expect(decryptAttributes(enc, { ...stripped, role: 'admin', cdk_hipaa_enc: withJunk }, opts)).rejects.toThrow();
  });

  test('an authenticator of a real count-0 item does not open another item with changed plain attributes', async () => {
    const none = await encryptAttributes(enc, { pk: 'p#1', role: 'patient' }, opts); // nothing to encrypt
    expect(await decryptAttributes(enc, none, opts)).toEqual({ pk: 'p#1', role: 'patient' });
    await expect(decryptAttributes(enc, { ...none, role: 'admin' }, opts)).rejects.toThrow(TamperedCiphertextError);
    const sealed = await encryptAttributes(enc, patient, opts);
    const { name: _n, ssn: _s, ...stripped } = sealed;
    await expect(decryptAttributes(enc, { ...stripped, role: 'admin', cdk_hipaa_enc: none.cdk_hipaa_enc }, opts)).rejects.toThrow(TamperedCiphertextError);
  });

  test('stripping every encrypted attribute and rewriting the list to none is refused', async () => {
    const sealed = await encryptAttributes(enc, patient, opts);
    const meta = Buffer.from(sealed.cdk_hipaa_enc as Uint8Array);
    // Keep the write id and the real authenticator, drop the names from the list.
    const headerEnd = 1 + 16 + 2 + (2 + 4) + (2 + 3); // 'name', 'ssn'
    const rewritten = Buffer.concat([meta.subarray(0, 17), Buffer.from([0, 0]), meta.subarray(headerEnd)]);
    const { name: _n, ssn: _s, ...stripped } = sealed;
    await expect(decryptAttributes(enc, { ...stripped, cdk_hipaa_enc: new Uint8Array(rewritten) }, opts)).rejects.toThrow(TamperedCiphertextError);
    await expect(decryptAttributes(enc, stripped, opts)).rejects.toThrow(/encrypted attribute 'name' was removed/);
  });

  test("the reader's options.encrypt must equal the writer's, even for names the item lacks", async () => {
    const sealed = await encryptAttributes(enc, patient, opts);
    await expect(decryptAttributes(enc, sealed, { ...opts, encrypt: ['name', 'ssn', 'diagnosis'] })).rejects.toThrow(TamperedCiphertextError);
    expect(await decryptAttributes(enc, sealed, { ...opts, encrypt: ['ssn', 'name', 'ssn'] })).toEqual(patient); // order and repeats do not matter
  });
});
