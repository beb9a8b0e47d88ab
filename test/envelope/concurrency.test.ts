import * as crypto from 'crypto';
import { Readable, Transform } from 'stream';
import { pipeline } from 'stream/promises';
import { EnvelopeCacheOptions, EnvelopeEncryptor } from '../../lib/envelope';
import { FAKE_KEY_ARN, FakeKms } from './fake-kms';

// Issue 24: cache eviction zeroed key bytes that callers were still using, so records came out
// encrypted under an all-zero key. Every test here DECRYPTS every output with a cold encryptor
// (its own KMS Decrypt per record): a record sealed under a wiped key cannot open.

const context = { tenant: 't1', table: 'records' };
const CALLERS = 300;
const STREAMS = 200;
const FRAME = 4096;

/** Pipes `input` through `transform` in chunks; `between` runs before each chunk is handed over. */
async function run(transform: Transform, input: Buffer, between?: () => void, chunk = 1500): Promise<Buffer> {
  const parts: Buffer[] = [];
  const source = Readable.from((function* () {
    for (let i = 0; i < input.length; i += chunk) {
      between?.();
      yield input.subarray(i, i + chunk);
    }
  })());
  await pipeline(source, transform, async function* (out) { for await (const c of out) parts.push(c as Buffer); });
  return Buffer.concat(parts);
}

/** Resolves after `n` microtask hops. */
async function hops(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await undefined;
}

interface Eviction {
  /** Cache bounds that force eviction. */
  readonly cache: EnvelopeCacheOptions;
  /** A clock that moves on every read, for age-based eviction. */
  readonly movingClock?: boolean;
  /** Every 10th caller (5, 15, ...) calls clearCache() first; callers start 0-12 microtask hops apart, so clears land between others' lookup and use. */
  readonly callersClear?: boolean;
}

const evictions: Array<[string, Eviction]> = [
  ['message count (maxMessages 10)', { cache: { maxMessages: 10 } }],
  ['bytes (maxBytes 3 frames)', { cache: { maxBytes: 3 * FRAME } }],
  ['age (maxAgeMs 20 s, clock moves 1 s per read)', { cache: { maxAgeMs: 20_000 }, movingClock: true }],
  ['clearCache() during use', { cache: {}, callersClear: true }],
  ['LRU (maxEntries 2, three contexts)', { cache: { maxEntries: 2 } }],
];

function setup(eviction: Eviction) {
  const kms = new FakeKms();
  kms.delayMs = 3; // lets hundreds of callers pile up on one KMS call
  let now = 1_000_000;
  const enc = new EnvelopeEncryptor({
    keyId: FAKE_KEY_ARN, client: kms, frameSize: FRAME, cache: eviction.cache,
    ...(eviction.movingClock ? { clock: () => (now += 1000) } : {}),
  });
  // A cold reader with no cache: one KMS Decrypt per record, so nothing cached can mask a bad key.
  const reader = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: kms, cache: false });
  /** Runs caller `i`: staggered by microtask hops, every 10th clearing the cache first when that is the eviction under test. */
  const call = async <T>(i: number, fn: () => Promise<T>): Promise<T> => {
    await hops(i % 13);
    if (eviction.callersClear && i % 10 === 5) enc.clearCache();
    return fn();
  };
  /** For streams: every 10th stream clears the cache before each of its chunks (stream work runs in nextTick and microtask turns). */
  const clearing = (i: number) => (eviction.callersClear && i % 10 === 5 ? () => enc.clearCache() : undefined);
  return { kms, enc, reader, call, clearing };
}

/** Contexts cycle over three tenants when LRU eviction is under test, so entries are evicted while in use. */
const contextOf = (i: number, eviction: Eviction) => (eviction.cache.maxEntries ? { ...context, tenant: `t${i % 3}` } : context);

describe.each(evictions)('no record is lost under eviction by %s', (_name, eviction) => {
  test(`${CALLERS} parallel encrypts: every record decrypts to its plaintext`, async () => {
    const { enc, reader, call } = setup(eviction);
    const plaintexts = Array.from({ length: CALLERS }, (_, i) => crypto.randomBytes(100 + (i % 7) * 150));
    for (let i = 0; i < 3; i++) await enc.encrypt('warm', contextOf(i, eviction)); // cache hits race with the clears
    const sealed = await Promise.all(plaintexts.map((p, i) => call(i, () => enc.encrypt(p, contextOf(i, eviction)))));
    const opened = await Promise.all(sealed.map((s, i) => reader.decrypt(s, contextOf(i, eviction)).then((o) => Buffer.from(o).equals(plaintexts[i]), () => false)));
    expect(opened.filter((ok) => !ok).length).toBe(0);
  });

  test(`${STREAMS} parallel encrypt streams: every stream decrypts to its plaintext`, async () => {
    const { enc, reader, call, clearing } = setup(eviction);
    const plaintexts = Array.from({ length: STREAMS }, (_, i) => crypto.randomBytes(1 + ((i * 997) % (3 * FRAME))));
    for (let i = 0; i < 3; i++) await run(enc.encryptStream(contextOf(i, eviction)), Buffer.from('warm'));
    const sealed = await Promise.all(plaintexts.map((p, i) => call(i, () => run(enc.encryptStream(contextOf(i, eviction)), p, clearing(i)))));
    const opened = await Promise.all(sealed.map((s, i) => run(reader.decryptStream(contextOf(i, eviction)), s).then((o) => o.equals(plaintexts[i]), () => false)));
    expect(opened.filter((ok) => !ok).length).toBe(0);
  });

  test(`${CALLERS} parallel decrypts through the evicting cache all succeed`, async () => {
    const { kms, enc, call } = setup(eviction);
    const writer = new EnvelopeEncryptor({ keyId: FAKE_KEY_ARN, client: kms, cache: { maxMessages: 25 } });
    const plaintexts = Array.from({ length: CALLERS }, (_, i) => crypto.randomBytes(50 + i));
    const sealed = [];
    for (let i = 0; i < CALLERS; i++) sealed.push(await writer.encrypt(plaintexts[i], contextOf(i, eviction)));
    for (let i = 0; i < CALLERS; i++) await enc.decrypt(sealed[i], contextOf(i, eviction)); // warm: cache hits race with eviction
    const opened = await Promise.all(sealed.map((s, i) => call(i, () => enc.decrypt(s, contextOf(i, eviction))).then((o) => Buffer.from(o).equals(plaintexts[i]), () => false)));
    expect(opened.filter((ok) => !ok).length).toBe(0);
  });
});
