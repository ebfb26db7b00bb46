import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chatBase, completionsBase, countTokensBase, embeddingsBase, messagesBase, responsesBase } from '../support/fuzz-bases';
import { MAX_DEPTH } from '../../src-proxy/json-body';
import { bodyText, CORE_VALUES, describeValue, EXTRA_VALUES, isOpenAiErrorBody, mutate, mutateRandomly, paths, pick, prng, Raw, type Path } from '../support/fuzz-kit';
import { startHarness, type Harness } from '../support/harness';

// Thousands of malformed bodies at every route (issue 17): every field of a valid body replaced by
// values of every wrong type, random multi-field mutations, deep nesting, huge values, broken
// base64 and data URLs, odd unicode, and bodies that are not JSON. No answer may be a 500, every
// answer is a success or an error in the route's own shape, and the server still serves afterwards.
// FUZZ_SEED=<n> replays a run (the seed is printed with any failure).

const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
const EXTRAS_PER_FIELD = 4;
const RANDOM_BODIES = 3000;

type Shape = 'openai' | 'anthropic';
interface Route {
  url: string;
  base: unknown;
  shape: Shape;
  /** True for the body of a 200 this route gives (not streamed). */
  success(body: Record<string, unknown>): boolean;
}

const ROUTES: Route[] = [
  { url: '/v1/chat/completions', base: chatBase, shape: 'openai', success: (b) => b.object === 'chat.completion' },
  { url: '/v1/completions', base: completionsBase, shape: 'openai', success: (b) => b.object === 'text_completion' },
  { url: '/v1/embeddings', base: embeddingsBase, shape: 'openai', success: (b) => b.object === 'list' && Array.isArray(b.data) },
  { url: '/v1/responses', base: responsesBase, shape: 'openai', success: (b) => b.object === 'response' },
  { url: '/v1/messages', base: messagesBase, shape: 'anthropic', success: (b) => b.type === 'message' },
  { url: '/v1/messages/count_tokens', base: countTokensBase, shape: 'anthropic', success: (b) => typeof b.input_tokens === 'number' },
];

// 404: a model name that names no model, or a previous_response_id the store does not hold.
const ALLOWED = new Set([200, 400, 404]);

/** What is wrong with an answer, or undefined when it is a success or an error in the route's shape. */
function problemWith(route: Route, status: number, contentType: string, text: string): string | undefined {
  if (!ALLOWED.has(status)) return `status ${status}`;
  if (text.includes('Outcrop hit an unexpected error')) return 'an internal error';
  if (status === 200 && contentType.includes('text/event-stream')) return text.includes('data:') ? undefined : 'an empty event stream';
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text);
  } catch {
    return 'a body that is not JSON';
  }
  if (status === 200) return route.success(body) ? undefined : 'a 200 that is not a success body';
  const error = body.error as Record<string, unknown> | undefined;
  if (route.shape === 'anthropic') {
    return body.type === 'error' && error && typeof error.type === 'string' && typeof error.message === 'string' && error.message ? undefined : 'not an Anthropic error body';
  }
  return isOpenAiErrorBody(body) ? undefined : 'not an OpenAI error body';
}

let h: Harness;
let tried = 0;
let rssStart = 0;
let heapStart = 0;

// The heap still in use after a full collection: what a leak would grow (RSS also grows as V8
// keeps pages it has used, which is not a leak).
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;
function retainedHeap(): number {
  collect();
  return v8.getHeapStatistics().used_heap_size;
}
const failures: string[] = [];
const statuses = new Map<number, number>();

async function send(route: Route, payload: string | Buffer, what: string): Promise<void> {
  tried++;
  const res = await inject(route, payload);
  statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  const problem = problemWith(route, res.statusCode, String(res.headers['content-type'] ?? ''), res.body);
  if (problem && failures.length < 25) failures.push(`${route.url} ${what}: ${problem} (${res.statusCode}) ${res.body.slice(0, 300)}`);
  // The emulator and the request log keep what they see; this run would otherwise keep it all.
  if (tried % 200 === 0) {
    h.emu.reset();
    h.log.length = 0;
  }
}

const inject = (route: Route, payload: string | Buffer) => h.proxy.app.inject({ method: 'POST', url: route.url, payload, headers: { 'content-type': 'application/json' } });

