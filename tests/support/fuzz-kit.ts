// Building blocks for fuzzing request bodies: a seeded PRNG (so a failure reproduces from its
// seed), every field path of a JSON value, values of every wrong type, and a body serializer that
// can put text JSON.stringify never writes (1e999, raw escapes) into the body.

export type Path = Array<string | number>;

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)];

/** Text put into the body as it is (not as a JSON value): numbers JSON cannot hold, raw escapes. */
export class Raw {
  constructor(readonly text: string) {}
}

/** A value nested `depth` levels deep in arrays (and objects every other level). */
export function nest(depth: number, leaf: unknown = 'x'): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

// A long text (100,000 characters) at every field; a longer one (1,000,000) now and then.
const HUGE = 'a'.repeat(100_000);

/** One value of every type, wrong for most fields: each is tried at every field. */
export const CORE_VALUES: readonly unknown[] = [
  undefined, // the field removed
  null, true, 0, -1, new Raw('1e999'), '', 'x', HUGE, [], [null], {}, nest(200),
];

/** Odd values of every kind; a few drawn at random are tried at each field, all of them in the random phase. */
export const EXTRA_VALUES: readonly unknown[] = [
  'b'.repeat(1_000_000), false, 1.5, 2 ** 53 + 2, -1e308, 1e-320, new Raw('-1e999'), new Raw('-0'),
  ' ', 'text', 'user', 'auto', 'none', '__proto__', 'constructor', 'arn:', 'us.',
  '\ud800', 'a\udfffb', '\u0000', '\u202eRTL\u202c', '🙂👩‍👩‍👧', '\ufeffBOM', '\uffff',
  new Raw('"\\ud83d"'), new Raw('"\\u0000\\u001f"'),
  'data:image/png;base64,!!!!', 'data:;base64,', 'data:image/png,raw', 'data:image/png;base64,' + 'A'.repeat(64), 'data:application/pdf;base64,JVBERi0=', '%%%not base64%%%',
  [1, 'a', null], ['x'], [{}], Array.from({ length: 3000 }, (_, i) => i),
  { type: 'text' }, { type: 'text', text: 5 }, { type: 'image_url', image_url: 7 }, { type: 'image', source: 'x' }, { type: 'input_text', text: null },
  { a: null, b: [] }, new Raw('{"__proto__":{"polluted":1}}'), { constructor: 'x', toString: 1 },
  nest(100),
];

export const WRONG_VALUES: readonly unknown[] = [...CORE_VALUES, ...EXTRA_VALUES];

/** Every path to a field in `value` (objects' keys and arrays' indexes, depth first). */
export function paths(value: unknown, path: Path = []): Path[] {
  const out: Path[] = [];
  const stack: Array<[unknown, Path]> = [[value, path]];
  while (stack.length) {
    const [v, p] = stack.pop()!;
    if (p.length) out.push(p);
    if (Array.isArray(v)) v.forEach((item, i) => stack.push([item, [...p, i]]));
    else if (v !== null && typeof v === 'object' && !(v instanceof Raw)) for (const [k, item] of Object.entries(v)) stack.push([item, [...p, k]]);
  }
  return out;
}

/** A copy of `value` with the field at `path` set to `replacement` (removed when undefined). */
export function mutate(value: unknown, path: Path, replacement: unknown): unknown {
  const copy = clone(value) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (replacement === undefined) {
    if (Array.isArray(at)) at.splice(last as number, 1);
    else delete at[last];
  } else at[last] = replacement;
  return copy;
}

// A deep copy that keeps Raw pieces (structuredClone would make them plain objects).
function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (value === null || typeof value !== 'object' || value instanceof Raw) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)]));
}

/** The body text of a value, Raw pieces written as they are. */
export function bodyText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_k, v) => {
    if (v instanceof Raw) {
      raws.push(v.text);
      return `@@raw${raws.length - 1}@@`;
    }
    return v;
  });
  return raws.length ? text.replace(/"@@raw(\d+)@@"/g, (_m, i) => raws[Number(i)]) : text;
}

/** A random JSON-ish value: scalars, short strings with odd characters, small arrays and objects. */
export function randomValue(rand: () => number, depth = 0): unknown {
  const r = rand();
  if (depth > 3 || r < 0.45) return pick(rand, WRONG_VALUES.filter((v) => typeof v !== 'object' || v === null || v instanceof Raw));
  if (r < 0.6) return pick(rand, WRONG_VALUES);
  if (r < 0.8) return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
  const keys = ['type', 'text', 'role', 'content', 'url', 'data', 'name', 'id', 'input', 'source', 'image_url', 'file_data', 'arguments'];
  return Object.fromEntries(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => [pick(rand, keys), randomValue(rand, depth + 1)]));
}

/** A value as a failure line shows it: long strings by their length, the rest as body text (80 characters). */
export function describeValue(v: unknown): string {
  return typeof v === 'string' && v.length > 60 ? `<string of ${v.length}>` : (bodyText(v) ?? 'removed').slice(0, 80);
}

/** `base` with one to four random fields set to random values; `changes` says which, for a failure line. */
export function mutateRandomly(rand: () => number, base: unknown): { body: unknown; changes: string[] } {
  let body = base;
  const changes: string[] = [];
  for (let k = 0, n = 1 + Math.floor(rand() * 4); k < n; k++) {
    const path = pick(rand, paths(body));
    if (!path) break;
    const value = randomValue(rand);
    body = mutate(body, path, value);
    changes.push(`${JSON.stringify(path)} = ${describeValue(value)}`);
  }
  return { body, changes };
}

/** Whether a parsed body is an error in OpenAI's shape: error.message (not empty) and error.type strings, error.code and error.param present, each a string or null. */
export function isOpenAiErrorBody(body: Record<string, unknown>): boolean {
  const error = body.error as Record<string, unknown> | undefined;
  const nullableStr = (v: unknown) => v === null || typeof v === 'string';
  return Boolean(error && typeof error.message === 'string' && error.message && typeof error.type === 'string' && 'code' in error && nullableStr(error.code) && 'param' in error && nullableStr(error.param));
}
