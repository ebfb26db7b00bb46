// Makes request/response bodies safe to keep in the request log (only when the user turned on
// "keep bodies"): binary content becomes a short marker, secrets are removed, long strings and
// arrays are cut, and the whole JSON stays under a size cap.

const REDACTED = '[redacted]';
const MAX_DEPTH = 32;
const MIN_CHARS = 64;

// Key names whose values are secrets. Numbers under such keys are kept: they are counts
// (max_tokens, inputTokens, budget_tokens), never credentials.
const SECRET_KEY = /authorization|cookie|api[-_]?key|secret|token|password|passwd|credential|private[-_]?key|access[-_]?key/i;

// Secrets that can appear inside ordinary strings (a pasted curl command, an error message).
const SECRET_TEXT: Array<[RegExp, string]> = [
  [/\bBearer\s+[A-Za-z0-9\-._~+/]+=*/gi, `Bearer ${REDACTED}`],
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, REDACTED],
  [/\bABSK[A-Za-z0-9+/=]{16,}/g, REDACTED], // Bedrock API keys
];

const DATA_URL = /^data:([a-z0-9.+-]+\/[a-z0-9.+-]+)?[^,]*;base64,/i;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
// Fields that hold base64 payloads in Converse, OpenAI and Anthropic bodies.
const PAYLOAD_KEYS = new Set(['bytes', 'data', 'b64_json', 'base64', 'file_data']);
// A long run of base64 with no spaces is binary whatever its key.
const LONG_BASE64 = 512;

type Kind = 'image' | 'document' | 'video' | 'audio' | 'binary';

const KIND_OF_NAME: Record<string, Kind> = {
  image: 'image', images: 'image', image_url: 'image', input_image: 'image',
  document: 'document', documents: 'document', file: 'document', input_file: 'document',
  video: 'video', audio: 'audio', input_audio: 'audio',
};

interface Limits {
  str: number;
  items: number;
}

interface Walk {
  limits: Limits;
  ancestors: Set<object>;
}

/** A JSON-safe deep copy of a body with binary content replaced by `[image: N bytes]`-style markers, secrets redacted, long strings cut, and JSON.stringify(result).length <= maxChars. */
export function redactBody(value: unknown, maxChars: number): unknown {
  const cap = Math.max(MIN_CHARS, Math.floor(maxChars));
  let limits: Limits = { str: Math.max(256, Math.floor(cap / 8)), items: 200 };
  for (;;) {
    const copy = copyValue(value, 'binary', false, 0, { limits, ancestors: new Set() });
    const text = JSON.stringify(copy) ?? '';
    if (text.length <= cap) return copy;
    if (limits.str <= 16 && limits.items <= 2) return preview(text, cap);
    limits = { str: Math.max(16, limits.str >> 1), items: Math.max(2, limits.items >> 1) };
  }
}

function copyValue(value: unknown, kind: Kind, secret: boolean, depth: number, walk: Walk): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return secret ? REDACTED : value.toString();
  if (typeof value === 'string') return secret ? REDACTED : copyString(value, kind, walk.limits.str);
  if (typeof value !== 'object') return undefined; // functions, symbols
  const bytes = byteLength(value);
  if (bytes !== undefined) return marker(kind, bytes);
  if (isBufferJson(value)) return marker(kind, value.data.length);
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (walk.ancestors.has(value)) return '[circular]';
  walk.ancestors.add(value);
  try {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
    if (value instanceof Error) return { name: value.name, message: copyString(value.message, kind, walk.limits.str) };
    if (Array.isArray(value)) return copyArray(value, kind, secret, depth, walk);
    if (value instanceof Set) return copyArray([...value], kind, secret, depth, walk);
    const entries = value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v] as const) : Object.entries(value);
    return copyObject(entries, kind, secret, depth, walk);
  } finally {
    walk.ancestors.delete(value);
  }
}

function copyArray(items: unknown[], kind: Kind, secret: boolean, depth: number, walk: Walk): unknown[] {
  const limit = walk.limits.items;
  const out = items.slice(0, limit).map((item) => copyValue(item, kind, secret, depth + 1, walk) ?? null);
  if (items.length > limit) out.push(`[… ${items.length - limit} more items]`);
  return out;
}

function copyObject(entries: ReadonlyArray<readonly [string, unknown]>, kind: Kind, secret: boolean, depth: number, walk: Walk): Record<string, unknown> {
  const type = entries.find(([key]) => key === 'type')?.[1];
  // Anthropic-style blocks name their kind in `type` ({type:'image', source:{type:'base64', data}}).
  const here = (typeof type === 'string' ? KIND_OF_NAME[type] : undefined) ?? kind;
  const out: Record<string, unknown> = {};
  for (const [index, [key, value]] of entries.entries()) {
    if (index >= walk.limits.items) {
      out['[…]'] = `${entries.length - index} more keys`;
      break;
    }
    const childKind = KIND_OF_NAME[key.toLowerCase()] ?? here;
    const childSecret = secret || SECRET_KEY.test(key);
    if (!childSecret && typeof value === 'string' && isPayload(key, value)) {
      out[key] = marker(childKind, base64Bytes(value));
      continue;
    }
    const copy = copyValue(value, childKind, childSecret, depth + 1, walk);
    if (copy !== undefined) out[key] = copy;
  }
  return out;
}

// `bytes` is always binary; the looser names only when the value is long enough to be a payload.
function isPayload(key: string, value: string): boolean {
  if (!PAYLOAD_KEYS.has(key)) return false;
  return value.length >= (key === 'bytes' ? 1 : 64) && BASE64.test(value);
}

function copyString(value: string, kind: Kind, limit: number): string {
  const dataUrl = DATA_URL.exec(value);
  if (dataUrl) return marker(kindOfMime(dataUrl[1]) ?? kind, base64Bytes(value.slice(dataUrl[0].length)));
  if (value.length >= LONG_BASE64 && BASE64.test(value)) return marker(kind, base64Bytes(value));
  // Scrub a little past the cut so a secret straddling it is still recognised whole.
  let text = value.length > limit + 256 ? value.slice(0, limit + 256) : value;
  for (const [pattern, replacement] of SECRET_TEXT) text = text.replace(pattern, replacement);
  if (value.length <= limit && text.length <= limit) return text;
  return `${text.slice(0, limit)}…[truncated, ${value.length} chars]`;
}

function byteLength(value: object): number | undefined {
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer)) return value.byteLength;
  return undefined;
}

// Buffer#toJSON's shape: {type:'Buffer', data:[…bytes]}.
function isBufferJson(value: object): value is { type: 'Buffer'; data: unknown[] } {
  const v = value as { type?: unknown; data?: unknown };
  return v.type === 'Buffer' && Array.isArray(v.data);
}

function base64Bytes(text: string): number {
  const clean = text.replace(/\s+/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
}

function kindOfMime(mime: string | undefined): Kind | undefined {
  if (!mime) return undefined;
  const type = mime.toLowerCase().split('/')[0];
  if (type === 'image' || type === 'video' || type === 'audio') return type;
  return 'document';
}

function marker(kind: Kind, bytes: number): string {
  return `[${kind}: ${bytes} bytes]`;
}

// Last resort when even the smallest limits overflow (a body with thousands of keys): the start
// of its JSON, as a string, cut until the result fits.
function preview(text: string, cap: number): { truncated: true; preview: string } {
  let length = cap;
  for (;;) {
    const result = { truncated: true as const, preview: text.slice(0, Math.max(0, length)) };
    const size = JSON.stringify(result).length;
    if (size <= cap || length <= 0) return result;
    length -= size - cap;
  }
}
