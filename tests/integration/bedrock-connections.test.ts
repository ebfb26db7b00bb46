import { afterEach, describe, expect, test } from 'vitest';
import { DEFAULT_BEDROCK_TIMEOUTS } from '../../src-proxy/bedrock/deadlines';
import { DEFAULT_POOL_OPTIONS } from '../../src-proxy/bedrock/h2-pool';
import { readSse, startHarness, type Harness } from '../support/harness';
import { until } from '../support/wait';

// A prefixed profile id goes to Bedrock as given: no model listing (a control-plane connection) is read for it.
const SONNET_PROFILE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

// How the gateway holds its HTTP/2 connections to Bedrock (src-proxy/bedrock/h2-pool.ts): streamed
// and non-streamed calls share warm sessions, kept while the proxy is in use, and never cut while
// a call waits for a slow answer. Counts are TCP connections the emulator accepted.
// Dead sessions, GOAWAY and resets: tests/integration/warm-connections.test.ts.

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const chat = (stream = false, content = 'Write a long essay.') => ({ model: SONNET_PROFILE, stream, messages: [{ role: 'user', content }] });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const textOf = (events: unknown[]) =>
  events
    .filter((e): e is { choices: { delta?: { content?: string } }[] } => e !== '[DONE]')
    .map((e) => e.choices[0]?.delta?.content ?? '')
    .join('');

async function streamed(hh: Harness, content?: string): Promise<string> {
  const res = await hh.post('/v1/chat/completions', chat(true, content));
  expect(res.status).toBe(200);
  const events = await readSse(res);
  expect(events.at(-1)).toBe('[DONE]');
  return textOf(events);
}

async function answered(hh: Harness, content?: string): Promise<string> {
  const res = await hh.post('/v1/chat/completions', chat(false, content));
  expect(res.status).toBe(200);
  return (await res.json()).choices[0].message.content;
}

