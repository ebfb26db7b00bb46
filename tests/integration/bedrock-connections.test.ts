import { afterEach, describe, expect, test } from 'vitest';
import { readSse, startHarness, type Harness } from '../support/harness';

// How the gateway holds its HTTP/2 connections to Bedrock: shared by non-streamed calls, closed
// when unused, and never cut while a call waits for a slow answer.

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const chat = (stream = false) => ({ model: 'claude-sonnet', stream, messages: [{ role: 'user', content: 'Write a long essay.' }] });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('connections to Bedrock', () => {
  test('a call that waits 11 s for its first byte still gets its answer, streamed or not', async () => {
    // Node's HTTP/2 session timeout counts silence even while a request waits: any such timeout
    // under 11 s (a 10 s one was shipped once) fails this test. Long prompts and long
    // non-streamed answers keep Bedrock silent for that long in real use.
    h = await startHarness();
    h.emu.setHandler((req) => ({ text: req.operation === 'ConverseStream' ? 'streamed after a long wait' : 'answered after a long wait', latencyMs: 11_000 }));
    const [plain, streamed] = await Promise.all([h.post('/v1/chat/completions', chat(false)), h.post('/v1/chat/completions', chat(true))]);
    expect(plain.status).toBe(200);
    expect((await plain.json()).choices[0].message.content).toBe('answered after a long wait');
    expect(streamed.status).toBe(200);
    const events = await readSse(streamed);
    expect(events.at(-1)).toBe('[DONE]');
    const text = events.filter((e): e is { choices: { delta?: { content?: string } }[] } => e !== '[DONE]').map((e) => e.choices[0]?.delta?.content ?? '').join('');
    expect(text).toBe('streamed after a long wait');
  }, 30_000);

  test('non-streamed calls share one connection, which is closed once unused for idleConnectionMs', async () => {
    h = await startHarness({ gateway: { idleConnectionMs: 200 } });
    h.emu.setHandler(() => ({ text: 'ok' }));
    for (let i = 0; i < 3; i++) expect((await h.post('/v1/chat/completions', chat())).status).toBe(200);
    expect(h.emu.stats.connections).toBe(1);
    expect(h.emu.stats.openConnections).toBe(1);
    await expect.poll(() => h!.emu.stats.openConnections, { timeout: 3000, interval: 50 }).toBe(0);
    // The next call opens a fresh connection.
    expect((await h.post('/v1/chat/completions', chat())).status).toBe(200);
    expect(h.emu.stats.connections).toBe(2);
  });

  test('a connection with a call in flight is never closed as idle', async () => {
    h = await startHarness({ gateway: { idleConnectionMs: 100 } });
    h.emu.setHandler((req) => ({ text: req.body?.messages?.[0]?.content?.[0]?.text === 'slow' ? 'slow answer' : 'quick answer', latencyMs: req.body?.messages?.[0]?.content?.[0]?.text === 'slow' ? 800 : 0 }));
    const slow = h.post('/v1/chat/completions', { model: 'claude-sonnet', messages: [{ role: 'user', content: 'slow' }] });
    await sleep(50);
    // The quick call ends while the slow one still waits: the idle timer must not start.
    const quick = await h.post('/v1/chat/completions', { model: 'claude-sonnet', messages: [{ role: 'user', content: 'quick' }] });
    expect((await quick.json()).choices[0].message.content).toBe('quick answer');
    const res = await slow;
    expect(res.status).toBe(200);
    expect((await res.json()).choices[0].message.content).toBe('slow answer');
    expect(h.emu.stats.connections).toBe(1);
  });

  test('each stream has its own connection, closed when the stream ends', async () => {
    h = await startHarness();
    h.emu.setHandler(() => ({ text: 'streamed' }));
    for (let i = 0; i < 2; i++) {
      const res = await h.post('/v1/chat/completions', chat(true));
      expect((await readSse(res)).at(-1)).toBe('[DONE]');
    }
    expect(h.emu.stats.connections).toBe(2);
    await expect.poll(() => h!.emu.stats.openConnections, { timeout: 3000, interval: 50 }).toBe(0);
  });

  test('every call carries the SDK\'s user-agent headers, computed on the first call and reused', async () => {
    h = await startHarness();
    h.emu.setHandler(() => ({ text: 'ok' }));
    for (let i = 0; i < 3; i++) expect((await h.post('/v1/chat/completions', chat(i === 2))).status).toBe(200);
    const seen = h.emu.requests.map((r) => [r.operation, r.headers['user-agent'], r.headers['x-amz-user-agent']]);
    expect(seen.map(([op]) => op)).toEqual(['Converse', 'Converse', 'ConverseStream']);
    const [first] = seen;
    expect(first[1]).toMatch(/^aws-sdk-js\/\d+\.\d+\.\d+ .*api\/bedrock-runtime#\d/);
    expect(first[2]).toMatch(/^aws-sdk-js\/\d/);
    for (const later of seen.slice(1)) expect(later.slice(1)).toEqual(first.slice(1));
  });
});
