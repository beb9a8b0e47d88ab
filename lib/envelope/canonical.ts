import { InvalidArgumentError, TamperedCiphertextError } from './errors';

/**
 * The canonical form of a DynamoDB document value: every value tagged with its
 * DynamoDB type (S, N, B, BOOL, NULL, L, M, SS, NS, BS), maps as sorted
 * [name, value] pairs, sets sorted, numbers in one decimal spelling. Two values
 * share a form only if DynamoDB would store the same attribute value, so a
 * binary can never pass for a map that looks like one, nor a string for a number.
 *
 * Accepted JavaScript values are what the DynamoDB DocumentClient marshals:
 * string, number (finite), bigint, boolean, null, Uint8Array, arrays, plain
 * objects and non-empty Sets of strings, of numbers/bigints or of Uint8Arrays.
 */
type Typed =
  | { S: string } | { N: string } | { B: string } | { BOOL: boolean } | { NULL: true }
  | { L: Typed[] } | { M: Array<[string, Typed]> } | { SS: string[] } | { NS: string[] } | { BS: string[] };

export function canonical(value: unknown): string {
  return JSON.stringify(toTyped(value));
}

/** The value of a canonical form; throws TamperedCiphertextError on anything {@link canonical} does not produce. */
export function fromCanonical(text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TamperedCiphertextError('a decrypted attribute is not in canonical form');
  }
  return fromTyped(parsed);
}

function toTyped(value: unknown): Typed {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number' || typeof value === 'bigint') return { N: numberForm(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (value === null) return { NULL: true };
  if (value instanceof Uint8Array) return { B: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (Array.isArray(value)) return { L: value.map(toTyped) };
  if (value instanceof Set) return setForm(value);
  if (typeof value === 'object' && isPlain(value)) {
    return { M: Object.keys(value).sort().map((k) => [k, toTyped((value as Record<string, unknown>)[k])]) };
  }
  throw new InvalidArgumentError(`a ${kindOf(value)} is not a DynamoDB document value; use string, number, bigint, boolean, null, Uint8Array, array, plain object or Set.`);
}

function setForm(set: Set<unknown>): Typed {
  const items = [...set];
  if (items.length === 0) throw new InvalidArgumentError('an empty Set is not a DynamoDB value (DynamoDB rejects empty sets); omit the attribute.');
  let typed: Typed;
  if (items.every((x) => typeof x === 'string')) typed = { SS: (items as string[]).slice().sort() };
  else if (items.every((x) => typeof x === 'number' || typeof x === 'bigint')) typed = { NS: (items as Array<number | bigint>).map(numberForm).sort() };
  else if (items.every((x) => x instanceof Uint8Array)) typed = { BS: (items as Uint8Array[]).map((b) => Buffer.from(b).toString('base64')).sort() };
  else throw new InvalidArgumentError('a Set mixes element types; DynamoDB sets hold only strings, only numbers or only binaries.');
  const members = Object.values(typed)[0] as string[];
  if (members.some((m, i) => i > 0 && m === members[i - 1])) {
    throw new InvalidArgumentError('a Set holds the same DynamoDB value twice (e.g. 1 and 1n, or equal byte arrays); DynamoDB rejects duplicate set members.');
  }
  return typed;
}

/** One spelling per number: the shortest round-trip form of a finite number, the decimal digits of a bigint. */
function numberForm(n: number | bigint): string {
  if (typeof n === 'bigint') return n.toString();
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`${n} is not a DynamoDB number; DynamoDB numbers are finite.`);
  return Object.is(n, -0) ? '0' : String(n);
}

function fromTyped(node: unknown): unknown {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) throw bad();
  const keys = Object.keys(node);
  if (keys.length !== 1) throw bad();
  const tag = keys[0];
  const body = (node as Record<string, unknown>)[tag];
  switch (tag) {
    case 'S': return asString(body);
    case 'N': return numberValue(asString(body));
    case 'B': return new Uint8Array(Buffer.from(asString(body), 'base64'));
    case 'BOOL': if (typeof body !== 'boolean') throw bad(); return body;
    case 'NULL': if (body !== true) throw bad(); return null;
    case 'L': return asArray(body).map(fromTyped);
    case 'M': {
      const out: Record<string, unknown> = {};
      for (const pair of asArray(body)) {
        const [k, v] = asArray(pair);
        // defineProperty keeps a key named __proto__ as data instead of setting the prototype.
        Object.defineProperty(out, asString(k), { value: fromTyped(v), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'SS': return new Set(asArray(body).map(asString));
    case 'NS': return new Set(asArray(body).map((x) => numberValue(asString(x))));
    case 'BS': return new Set(asArray(body).map((x) => new Uint8Array(Buffer.from(asString(x), 'base64'))));
    default: throw bad();
  }
}

/** A number when it round-trips exactly; an integer beyond 2^53 comes back as a bigint. */
function numberValue(text: string): number | bigint {
  const n = Number(text);
  if (/^-?\d+$/.test(text) && !Number.isSafeInteger(n)) return BigInt(text);
  if (!Number.isFinite(n)) throw bad();
  return n;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function kindOf(value: unknown): string {
  if (value === undefined) return 'undefined value';
  if (typeof value !== 'object') return `${typeof value} value`;
  return `${(value as object).constructor?.name ?? 'object'} value`;
}

function asString(x: unknown): string {
  if (typeof x !== 'string') throw bad();
  return x;
}

function asArray(x: unknown): unknown[] {
  if (!Array.isArray(x)) throw bad();
  return x;
}

function bad(): TamperedCiphertextError {
  return new TamperedCiphertextError('a decrypted attribute is not in canonical form');
}
