import { afterEach, describe, expect, test, vi } from 'vitest';
import { readSse, startHarness, type Harness } from '../support/harness';
import { until } from '../support/wait';

// A prefixed profile id goes to Bedrock as given: no model listing (a control-plane connection) is read for it.
const SONNET_PROFILE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

// After a wake from sleep (the desktop's 'resume', gateway.warm({ afterSleep: true })) the
// connections kept from before are replaced at once, without a PING that could hold the first
// request for pingTimeoutMs; and an established connection the network resets is replaced too
// (src-proxy/bedrock/h2-pool.ts). Counts are TCP connections the emulator accepted.

let h: Harness | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await h?.close();
  h = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ok(hh: Harness, stream: boolean, content = 'hello'): Promise<string> {
  const res = await hh.post('/v1/chat/completions', { model: SONNET_PROFILE, stream, messages: [{ role: 'user', content }] });
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

/** `work`, or a failure once `ms` have passed: a behavioural bound (a PING wait is twice as long), not a speed test. */
function before<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: still waiting after ${ms} ms`)), ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

describe('after a wake from sleep', () => {
  test('the quiet connection from before is replaced at once, not PINGed: the first request is served while a PING would still wait', async () => {
    h = await startHarness({ gateway: { connections: { pingEveryMs: 60_000, checkAfterMs: 50, pingTimeoutMs: 10_000 } } });
    h.emu.setHandler(() => ({ text: 'awake' }));
    expect(await ok(h, true)).toBe('awake');
    await sleep(100);
    // The laptop slept: the connection is silently dead (nothing answers, nothing closes).
    h.emu.freeze();
    const hh = h;
    await before(5000, 'the resume and first request', (async () => {
      await hh.gateway.warm({ afterSleep: true });
      // Opened ahead of the request, not by it.
      expect(hh.emu.stats.connections).toBe(2);
      expect(hh.emu.requests).toHaveLength(1);
      expect(await ok(hh, true)).toBe('awake');
    })());
    expect(await ok(h, false)).toBe('awake');
    expect(h.emu.stats.connections).toBe(2);
  });

  test('a connection with a request in flight takes no new ones but lets that one finish, then closes', async () => {
    h = await startHarness({ gateway: { connections: { pingEveryMs: 60_000 } } });
    h.emu.setHandler((req) => ({ text: 'answered', latencyMs: req.body?.messages?.[0]?.content?.[0]?.text === 'slow' ? 600 : 0 }));
    expect(await ok(h, false)).toBe('answered');
    const slow = ok(h, true, 'slow');
    await until('the slow request to reach Bedrock', () => h!.emu.requests.length === 2);
    // The wall clock counts the sleep: the connection's last proof of life is from before it.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true, now: Date.now() });
    vi.setSystemTime(Date.now() + 5 * 60_000);
    await h.gateway.warm({ afterSleep: true });
    expect(h.emu.stats.connections).toBe(2);
    expect(await ok(h, false)).toBe('answered');
    expect(await slow).toBe('answered');
    await until('the old connection to close', () => h!.emu.stats.openConnections === 1, { ms: 3000 });
    expect(h.emu.stats.connections).toBe(2);
  });

  test('the fresh connection outlives the PING timer that was due before the sleep (the wall clock jumped)', async () => {
    h = await startHarness({ gateway: { connections: { pingEveryMs: 1000, checkAfterMs: 50 } } });
    h.emu.setHandler(() => ({ text: 'awake' }));
    expect(await ok(h, true)).toBe('awake');
    // Timers do not run while a machine sleeps, the wall clock does: five minutes pass at once.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true, now: Date.now() });
    vi.setSystemTime(Date.now() + 5 * 60_000);
    await h.gateway.warm({ afterSleep: true });
    expect(h.emu.stats.connections).toBe(2);
    // The timer due before the sleep has had its turn.
    await sleep(1500);
    expect(h.emu.stats.openConnections).toBe(1);
    expect(await ok(h, false)).toBe('awake');
    expect(h.emu.stats.connections).toBe(2);
  });
});

describe('an established connection reset by the network', () => {
  test.each([true, false])('while idle: a replacement opens at once and the next request succeeds on it (streamed: %s)', async (stream) => {
    h = await startHarness({ gateway: { connections: { pingEveryMs: 60_000 } } });
    h.emu.setHandler(() => ({ text: 'after a reset' }));
    expect(await ok(h, stream)).toBe('after a reset');
    expect(h.emu.stats.openConnections).toBe(1);
    h.emu.resetConnections();
    await until('a replacement connection', () => h!.emu.stats.connections === 2 && h!.emu.stats.openConnections === 1, { ms: 3000 });
    expect(await ok(h, stream)).toBe('after a reset');
    expect(h.emu.stats.connections).toBe(2);
    expect(h.log.map((e) => e.status)).toEqual([200, 200]);
  });
});
