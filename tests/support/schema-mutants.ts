// Valid samples and field-by-field mutants derived from a zod schema itself, so that a test
// holding a hand-written validator to the schema covers every field the schema has, including
// fields added later. Knows the zod node types the protocol schemas use and throws on any other
// (teach it the new type rather than skip it).
import type { z } from 'zod';

export type Path = (string | number)[];
type Def = { type: string; [k: string]: unknown };
type Schema = z.ZodType;

const def = (s: Schema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const checks = (s: Schema) => ((def(s).checks as Array<{ _zod: { def: Record<string, unknown> } }> | undefined) ?? []).map((c) => c._zod.def);
const inner = (s: Schema) => def(s).innerType as Schema;
const accepts = (s: Schema, v: unknown) => s.safeParse(v).success;

/**
 * Every field the schema has, through unions, optionals and arrays, as labels: array items as [],
 * and an object that is one branch of a union named by its literal fields, so that each branch's
 * fields count apart: messages[](role=tool).tool_call_id.
 */
export function schemaPaths(schema: Schema, label = '', out = new Set<string>()): Set<string> {
  const d = def(schema);
  switch (d.type) {
    case 'optional':
    case 'nullable':
      return schemaPaths(inner(schema), label, out);
    case 'union':
      for (const o of d.options as Schema[]) schemaPaths(o, label, out);
      return out;
    case 'array':
      out.add(`${label}[]`);
      return schemaPaths(d.element as Schema, `${label}[]`, out);
    case 'object':
      for (const [k, f] of Object.entries(d.shape as Record<string, Schema>)) {
        const l = fieldLabel(label, schema, k);
        out.add(l);
        schemaPaths(f, l, out);
      }
      return out;
    default:
      return out;
  }
}

// The label of field k of an object schema found at `label`.
function fieldLabel(label: string, object: Schema, k: string): string {
  const literalFields = Object.entries(def(object).shape as Record<string, Schema>)
    .map(([name, f]) => [name, def(f).type === 'optional' ? def(inner(f)) : def(f)] as const)
    .filter(([, fd]) => fd.type === 'literal')
    .map(([name, fd]) => `${name}=${(fd.values as unknown[]).join('|')}`);
  const branch = literalFields.length ? `(${literalFields.join(',')})` : '';
  return `${label}${branch}${label || branch ? '.' : ''}${k}`;
}

/**
 * Valid values of `schema` that between them take every branch: each union option, each enum
 * value, null where nullable, both booleans, an object with all its fields and one with only the
 * required ones, an array holding a sample of every element branch.
 */
export function samples(schema: Schema): unknown[] {
  let out = sampleCache.get(schema);
  if (!out) sampleCache.set(schema, (out = freshSamples(schema)));
  return out;
}
const sampleCache = new WeakMap<Schema, unknown[]>();

function freshSamples(schema: Schema): unknown[] {
  const d = def(schema);
  const valid = (vs: unknown[]) => {
    const ok = vs.filter((v) => accepts(schema, v));
    if (!ok.length) throw new Error(`no valid sample for a ${d.type} schema`);
    return ok;
  };
  switch (d.type) {
    case 'optional':
      return samples(inner(schema));
    case 'nullable':
      return [...samples(inner(schema)), null];
    case 'union':
      return (d.options as Schema[]).flatMap(samples);
    case 'literal':
      return [...(d.values as unknown[])];
    case 'enum':
      return Object.values(d.entries as Record<string, unknown>);
    case 'boolean':
      return [true, false];
    case 'null':
      return [null];
    case 'string': {
      const min = Number(checks(schema).find((c) => c.check === 'min_length')?.minimum ?? 1);
      return valid(['x'.repeat(Math.max(1, min)), 'sample_other']);
    }
    case 'number':
      return valid([1, 0, 0.5, ...boundaries(schema)]).slice(0, 1);
    case 'unknown':
    case 'any':
      return [{ anything: [1, 'two'] }];
    case 'record':
      return [{ key: samples(d.valueType as Schema)[0] }];
    case 'array': {
      // Items two by two: every item branch appears, and not always first, while bodies stay
      // small (zod on a mutant costs by its size).
      const items = samples(d.element as Schema);
      const min = Number(checks(schema).find((c) => c.check === 'min_length')?.minimum ?? 0);
      const pairs = Array.from({ length: Math.ceil(items.length / 2) }, (_, i) => items.slice(2 * i, 2 * i + 2));
      return valid([...pairs, ...(min === 0 ? [[]] : [])]);
    }
    case 'object': {
      const fields = Object.entries(d.shape as Record<string, Schema>).map(([k, f]) => ({ k, f, all: samples(f), required: !accepts(f, undefined) }));
      const count = Math.max(1, ...fields.map((f) => f.all.length));
      const out: unknown[] = [];
      for (let i = 0; i < count; i++) out.push(Object.fromEntries(fields.map((f) => [f.k, f.all[i % f.all.length]])));
      out.push(Object.fromEntries(fields.filter((f) => f.required).map((f) => [f.k, f.all[0]])));
      return valid(out);
    }
    default:
      throw new Error(`schema-mutants does not know zod type '${d.type}': teach it`);
  }
}

// Values on and just past each bound of a number, string or array (through optionals and unions).
function boundaries(schema: Schema): unknown[] {
  const d = def(schema);
  if (d.type === 'optional' || d.type === 'nullable') return boundaries(inner(schema));
  if (d.type === 'union') return (d.options as Schema[]).flatMap(boundaries);
  const out: unknown[] = [];
  for (const c of checks(schema)) {
    if (c.check === 'greater_than' || c.check === 'less_than') {
      const v = Number(c.value);
      out.push(v, v - 1, v - 0.5, v + 0.5, v + 1);
    }
    if (c.check === 'number_format') out.push(1.5, 2 ** 53, -(2 ** 53));
    for (const n of [c.minimum, c.maximum]) {
      if (typeof n !== 'number') continue;
      for (const len of [n - 1, n, n + 1].filter((l) => l >= 0)) {
        out.push(d.type === 'array' ? Array.from({ length: len }, () => samples(d.element as Schema)[0]) : 'm'.repeat(len));
      }
    }
  }
  return out;
}

// Every literal and enum value anywhere in the schema: roles, part types, tool_choice words.
function literals(schema: Schema, out = new Set<unknown>()): Set<unknown> {
  const d = def(schema);
  if (d.type === 'literal') for (const v of d.values as unknown[]) out.add(v);
  if (d.type === 'enum') for (const v of Object.values(d.entries as object)) out.add(v);
  for (const k of ['innerType', 'element', 'valueType']) if (d[k]) literals(d[k] as Schema, out);
  for (const o of (d.options as Schema[] | undefined) ?? []) literals(o, out);
  for (const f of Object.values((d.shape as Record<string, Schema> | undefined) ?? {})) literals(f, out);
  return out;
}

// Whether the field restricts which strings it takes (a literal, an enum, a refined string): the
// fields that every literal of the schema is tried on. Any string passes a plain z.string().
function picksStrings(schema: Schema): boolean {
  const d = def(schema);
  if (d.type === 'optional' || d.type === 'nullable') return picksStrings(inner(schema));
  if (d.type === 'union') return (d.options as Schema[]).some(picksStrings);
  return d.type === 'literal' || d.type === 'enum' || (d.type === 'string' && checks(schema).length > 0);
}

// A value of every JSON type, tried at every field.
const ODD: unknown[] = [null, true, 0, -1, 1.5, 2 ** 60, '', 'x', [], [null], [{}], ['x'], {}, { type: 'x' }];

export interface Mutant {
  path: Path;
  /** The replacement; undefined removes the field. */
  value: unknown;
  body: unknown;
}

export interface MutantOptions {
  /** Called with each field's label (as schemaPaths names it), for a coverage check. */
  visit?: (label: string) => void;
  /** Shared across calls to skip what an earlier body already had mutated. */
  seen?: Set<string>;
}

/**
 * For a value valid under `schema`: at every field of the schema (present in the value or not)
 * and every array item, the value replaced by wrong-typed values, null, the bounds of its checks,
 * every literal of the schema, the valid samples of the field, and removed; and an extra unknown
 * key on every object.
 */
export function* mutants(root: unknown, schema: Schema, opts: MutantOptions = {}): Generator<Mutant> {
  const words = [...literals(schema), 'zzz_unknown'];
  const seen = opts.seen ?? new Set<string>();
  function* walk(value: unknown, s: Schema, path: Path, label: string): Generator<Mutant> {
    const d = def(s);
    if (d.type === 'optional' || d.type === 'nullable') {
      if (value !== undefined && value !== null) yield* walk(value, inner(s), path, label);
      return;
    }
    if (d.type === 'union') {
      const option = (d.options as Schema[]).find((o) => accepts(o, value));
      if (option) yield* walk(value, option, path, label);
      return;
    }
    // The same value at the same field (an array's twin items, a messages list that every
    // sample body shares) is mutated once.
    const key = `${label} ${JSON.stringify(value)}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (d.type === 'array' && Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        yield* field(d.element as Schema, [...path, i], `${label}[]`, false);
        yield* walk(value[i], d.element as Schema, [...path, i], `${label}[]`);
      }
      return;
    }
    if (d.type === 'object' && value !== null && typeof value === 'object') {
      yield { path: [...path, 'x_outcrop_extra'], value: 1, body: setAt(root, [...path, 'x_outcrop_extra'], 1) };
      for (const [k, f] of Object.entries(d.shape as Record<string, Schema>)) {
        const l = fieldLabel(label, s, k);
        yield* field(f, [...path, k], l, true);
        const v = (value as Record<string, unknown>)[k];
        if (v !== undefined) yield* walk(v, f, [...path, k], l);
      }
    }
  }
  function* field(s: Schema, path: Path, label: string, removable: boolean): Generator<Mutant> {
    opts.visit?.(label);
    const key = `=${label} ${JSON.stringify(at(root, path)) ?? '-'}`;
    if (seen.has(key)) return;
    seen.add(key);
    const values = [...ODD, ...(picksStrings(s) ? words : []), ...boundaries(s), ...samples(s), ...(removable ? [undefined] : [])];
    for (const value of values) yield { path, value, body: setAt(root, path, value) };
  }
  yield* walk(root, schema, [], '');
}

const at = (root: unknown, path: Path): unknown => path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], root);

// A copy of `root` with the value at `path` replaced (undefined: removed), copying only the
// containers along the path.
function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (!path.length) return value;
  const [k, ...rest] = path;
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, unknown>;
  if (rest.length) copy[k] = setAt(copy[k], rest, value);
  else if (value === undefined && !Array.isArray(root)) delete copy[k];
  else copy[k] = value;
  return copy;
}