const fail = () => `seed ${SEED}: ${failures.length} bad answers (replay with FUZZ_SEED=${SEED}):\n${failures.join('\n')}`;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('malformed bodies never make a 500', () => {
  test('every base body is a success (so each mutation starts from a request that works)', async () => {
    for (const route of ROUTES) {
      const res = await h.proxy.app.inject({ method: 'POST', url: route.url, payload: bodyText(route.base), headers: { 'content-type': 'application/json' } });
      expect(res.statusCode, `${route.url}: ${res.body.slice(0, 400)}`).toBe(200);
      expect(route.success(res.json())).toBe(true);
    }
    rssStart = process.memoryUsage().rss;
    heapStart = retainedHeap();
  });

  test('every field of every route, set to a value of every type (and a few odd ones)', { timeout: 120_000 }, async () => {
    const rand = prng(SEED);
    for (const route of ROUTES) {
      const fields: Path[] = paths(route.base);
      for (const path of fields) {
        const values = [...CORE_VALUES, ...Array.from({ length: EXTRAS_PER_FIELD }, () => pick(rand, EXTRA_VALUES))];
        for (const value of values) await send(route, bodyText(mutate(route.base, path, value)), `${JSON.stringify(path)} = ${describeValue(value)}`);
      }
    }
    expect(failures, fail()).toEqual([]);
  });

  test(`random multi-field mutations (seed ${SEED})`, { timeout: 120_000 }, async () => {
    const rand = prng(SEED + 1);
    for (let i = 0; i < RANDOM_BODIES; i++) {
      const route = pick(rand, ROUTES);
      const { body, changes } = mutateRandomly(rand, route.base);
      await send(route, bodyText(body), `#${i} ${changes.join(', ')}`);
    }
    expect(failures, fail()).toEqual([]);
  });

  test('bodies that are not JSON objects, nest too deep, are too wide or hold odd bytes', async () => {
    const texts: Array<string | Buffer> = [
      '', ' ', 'null', 'true', '0', '"text"', '[]', '[{}]', '{', '{"model":', '{"a":1}}', '\ufeff{}', '{"model":"x"}',
      '['.repeat(10_000) + ']'.repeat(10_000),
      `{"messages":[{"role":"user","content":${'{"a":['.repeat(5000)}1${']}'.repeat(5000)}}]}`,
      `{"model":"m","input":[${'"a",'.repeat(100_000)}"a"]}`,
      `{"messages":[${'1,'.repeat(150_000)}1]}`,
      '{"messages":[{"role":"user","content":"\\ud800\\udc00\\udfff\\u0000"}],"max_tokens":5}',
      Buffer.concat([Buffer.from('{"model":"m","prompt":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('","input":"x","max_tokens":5,"messages":[]}')]),
    ];
    for (const route of ROUTES) for (const text of texts) await send(route, text, `raw ${String(text).slice(0, 60)}`);
    expect(failures, fail()).toEqual([]);
  });

  test('the server still answers a good request on every route afterwards, and memory stayed bounded', async () => {
    for (const route of ROUTES) {
      const res = await h.proxy.app.inject({ method: 'POST', url: route.url, payload: bodyText(route.base), headers: { 'content-type': 'application/json' } });
      expect(res.statusCode).toBe(200);
    }
    const rss = Math.round(process.memoryUsage().rss / 1e6);
    const rssGrowth = Math.round(rss - rssStart / 1e6);
    const heapGrowth = Math.round((retainedHeap() - heapStart) / 1e6);
    console.log(`fuzz: ${tried} malformed bodies tried (seed ${SEED}), answers by status ${JSON.stringify(Object.fromEntries(statuses))}, rss ${rss} MB (+${rssGrowth} MB), heap kept +${heapGrowth} MB`);
    expect(tried).toBeGreaterThan(10_000);
    // Both outcomes are common: the fuzzer reaches the translation, not only the schema.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(500);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(5000);
    expect(heapGrowth).toBeLessThan(32);
    expect(rssGrowth).toBeLessThan(512);
  });
});

// The raw deep bodies above are refused by the schema before anything walks them even without the
// nesting cap; these are valid bodies with one deep value where translation walks it (tool
// schemas, tool-use input, a structured-output schema). Without the cap in json-body.ts each is a
// stack overflow (a 500); with it, a 400 in the route's shape that says why.
describe('a valid body with one value nested 5,000 levels deep is a clear 400', () => {
  // A JSON schema 2,500 levels deep (two JSON levels a schema level), written as text:
  // JSON.stringify itself overflows at about this depth.
  const deepSchema = new Raw('{"type":"object","properties":{"x":'.repeat(2500) + '{"type":"string"}' + '}}'.repeat(2500));
  const cases: Array<[string, Path]> = [
    ['/v1/chat/completions', ['tools', 0, 'function', 'parameters']],
    ['/v1/messages', ['tools', 0, 'input_schema']],
    ['/v1/messages', ['messages', 1, 'content', 3, 'input']],
    ['/v1/messages/count_tokens', ['tools', 0, 'input_schema']],
    ['/v1/messages/count_tokens', ['messages', 1, 'content', 3, 'input']],
    ['/v1/responses', ['tools', 0, 'parameters']],
    ['/v1/responses', ['text', 'format', 'schema']],
  ];
  test.each(cases)('%s, at %j', async (url, path) => {
    const r = ROUTES.find((route) => route.url === url)!;
    const res = await inject(r, bodyText(mutate(r.base, path, deepSchema)));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
    expect(problemWith(r, res.statusCode, String(res.headers['content-type'] ?? ''), res.body)).toBeUndefined();
    const error = res.json().error as { type: string; message: string };
    expect(error.type).toBe('invalid_request_error');
    expect(error.message).toContain(`more than ${MAX_DEPTH} levels deep`);
    const good = await inject(r, bodyText(r.base));
    expect(good.statusCode, good.body.slice(0, 300)).toBe(200);
  });
});

// The GET routes take input too: query strings (repeated, empty, odd encodings, unknown names)
// and ids in the path. The same rule: no 500, every answer in the route's shape.
describe('query strings and ids of the GET routes never make a 500', () => {
  const VALUES = ['', '0', '-1', '1', '100', '101', '1.5', '1e3', 'NaN', 'x', '%zz', '%00', '%E2%80%AE', 'asc', 'desc', 'reasoning.encrypted_content', '__proto__', 'constructor', 'a'.repeat(10_000)];
  const NAMES = ['limit', 'order', 'after', 'include', 'include[]', 'before', 'unknown', '__proto__', ''];
  const IDS = ['resp_missing', 'x', '..', '%2e%2e', '%00', 'a'.repeat(5000), '__proto__', 'constructor', encodeURIComponent('🙂'), '%zz'];

  test(`/v1/models, /v1/responses/:id and its input_items (seed ${SEED})`, { timeout: 60_000 }, async () => {
    const responses = ROUTES.find((r) => r.url === '/v1/responses')!;
    const created = await inject(responses, bodyText({ ...(responses.base as object), store: true }));
    expect(created.statusCode).toBe(200);
    const id = (created.json() as { id: string }).id;
    const rand = prng(SEED + 7);
    const query = (): string => {
      const parts = Array.from({ length: Math.floor(rand() * 4) }, () => (rand() < 0.1 ? pick(rand, NAMES) : `${pick(rand, NAMES)}=${encodeURIComponent(pick(rand, VALUES)).replace(/%25/g, rand() < 0.5 ? '%' : '%25')}`));
      return parts.length ? `?${parts.join('&')}` : '';
    };
    const urls: string[] = [];
    for (let i = 0; i < 400; i++) {
      const target = rand() < 0.8 ? id : pick(rand, IDS);
      urls.push(pick(rand, [`/v1/models${query()}`, `/v1/responses/${target}${query()}`, `/v1/responses/${target}/input_items${query()}`]));
    }
    for (const name of ['limit', 'order', 'after']) urls.push(`/v1/responses/${id}/input_items?${name}=1&${name}=2`);
    const shapes: Array<[string, Record<string, string>]> = [['openai', {}], ['anthropic', { 'anthropic-version': '2023-06-01', 'x-api-key': 'k' }]];
    for (const url of urls) {
      const [shape, headers] = url.startsWith('/v1/models') ? pick(rand, shapes) : shapes[0];
      tried++;
      const res = await h.proxy.app.inject({ method: 'GET', url, headers });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      const route: Route = { url, base: undefined, shape: shape as Shape, success: (b) => b.object === 'list' || b.object === 'response' || Array.isArray(b.data) };
      const problem = problemWith(route, res.statusCode, String(res.headers['content-type'] ?? ''), res.body);
      if (problem && failures.length < 25) failures.push(`GET ${url.slice(0, 120)}: ${problem} (${res.statusCode}) ${res.body.slice(0, 300)}`);
    }
    expect(failures, fail()).toEqual([]);
    // The stored response is still there, whole.
    const again = await h.proxy.app.inject({ method: 'GET', url: `/v1/responses/${id}` });
    expect(again.statusCode).toBe(200);
    expect((again.json() as { id: string }).id).toBe(id);
  });
});
