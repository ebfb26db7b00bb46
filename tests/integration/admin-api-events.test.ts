import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { AdminEvent } from '../../src-shared/admin';
import { defaultSettings } from '../../src-shared/settings';
import { FakeAdminBackend } from '../support/fake-admin-backend';
import { eventually, startHarness, type Harness } from '../support/harness';

// GET /admin/api/events over real sockets: ids and order, Last-Event-ID replay, heartbeats,
// unsubscribing when the client leaves, and a client too slow to keep up.

const TOKEN = 'events-token-0123456789abcdef0123456789ab';

interface Frame {
  id?: string;
  event?: string;
  data?: unknown;
  comment?: string;
  retry?: number;
}

function parseFrame(block: string): Frame {
  const frame: Frame = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(': ')) frame.comment = line.slice(2);
    else if (line.startsWith('id: ')) frame.id = line.slice(4);
    else if (line.startsWith('event: ')) frame.event = line.slice(7);
    else if (line.startsWith('data: ')) frame.data = JSON.parse(line.slice(6));
    else if (line.startsWith('retry: ')) frame.retry = Number(line.slice(7));
  }
  return frame;
}

interface Stream {
  res: Response;
  frames: Frame[];
  /** The frames that carry events (no pings, no retry). */
  events(): Frame[];
  close(): void;
}

let h: Harness | undefined;
let backend: FakeAdminBackend;
const streams: Stream[] = [];

async function start(heartbeatMs = 60_000): Promise<void> {
  backend = new FakeAdminBackend();
  h = await startHarness({ admin: { backend, token: TOKEN, heartbeatMs } });
}

afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  await h?.close();
  h = undefined;
});

async function open(query = '', headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }): Promise<Stream> {
  const abort = new AbortController();
  const res = await fetch(`${h!.proxy.url}/admin/api/events${query}`, { headers, signal: abort.signal });
  const frames: Frame[] = [];
  const stream: Stream = { res, frames, events: () => frames.filter((f) => f.id !== undefined), close: () => abort.abort() };
  streams.push(stream);
  if (res.status === 200 && res.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            frames.push(parseFrame(buffer.slice(0, end)));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch {
        // Aborted by the test.
      }
    })();
  }
  return stream;
}

const warning = (message: string): AdminEvent => ({ type: 'warning', message });

