import { afterEach, describe, expect, test, vi } from 'vitest';
import { readSse, startHarness, type Harness } from '../support/harness';
import { until } from '../support/wait';

// A prefixed profile id goes to Bedrock as given: no model listing (a control-plane connection) is read for it.
const SONNET_PROFILE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

// A request never fails because it was handed a dead connection (src-proxy/bedrock/h2-pool.ts):
// GOAWAY, a reset during the handshake, a connection that went silent (a laptop that changed
// networks), each found and replaced, the request sent again on a fresh one before anything
// reached the client. Counts are TCP connections the emulator accepted.

let h: Harness | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await h?.close();
  h = undefined;
});

const chat = (stream: boolean, content = 'hello') => ({ model: SONNET_PROFILE, stream, messages: [{ role: 'user', content }] });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ok(hh: Harness, stream: boolean, content?: string): Promise<string> {
  const res = await hh.post('/v1/chat/completions', chat(stream, content));
  const text = await res.text();
  expect(res.status, text).toBe(200);
  if (!stream) return JSON.parse(text).choices[0].message.content;
  const events = await readSse(new Response(text));
  expect(events.at(-1)).toBe('[DONE]');
  return events
    .filter((e): e is { choices: { delta?: { content?: string } }[] } => e !== '[DONE]')
    .map((e) => e.choices[0]?.delta?.content ?? '')
    .join('');
}

describe('dead connections to Bedrock are replaced, and requests on them sent again', () => {
  test('GOAWAY: the connection is replaced at once, and the next requests succeed on the new one', async () => {
    h = await startHarness();
    h.emu.setHandler(() => ({ text: 'ok' }));
    expect(await ok(h, true)).toBe('ok');
    h.emu.goaway();
    // The replacement opens without waiting for a request.
    await until('a replacement connection', () => h!.emu.stats.connections === 2 && h!.emu.stats.openConnections === 1, { ms: 3000 });
    expect(await ok(h, true)).toBe('ok');
    expect(await ok(h, false)).toBe('ok');
    expect(h.emu.stats.connections).toBe(2);
    expect(h.log.map((e) => e.status)).toEqual([200, 200, 200]);
  });

  test('GOAWAY below a request in flight (its stream refused): the request is sent again on a fresh connection', async () => {
    h = await startHarness();
    h.emu.setHandler((req) => ({ text: 'answered', latencyMs: req.body?.messages?.[0]?.content?.[0]?.text === 'slow' ? 400 : 0 }));
    expect(await ok(h, false)).toBe('answered');
    for (const stream of [true, false]) {
      const before = h.emu.requests.length;
      const pending = ok(h, stream, 'slow');
      await until('the request to reach Bedrock', () => h!.emu.requests.length === before + 1);
      // Streams above id 1 were not processed, as far as the client is told.
      h.emu.goaway(1);
      expect(await pending).toBe('answered');
      expect(h.emu.requests.length).toBe(before + 2);
    }
    expect(h.log.every((e) => e.status === 200)).toBe(true);
  });

  test.each([true, false])('a reset during the connection handshake: the request is sent again on a new connection (streamed: %s)', async (stream) => {
    h = await startHarness();
    h.emu.setHandler(() => ({ text: 'after a reset' }));
    h.emu.resetNextConnections(1);
    expect(await ok(h, stream)).toBe('after a reset');
    expect(h.emu.stats.connections).toBe(2);
    expect(h.emu.requests).toHaveLength(1);
  });

  test('a connection gone silent, found by the PING sent with the next request: the request is sent again on a fresh one', async () => {
    // No periodic PING in time here: only the request's own check can find the dead connection.
    h = await startHarness({ gateway: { connections: { pingEveryMs: 60_000, checkAfterMs: 50, pingTimeoutMs: 300 } } });
    h.emu.setHandler(() => ({ text: 'still answered' }));
    for (const stream of [true, false]) {
      expect(await ok(h, stream)).toBe('still answered');
      await sleep(100);
      const before = h.emu.stats.connections;
      h.emu.freeze();
      expect(await ok(h, stream)).toBe('still answered');
      expect(h.emu.stats.connections).toBe(before + 1);
    }
    expect(h.log.every((e) => e.status === 200)).toBe(true);
  });

  test('a connection gone silent with a stream in flight: the next request goes to a fresh one at once', async () => {
    h = await startHarness({ gateway: { connections: { pingEveryMs: 60_000, checkAfterMs: 50, pingTimeoutMs: 300 } } });
    h.emu.setHandler((req) => ({ text: 'answered', latencyMs: req.body?.messages?.[0]?.content?.[0]?.text === 'stuck' ? 20_000 : 0 }));
    const leave = new AbortController();
    const stuck = fetch(`${h.proxy.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(chat(true, 'stuck')), signal: leave.signal }).catch(() => undefined);
    await until('the stuck request to reach Bedrock', () => h!.emu.requests.length === 1);
    await sleep(100);
    h.emu.freeze();
    expect(await ok(h, true)).toBe('answered');
    expect(await ok(h, false)).toBe('answered');
    expect(h.emu.stats.connections).toBe(2);
    leave.abort();
    await stuck;
  });

  test('a connection gone silent while idle is found by the periodic PING and replaced before the next request', async () => {
    h = await startHarness({ gateway: { connections: { pingEveryMs: 50, checkAfterMs: 60_000, pingTimeoutMs: 200 } } });
    h.emu.setHandler(() => ({ text: 'answered' }));
    expect(await ok(h, true)).toBe('answered');
    h.emu.freeze();
    await until('a replacement connection', () => h!.emu.stats.connections === 2, { ms: 3000 });
    await sleep(50);
    expect(await ok(h, true)).toBe('answered');
    expect(h.emu.stats.connections).toBe(2);
  });

  test('after the machine slept (the wall clock jumped past the PING timer), idle connections are replaced at once', async () => {
    h = await startHarness({ gateway: { connections: { pingEveryMs: 50, pingTimeoutMs: 2000 } } });
    h.emu.setHandler(() => ({ text: 'awake' }));
    expect(await ok(h, true)).toBe('awake');
    // Without a sleep, the periodic look at the idle connection PINGs it and keeps it.
    await until('two periodic PINGs', () => h!.emu.stats.pings >= 2, { ms: 3000 });
    expect(h.emu.stats.connections).toBe(1);
    // Timers do not run while a machine sleeps, the wall clock does: five minutes pass at once.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true, now: Date.now() });
    vi.setSystemTime(Date.now() + 5 * 60_000);
    await until('a replacement connection', () => h!.emu.stats.connections === 2 && h!.emu.stats.openConnections === 1, { ms: 3000 });
    expect(await ok(h, false)).toBe('awake');
    expect(h.emu.stats.connections).toBe(2);
  });

  test('no reconnect loop: a warm connection closed by the server before it carried anything is not replaced', async () => {
    h = await startHarness({ gateway: { connections: { pingEveryMs: 60_000 } } });
    await h.gateway.warm();
    expect(h.emu.stats.connections).toBe(1);
    h.emu.goaway();
    await sleep(300);
    expect(h.emu.stats.connections).toBe(1);
    expect(h.emu.stats.openConnections).toBe(0);
  });
});