describe('connections to Bedrock', () => {
  test('a call whose first byte comes later than every connection threshold still gets its answer, streamed or not', async () => {
    // What once cut such calls was a silence timeout on the HTTP/2 session (the SDK's
    // sessionTimeout, 10 s: node's Http2Session.setTimeout counts silence even while a request
    // waits). Long prompts and long non-streamed answers keep Bedrock silent that long in real use.
    // Every threshold a waiting call lives through (the connect timeout, and each interval of the
    // pool: keep, PING, quiet check, sleep gap) is injected below the wait here, so that a cut tied
    // to any of them shows in a fraction of a second. The PING timeout is no silence threshold (an
    // ACK on loopback bounds it) and keeps its default. A timeout hard-coded elsewhere is out of
    // this test's reach. The connect timeout is the one threshold a loaded CI machine can cross
    // by itself (a loopback connect slower than it is a 504): it stays well above a slow connect.
    const waitMs = 1000;
    const connections = Object.fromEntries(Object.entries(DEFAULT_POOL_OPTIONS).filter(([k]) => k.endsWith('Ms') && k !== 'pingTimeoutMs').map(([k]) => [k, 50]));
    h = await startHarness({ gateway: { connections, timeouts: () => ({ ...DEFAULT_BEDROCK_TIMEOUTS, connectMs: 500 }) } });
    h.emu.setHandler((req) => ({ text: req.operation === 'ConverseStream' ? 'streamed after a long wait' : 'answered after a long wait', latencyMs: waitMs }));
    const [plain, stream] = await Promise.all([answered(h), streamed(h)]);
    expect(plain).toBe('answered after a long wait');
    expect(stream).toBe('streamed after a long wait');
    // Both waited on the one session they started on (not cut and sent again elsewhere), which the
    // pool PINGed as it went quiet: the wait did cross the pool's intervals.
    expect(h.emu.requests).toHaveLength(2);
    expect(h.emu.stats.connections).toBe(1);
    expect(h.emu.stats.pings).toBeGreaterThan(0);
  });

  test('40 streamed requests in a row share one connection, which stays open', async () => {
    h = await startHarness();
    h.emu.setHandler(() => ({ text: 'streamed' }));
    for (let i = 0; i < 40; i++) expect(await streamed(h)).toBe('streamed');
    expect(h.emu.stats.connections).toBeLessThanOrEqual(2);
    expect(h.emu.stats.openConnections).toBe(1);
  });

  test('40 non-streamed requests in a row share one connection, which stays open', async () => {
    h = await startHarness();
    h.emu.setHandler(() => ({ text: 'ok' }));
    for (let i = 0; i < 40; i++) expect(await answered(h)).toBe('ok');
    expect(h.emu.stats.connections).toBeLessThanOrEqual(2);
    expect(h.emu.stats.openConnections).toBe(1);
  });

  test('turns with pauses over many PING intervals (streamed and not) stay on one warm, PINGed connection', async () => {
    h = await startHarness({ gateway: { connections: { pingEveryMs: 40, checkAfterMs: 20, pingTimeoutMs: 2000 } } });
    h.emu.setHandler((req) => ({ text: req.operation === 'ConverseStream' ? 'streamed' : 'answered' }));
    for (let i = 0; i < 8; i++) {
      expect(i % 2 ? await answered(h) : await streamed(h)).toBe(i % 2 ? 'answered' : 'streamed');
      await sleep(200);
    }
    expect(h.emu.stats.connections).toBeLessThanOrEqual(2);
    expect(h.emu.stats.openConnections).toBe(1);
    // The idle connection was PINGed between turns (each pause spans five intervals).
    expect(h.emu.stats.pings).toBeGreaterThanOrEqual(8);
  });

  test('a connection unused for keepMs is closed (and the timer stops); one with a call in flight never is', async () => {
    h = await startHarness({ gateway: { connections: { keepMs: 300, pingEveryMs: 50 } } });
    h.emu.setHandler((req) => {
      const slow = req.body?.messages?.[0]?.content?.[0]?.text === 'slow';
      return { text: slow ? 'slow answer' : 'quick answer', latencyMs: slow ? 800 : 0 };
    });
    // The slow call outlives the keep window: its session stays.
    expect(await answered(h, 'slow')).toBe('slow answer');
    expect(h.emu.stats.connections).toBe(1);
    expect(await answered(h, 'quick')).toBe('quick answer');
    expect(h.emu.stats.connections).toBe(1);
    await until('the unused connection to close', () => h!.emu.stats.openConnections === 0, { ms: 3000 });
    expect(await answered(h, 'quick')).toBe('quick answer');
    expect(h.emu.stats.connections).toBe(2);
  });

  test('concurrent streams share a session up to the server\'s SETTINGS_MAX_CONCURRENT_STREAMS; beyond it another opens', async () => {
    h = await startHarness({ emulator: { maxConcurrentStreams: 2 } });
    h.emu.setHandler(() => ({ text: 'together', latencyMs: 300 }));
    await h.gateway.warm();
    expect(h.emu.stats.connections).toBe(1);
    expect(h.emu.requests).toHaveLength(0);
    // Two at once fit in the warm session.
    expect(await Promise.all([streamed(h), answered(h)])).toEqual(['together', 'together']);
    expect(h.emu.stats.connections).toBe(1);
    // Three do not.
    expect(await Promise.all([streamed(h), streamed(h), answered(h)])).toEqual(['together', 'together', 'together']);
    expect(h.emu.stats.connections).toBe(2);
  });

  test('one client that stops reading a large stream stalls neither the session nor another stream on it', async () => {
    h = await startHarness();
    // 32 MB: more than the loopback socket buffers between the proxy and its client can hold, so
    // that the proxy's backpressure reaches the HTTP/2 stream from Bedrock. Written event by event
    // as a model does (in one write, the emulator's own session would hold 32 MB, over Node's
    // maxSessionMemory, and refuse new streams itself).
    const bigReply = { text: 'x'.repeat(32 << 20), chunkSize: 1 << 18, chunkDelayMs: 1 };
    h.emu.setHandler((req) => (req.body?.messages?.[0]?.content?.[0]?.text === 'big' ? bigReply : { text: 'small answer' }));
    const big = await h.post('/v1/chat/completions', chat(true, 'big'));
    const reader = big.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    // The big answer is held up by its reader: Bedrock (the emulator) cannot finish writing it
    // (unread, it would be written in about 150 ms).
    await sleep(600);
    expect(h.emu.stats.activeStreams).toBe(1);
    expect(await streamed(h, 'small')).toBe('small answer');
    expect(await answered(h, 'small')).toBe('small answer');
    expect(h.emu.stats.activeStreams).toBe(1);
    expect(h.emu.stats.connections).toBe(1);
    // The client that left resets its stream only: the session carries on.
    await reader.cancel();
    await until('the big stream to be reset', () => h!.emu.stats.abortedStreams === 1, { ms: 3000 });
    expect(await streamed(h, 'small')).toBe('small answer');
    expect(h.emu.stats.connections).toBe(1);
    expect(h.emu.stats.openConnections).toBe(1);
  }, 30_000);

  test('warm() opens the connection ahead of the first request without sending one, and never throws', async () => {
    h = await startHarness();
    h.emu.setHandler(() => ({ text: 'ok' }));
    await h.gateway.warm();
    expect(h.emu.stats.openConnections).toBe(1);
    expect(h.emu.requests).toHaveLength(0);
    expect(await streamed(h)).toBe('ok');
    await h.gateway.warm();
    expect(h.emu.stats.connections).toBe(1);
    // Nothing listens there any more: warm() still resolves.
    await h.emu.close();
    await expect(h.gateway.warm()).resolves.toBe(true);
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
