import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { OutcropCore } from '../../src-main/core/core';
import { emulatorEnv } from '../support/bedrock-emulator';
import { startAwsWorld, type AwsWorld } from '../support/aws-world';
import { bodyText, CORE_VALUES, describeValue, EXTRA_VALUES, isOpenAiErrorBody, mutate, mutateRandomly, paths, pick, prng, type Path } from '../support/fuzz-kit';

// The admin API's bodies and query strings get the fuzzing the model routes get (fuzz-bodies.test.ts,
// issue 17), on the real core: every field of a full settings patch, of a sign-in and of a Bedrock
// API key body set to values of every wrong type, random multi-field mutations, and query strings
// of every shape. No answer is a 500 or in another shape than the admin API's (OpenAI's error
// JSON), the settings file stays one Outcrop can read, and the core still serves afterwards.
// FUZZ_SEED=<n> replays a run.

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const EXTRAS_PER_FIELD = 3;
const RANDOM_PATCHES = 1500;
const RANDOM_QUERIES = 1500;

// 404: a sign-in profile that does not exist; 409: a settings save that met another writer.
const ALLOWED = new Set([200, 201, 204, 400, 404, 409]);

let world: AwsWorld;
let core: OutcropCore;
let tried = 0;
const failures: string[] = [];
const statuses = new Map<number, number>();

beforeAll(async () => {
  world = await startAwsWorld();
  for (const [k, v] of Object.entries(emulatorEnv(world.bedrock.url))) vi.stubEnv(k, v);
  // Host and port from the command line: a patch of either cannot move the listener mid-run.
  ({ core } = await OutcropCore.start({ home: world.outcropHome, port: 0, host: '127.0.0.1' }));
});
afterAll(async () => {
  await core?.close();
  await world?.close();
});

function problemWith(status: number, text: string): string | undefined {
  if (!ALLOWED.has(status)) return `status ${status}`;
  if (text.includes('Outcrop hit an unexpected error')) return 'an internal error';
  if (status === 204) return text === '' ? undefined : 'a 204 with a body';
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text);
  } catch {
    return 'a body that is not JSON';
  }
  if (status < 300) return body && typeof body === 'object' && !('error' in body) ? undefined : 'a success that is an error';
  return isOpenAiErrorBody(body) ? undefined : 'not an OpenAI error body';
}

