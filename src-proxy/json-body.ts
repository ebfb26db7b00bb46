import { ProxyError } from './errors';

// Request bodies are parsed here, with limits on their shape checked before JSON.parse runs.
// JSON.parse itself takes any nesting (it is iterative), but everything after it is not:
// JSON.stringify overflows the stack at about 4,000 levels on Node 20, and zod, the cache-point
// sizing, strict-schema checks, the AWS SDK's serializer and the request log all walk a body
// recursively. Nesting is therefore capped once, here, and every later walk is bounded by it.
//
// MAX_DEPTH is 128: the deepest bodies real clients send are tool schemas (MCP servers,
// OpenAPI-derived tools), where one schema level is two JSON levels (properties -> name) under
// about six levels of envelope (tools[i].function.parameters, messages[i].content[j].input), so 128
// leaves room for a 60-level schema, several times what any tool uses, and stays 30x below the
// depth at which JSON.stringify overflows. MAX_ARRAY_ITEMS bounds how many entries one array may
// hold: a body of a million tiny entries ([0,0,0,…] is 2 bytes an entry) would make a
// million-element array and, when invalid, a million validation issues; 100,000 is more messages,
// tools, stop sequences or enum values than any request holds. String sizes are bounded by the body
// limit as a whole, and by the schemas where a field has a known limit (model ids, embedding inputs).

/** Deepest nesting of arrays and objects a request body may have. */
export const MAX_DEPTH = 128;
/** Most entries one array of a request body may hold. */
export const MAX_ARRAY_ITEMS = 100_000;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const COMMA = 0x2c;

/** Why a JSON text is refused by the shape limits, or undefined when it is within them (or not JSON: JSON.parse says so). */
export function jsonShapeProblem(text: string, limits: { depth: number; items: number } = { depth: MAX_DEPTH, items: MAX_ARRAY_ITEMS }): string | undefined {
  // One pass, no recursion: strings are skipped with indexOf (images make up most of a big body),
  // and for each open array the number of commas seen at its level is counted.
  let depth = 0;
  const isArray: boolean[] = [];
  const items: number[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i + 1);
      if (i < 0) return undefined; // unterminated string: JSON.parse reports it
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (depth >= limits.depth) return `The request body nests arrays and objects more than ${limits.depth} levels deep (at character ${i}); Outcrop accepts at most ${limits.depth}.`;
      isArray[depth] = c === OPEN_ARRAY;
      items[depth] = 1;
      depth++;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      if (depth > 0) depth--;
    } else if (c === COMMA && depth > 0 && isArray[depth - 1]) {
      if (++items[depth - 1] > limits.items) return `An array in the request body holds more than ${limits.items.toLocaleString('en-US')} entries (at character ${i}); Outcrop accepts at most ${limits.items.toLocaleString('en-US')}.`;
    }
  }
  return undefined;
}

// The index of the quote closing a string that starts at `from`, or -1 when there is none.
function stringEnd(text: string, from: number): number {
  let at = from;
  for (;;) {
    const q = text.indexOf('"', at);
    if (q < 0) return -1;
    // A quote preceded by an odd number of backslashes is escaped.
    let slashes = 0;
    for (let k = q - 1; k >= from && text.charCodeAt(k) === BACKSLASH; k--) slashes++;
    if (slashes % 2 === 0) return q;
    at = q + 1;
  }
}

/** Parses a request body; a blank body is no body; a 400 for text that is not JSON or exceeds the shape limits. */
export function parseJsonBody(text: string): unknown {
  // Checked without copying a body that may be megabytes.
  if (!/\S/.test(text)) return undefined;
  const problem = jsonShapeProblem(text);
  if (problem) throw new ProxyError('invalid_request', `${problem} Flatten the data or send less of it.`);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ProxyError('invalid_json', `The request body is not valid JSON: ${(err as Error).message}`);
  }
}

/** True when a parsed value nests no deeper than `maxDepth` (an iterative walk: safe on any value). */
export function withinDepth(value: unknown, maxDepth = MAX_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d >= maxDepth) return false;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
  }
  return true;
}