describe('admin events stream', () => {
  it('opens with retry: 2000 and delivers events in order with ids, types and data', async () => {
    await start();
    const s = await open();
    expect(s.res.status).toBe(200);
    expect(s.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await eventually(() => s.frames.length >= 1 && backend.subscribers === 1);
    expect(s.frames[0]).toEqual({ retry: 2000 });
    expect(backend.callsOf('subscribe')).toEqual([[undefined]]);

    backend.emit(warning('first'));
    backend.emit({ type: 'settings', settings: { ...defaultSettings(), port: 9000 } });
    backend.emit({ type: 'credentials', state: { profile: 'dev', status: 'expiring', message: 'SSO session for dev expires in 10 minutes' } });
    backend.emit({ type: 'sign-in', signIn: { id: 's1', profile: 'dev', flow: 'pkce', url: 'https://example.test', state: 'done' } });
    backend.emit({ type: 'request', entry: { id: 'r1', time: 1, endpoint: '/v1/chat/completions', stream: true, status: 200, latencyMs: 5 } });
    await eventually(() => s.events().length === 5);
    const events = s.events();
    expect(events.map((f) => f.id)).toEqual(['1', '2', '3', '4', '5']);
    expect(events.map((f) => f.event)).toEqual(['warning', 'settings', 'credentials', 'sign-in', 'request']);
    expect(events[0].data).toEqual({ type: 'warning', message: 'first' });
    expect(events[1].data).toMatchObject({ type: 'settings', settings: { port: 9000 } });
    expect(events[4].data).toMatchObject({ type: 'request', entry: { id: 'r1' } });
  });

  it('replays what came after Last-Event-ID, then goes live', async () => {
    await start();
    for (const m of ['a', 'b', 'c']) backend.emit(warning(m));
    const s = await open('', { authorization: `Bearer ${TOKEN}`, 'last-event-id': '1' });
    await eventually(() => s.events().length === 2);
    backend.emit(warning('d'));
    await eventually(() => s.events().length === 3);
    expect(s.events().map((f) => [f.id, (f.data as { message: string }).message])).toEqual([
      ['2', 'b'],
      ['3', 'c'],
      ['4', 'd'],
    ]);
    expect(backend.callsOf('subscribe')).toEqual([[1]]);
  });

  it('takes ?lastEventId= too, and the header wins over it (EventSource keeps the URL and adds the header)', async () => {
    await start();
    for (const m of ['a', 'b', 'c', 'd']) backend.emit(warning(m));
    const byQuery = await open(`?lastEventId=2&token=${TOKEN}`, {});
    await eventually(() => byQuery.events().length === 2);
    expect(byQuery.events().map((f) => f.id)).toEqual(['3', '4']);
    const both = await open(`?lastEventId=1&token=${TOKEN}`, { 'last-event-id': '3' });
    await eventually(() => both.events().length === 1);
    expect(backend.callsOf('subscribe')).toEqual([[2], [3]]);
  });

  it('accepts the token as ?token= (EventSource cannot send headers) and refuses a wrong one', async () => {
    await start();
    const ok = await open(`?token=${encodeURIComponent(TOKEN)}`, {});
    expect(ok.res.status).toBe(200);
    for (const query of ['?token=wrong', '']) {
      const bad = await open(query, {});
      expect(bad.res.status).toBe(401);
      expect(await bad.res.json()).toMatchObject({ error: { type: 'authentication_error', code: 'unauthorized' } });
    }
    const wrongHeader = await open(`?token=${TOKEN}`, { authorization: 'Bearer wrong' });
    expect(wrongHeader.res.status).toBe(401);
    expect(backend.subscribes).toBe(1);
  });

  it.each([
    ['?lastEventId=abc', {}, 'lastEventId'],
    ['?lastEventId=-1', {}, 'lastEventId'],
    ['?since=4', {}, 'since'],
    ['', { 'last-event-id': 'yesterday' }, 'Last-Event-ID'],
  ])('refuses %s %j with 400 naming %s', async (query, extra, param) => {
    await start();
    const s = await open(query, { authorization: `Bearer ${TOKEN}`, ...extra });
    expect(s.res.status).toBe(400);
    expect(await s.res.json()).toMatchObject({ error: { param, type: 'invalid_request_error' } });
    expect(backend.subscribes).toBe(0);
  });

  it('sends a ": ping" comment every heartbeat', async () => {
    await start(40);
    const s = await open();
    await eventually(() => s.frames.filter((f) => f.comment === 'ping').length >= 3);
    backend.emit(warning('between pings'));
    await eventually(() => s.events().length === 1);
  });

  it('unsubscribes when the client disconnects, and stops its heartbeat', async () => {
    await start(20);
    const s = await open();
    await eventually(() => backend.subscribers === 1);
    s.close();
    await eventually(() => backend.unsubscribes === 1);
    expect(backend.subscribers).toBe(0);
    // Events after the client left go nowhere and break nothing. A client that comes later
    // receives three heartbeats (so the first one's heartbeat, had it gone on, ticked as often)
    // and the next event, and nothing was unsubscribed twice.
    backend.emit(warning('nobody listens'));
    const later = await open();
    await eventually(() => later.frames.filter((f) => f.comment === 'ping').length >= 3);
    backend.emit(warning('someone listens'));
    await eventually(() => later.events().length === 1);
    expect(later.events()[0].data).toEqual(warning('someone listens'));
    expect(backend.unsubscribes).toBe(1);
    expect(backend.subscribers).toBe(1);
    expect((await fetch(`${h!.proxy.url}/healthz`)).status).toBe(200);
  });

  it('unsubscribes every client when the proxy closes', async () => {
    await start();
    await open();
    await open();
    await eventually(() => backend.subscribers === 2);
    await h!.close();
    h = undefined;
    await eventually(() => backend.unsubscribes === 2);
  });

  it('a failing subscribe is a JSON 500, not a broken stream', async () => {
    await start();
    backend.failNext('subscribe', new Error('The event hub is shut down.'));
    const s = await open();
    expect(s.res.status).toBe(500);
    expect(await s.res.json()).toMatchObject({ error: { message: 'The event hub is shut down.', type: 'server_error' } });
  });

  it('ends the stream of a client that stops reading, which then catches up through Last-Event-ID', async () => {
    await start();
    const big = 'x'.repeat(16 * 1024);
    const total = 2500;
    // A raw request whose response is not read: the socket fills and the server must stop queueing.
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest(`${h!.proxy.url}/admin/api/events`, { headers: { authorization: `Bearer ${TOKEN}` } }, resolve);
      req.on('error', reject);
      req.end();
    });
    res.pause();
    await eventually(() => backend.subscribers === 1);
    // In small batches, so the stream writes until the socket is full and then waits for drain.
    for (let i = 0; i < total; i++) {
      backend.emit(warning(`${i} ${big}`));
      if (i % 20 === 19 && backend.unsubscribes === 0) await new Promise((r) => setTimeout(r, 1));
    }
    // The server gave up on this client (bounded memory) and let go of its subscription.
    await eventually(() => backend.unsubscribes === 1, 10_000);
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.resume();
    await new Promise((r) => res.on('end', r));
    const ids = text
      .split('\n\n')
      .map((b) => parseFrame(b).id)
      .filter((id): id is string => id !== undefined)
      .map(Number);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThan(total);
    expect(ids).toEqual(ids.map((_, i) => i + 1));
    const last = ids[ids.length - 1];
    const again = await open('', { authorization: `Bearer ${TOKEN}`, 'last-event-id': String(last) });
    await eventually(() => again.events().length === total - last, 10_000);
    expect(Number(again.events()[0].id)).toBe(last + 1);
    expect(Number(again.events().at(-1)!.id)).toBe(total);
  });
});