async function send(method: 'GET' | 'PATCH' | 'POST' | 'PUT', url: string, payload: string | undefined, what: string): Promise<void> {
  tried++;
  const res = await core.proxy.app.inject({
    method,
    url: `/admin/api${url}`,
    headers: { authorization: `Bearer ${core.adminToken}`, host: new URL(core.proxy.url).host, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(payload === undefined ? {} : { payload }),
  });
  statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  const problem = problemWith(res.statusCode, res.body);
  if (problem && failures.length < 25) failures.push(`${method} ${url.slice(0, 120)} ${what}: ${problem} (${res.statusCode}) ${res.body.slice(0, 300)}`);
}

const fail = () => `seed ${SEED}: ${failures.length} bad answers (replay with FUZZ_SEED=${SEED}):\n${failures.join('\n')}`;

/** A settings patch of every setting, the collections filled so that their inner fields are fuzzed too. */
function settingsBase(): Record<string, unknown> {
  const { version: _v, ...current } = core.settings.get() as unknown as Record<string, unknown>;
  return {
    ...current,
    aliases: { 'my-fast': 'claude-haiku', 'my-big': 'claude-opus' },
    cachingPerModel: { 'claude-haiku': { system: true, tools: false } },
    priceOverrides: { 'anthropic.claude-haiku-4-5-20251001-v1:0': { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 } },
    allowedHosts: ['outcrop.test'],
    allowedOrigins: ['http://localhost:5173'],
    noProxy: 'localhost,.corp',
  };
}

const BODIES: Array<{ method: 'PATCH' | 'POST' | 'PUT'; url: string; base: () => Record<string, unknown> }> = [
  { method: 'PATCH', url: '/settings', base: settingsBase },
  { method: 'POST', url: '/sign-in', base: () => ({ profile: 'nobody-here', deviceCode: true }) },
  { method: 'PUT', url: '/bedrock-api-key', base: () => ({ key: 'ABSKexample0000000000000000' }) },
];

// Query strings: each parameter of each GET route with values of every kind, repeated, empty,
// encoded oddly, and parameters the route does not know.
const QUERY_ROUTES: Record<string, string[]> = {
  '/logs': ['limit', 'before', 'model', 'status', 'protocol', 'client', 'from', 'to'],
  '/usage': ['days'],
  '/prices': ['models'],
  '/settings': [],
  '/models': [],
  '/status': [],
};
const QUERY_VALUES = ['', '0', '-1', '1', '1.5', '1e3', '9007199254740993', 'NaN', 'x', '%', '%zz', '%00', '%E2%80%AE', 'ok', '4xx', '999', 'openai-chat', 'a,b,,c', ','.repeat(600), 'm'.repeat(70_000), '__proto__', 'constructor', '[]', '{}'];

function randomQuery(rand: () => number, route: string): string {
  const names = [...QUERY_ROUTES[route], 'unknown', '__proto__', 'limit[]', ''];
  const parts = Array.from({ length: Math.floor(rand() * 4) }, () => {
    const name = pick(rand, names);
    return rand() < 0.1 ? name : `${name}=${pick(rand, QUERY_VALUES)}`;
  });
  return parts.length ? `?${parts.join('&')}` : rand() < 0.5 ? '?' : '';
}

describe('the admin API never answers malformed input with a 500', () => {
  test('every base body is accepted (so each mutation starts from one that works)', async () => {
    const patch = await core.proxy.app.inject({ method: 'PATCH', url: '/admin/api/settings', headers: { authorization: `Bearer ${core.adminToken}`, host: new URL(core.proxy.url).host, 'content-type': 'application/json' }, payload: bodyText(settingsBase()) });
    expect(patch.statusCode, patch.body.slice(0, 400)).toBe(200);
  });

  test('every field of every body, set to a value of every type (and a few odd ones)', { timeout: 180_000 }, async () => {
    const rand = prng(SEED);
    for (const route of BODIES) {
      const base = route.base();
      for (const path of paths(base) as Path[]) {
        const values = [...CORE_VALUES, ...Array.from({ length: EXTRAS_PER_FIELD }, () => pick(rand, EXTRA_VALUES))];
        for (const value of values) await send(route.method, route.url, bodyText(mutate(base, path, value)), `${JSON.stringify(path)} = ${describeValue(value)}`);
      }
      for (const raw of ['', 'null', '[]', '"x"', '{', '{"a":1}}', '\ufeff{}', '{"__proto__":{"x":1}}']) await send(route.method, route.url, raw, `raw ${raw}`);
    }
    expect(failures, fail()).toEqual([]);
  });

  test(`random multi-field mutations of the settings patch (seed ${SEED})`, { timeout: 180_000 }, async () => {
    const rand = prng(SEED + 1);
    for (let i = 0; i < RANDOM_PATCHES; i++) {
      const { body, changes } = mutateRandomly(rand, settingsBase());
      await send('PATCH', '/settings', bodyText(body), `#${i} ${changes.join(', ')}`);
    }
    expect(failures, fail()).toEqual([]);
  });

  test(`query strings of every shape on every GET route (seed ${SEED})`, { timeout: 120_000 }, async () => {
    const rand = prng(SEED + 2);
    for (const [route, names] of Object.entries(QUERY_ROUTES)) {
      for (const name of names) for (const value of QUERY_VALUES) await send('GET', `${route}?${name}=${encodeURIComponent(value)}`, undefined, `${name}=${value.slice(0, 40)}`);
      for (const name of names) await send('GET', `${route}?${name}=1&${name}=2`, undefined, `${name} twice`);
    }
    for (let i = 0; i < RANDOM_QUERIES; i++) {
      const route = pick(rand, Object.keys(QUERY_ROUTES));
      await send('GET', `${route}${randomQuery(rand, route)}`, undefined, `#${i}`);
    }
    expect(failures, fail()).toEqual([]);
  });

  test('afterwards the core still serves, and the settings file is one Outcrop reads', async () => {
    const status = await fetch(`${core.proxy.url}/admin/api/status`, { headers: { authorization: `Bearer ${core.adminToken}` } });
    expect(status.status).toBe(200);
    const patch = await fetch(`${core.proxy.url}/admin/api/settings`, { method: 'PATCH', headers: { authorization: `Bearer ${core.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ defaultModel: 'claude-haiku' }) });
    expect(patch.status).toBe(200);
    expect(core.settings.problem).toBeUndefined();
    expect(JSON.parse(readFileSync(join(world.outcropHome, 'settings.json'), 'utf8')).defaultModel).toBe('claude-haiku');
    console.log(`admin fuzz: ${tried} malformed bodies and query strings tried (seed ${SEED}), answers by status ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(tried).toBeGreaterThan(3000);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(1000);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(100);
  });
});
