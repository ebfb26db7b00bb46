import { z } from 'zod';

// What the protocol schemas share: unions of typed parts whose known types are strict, and the
// pick of the one validation issue that names the field the client got wrong.

type Issue = z.core.$ZodIssue;

// Marks the issue of typedUnion's catch-all branch, which never names the field that is wrong.
const UNKNOWN_TYPE = 'outcropUnknownType';
type TypedOption = z.ZodObject<{ type: z.ZodType } & z.core.$ZodLooseShape>;

/**
 * Longest model name a request may give: Bedrock's own limit on a model id or ARN. Names are
 * matched against the catalogue (closest names for an unknown one), which must not run on megabytes.
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */
export const MAX_MODEL_NAME = 2048;

/** The model field of every protocol. */
export const modelName = z.string().max(MAX_MODEL_NAME);

/** Formats a zod issue path the way OpenAI names params: messages[2].content[0].text. */
export function paramName(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

/**
 * Parts (or items, or tools) told apart by `type`: one of the known types must match its own
 * schema in full (a text part's text is a string), while a type Outcrop does not know passes as
 * `{type: string}`, for the translation to ignore or refuse by name.
 */
export function typedUnion<const T extends readonly [TypedOption, ...TypedOption[]]>(known: T) {
  const names = new Set(known.flatMap((o) => typeNames(o.shape.type)));
  // Aborting, so that zod reports the known type's own issues rather than settling on this branch.
  const unknownType = z.string().refine((t) => !names.has(t), { message: 'Invalid input', abort: true, params: { [UNKNOWN_TYPE]: true } });
  return z.union([z.discriminatedUnion('type', known as unknown as [TypedOption, ...TypedOption[]]) as unknown as T[number], z.looseObject({ type: unknownType })]);
}

function typeNames(schema: z.ZodType): string[] {
  let s = schema as z.ZodType & { values?: Set<unknown>; options?: unknown[]; unwrap?: () => z.ZodType };
  if (s instanceof z.ZodOptional) s = s.unwrap() as typeof s;
  if (s instanceof z.ZodLiteral) return [...s.values].map(String);
  if (s instanceof z.ZodEnum) return s.options.map(String);
  return [];
}

/**
 * The issue to report: inside a union (string or parts, one of several item types), the branch
 * the client meant is the one that got furthest, so its deepest issue names the field
 * (messages[2].content[0].text rather than messages[2].content). At equal depth the first branch
 * wins, except that a wrong value (too short, out of range) beats a wrong type, which beats a
 * union's "no branch matched".
 */
export function deepestIssue(issue: Issue, prefix: readonly PropertyKey[] = []): Issue {
  const here = { ...issue, path: [...prefix, ...issue.path] } as Issue;
  if (issue.code !== 'invalid_union' || !issue.errors?.length) return here;
  let best = here;
  for (const branch of issue.errors) {
    for (const inner of branch) {
      const candidate = deepestIssue(inner, here.path);
      const deeper = candidate.path.length > best.path.length;
      if (deeper || (candidate.path.length === best.path.length && rank(candidate) > rank(best))) best = candidate;
    }
  }
  return best;
}

function rank(issue: Issue): number {
  if (issue.code === 'invalid_union' || (issue.code === 'custom' && issue.params?.[UNKNOWN_TYPE])) return 0;
  // A branch for another type (a plain union of typed objects): the client meant a different one.
  if (issue.code === 'invalid_value' && issue.path.at(-1) === 'type') return 0;
  return issue.code === 'invalid_type' ? 1 : 2;
}

/** A message for an issue: a missing field is "required" (zod only knows the input when asked to report it). */
export function describeIssue(issue: Issue, required = 'this field is required.'): string {
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && issue.input === undefined) return required;
  return `${issue.message}.`;
}
