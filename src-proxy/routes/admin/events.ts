import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AdminBackend, NumberedEvent } from '../../../src-shared/admin';
import { ProxyError } from '../../errors';
import { SseWriter } from '../sse';
import type { AdminRouteConfig } from './auth';
import { eventId, eventsQuery } from './schemas';
import { callBackend, parseWith } from './validate';

export const DEFAULT_HEARTBEAT_MS = 15_000;
/** What EventSource waits before reconnecting (sent as `retry:` when the stream opens). */
export const RECONNECT_MS = 2000;
/**
 * Bytes of events queued for a client that reads slower than they come. Past this the stream
 * ends after what the socket already took; the browser reconnects with Last-Event-ID and the
 * backend replays the rest, so a stalled tab costs bounded memory, not an ever-growing queue.
 */
export const MAX_BACKLOG_BYTES = 4 * 1024 * 1024;

type Frame = { kind: 'retry' } | { kind: 'ping' } | { kind: 'event'; id: number; type: string; data: string };

/**
 * GET /admin/api/events: the backend's live events as Server-Sent Events
 * (`id:` the event number, `event:` its type, `data:` the AdminEvent as JSON), replaying what
 * came after Last-Event-ID, with a `: ping` comment every heartbeatMs.
 *
 * The token may also come as `?token=`: the browser's EventSource cannot set request headers
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#the-eventsource-interface),
 * so the settings UI has no other way to authenticate it. Only this route accepts it, because a
 * token in a URL can end up in history and proxy logs.
 */
export function adminEventsRoute(app: FastifyInstance, backend: AdminBackend, heartbeatMs = DEFAULT_HEARTBEAT_MS): void {
  const config: AdminRouteConfig = { tokenInQuery: true };
  app.get('/events', { config }, async (request, reply) => {
    const afterId = lastEventIdOf(request);
    const frames: Frame[] = [{ kind: 'retry' }];
    let queuedBytes = 0;
    let sse: SseWriter | undefined;
    let unsubscribe: (() => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    let pumping = false;
    let lastSent = -1;

    const stop = (): void => {
      if (done) return;
      done = true;
      clearInterval(timer);
      frames.length = 0;
      try {
        unsubscribe?.();
      } catch (err) {
        request.log.warn({ err }, 'admin events: unsubscribe failed');
      }
    };
    const push = (frame: Frame): void => {
      if (done) return;
      if (frame.kind === 'event') queuedBytes += frame.data.length;
      frames.push(frame);
      // Replay (before the stream opens) is bounded by the backend; the budget is for live lag.
      if (sse && queuedBytes > MAX_BACKLOG_BYTES) {
        request.log.warn('admin events: client too slow, ending its stream (it resumes with Last-Event-ID)');
        stop();
        sse.end();
        return;
      }
      void pump();
    };
    // One writer at a time, in arrival order, waiting for the socket to drain (SseWriter).
    const pump = async (): Promise<void> => {
      if (pumping || !sse) return;
      pumping = true;
      try {
        while (frames.length > 0 && !sse.isClosed) {
          const frame = frames.shift()!;
          if (frame.kind === 'retry') await sse.retry(RECONNECT_MS);
          else if (frame.kind === 'ping') await sse.comment('ping');
          else {
            queuedBytes -= frame.data.length;
            // Never the same id twice on one connection, even if replay and live overlap.
            if (frame.id <= lastSent) continue;
            lastSent = frame.id;
            await sse.event(frame.data, { id: frame.id, event: frame.type });
          }
        }
      } finally {
        pumping = false;
      }
    };

    // Subscribe before taking over the response, so a failing backend still gets a JSON error.
    // Replayed events may arrive during subscribe(); they wait in `frames` until the head is out.
    const listener = (e: NumberedEvent): void => push({ kind: 'event', id: e.id, type: e.event.type, data: JSON.stringify(e.event) });
    unsubscribe = await callBackend(() => backend.subscribe(listener, afterId));
    timer = setInterval(() => push({ kind: 'ping' }), heartbeatMs);
    // The heartbeat alone must not keep the process alive.
    timer.unref();
    reply.raw.on('close', stop);
    try {
      reply.hijack();
      sse = new SseWriter(reply.raw);
    } catch (err) {
      stop();
      throw err;
    }
    if (reply.raw.destroyed || !reply.raw.socket || reply.raw.socket.destroyed) stop();
    else void pump();
  });
}

/** Where to resume: the Last-Event-ID header (sent by EventSource on reconnect) wins over ?lastEventId=. */
function lastEventIdOf(request: FastifyRequest): number | undefined {
  const query = parseWith(eventsQuery, request.query, 'query');
  const header = request.headers['last-event-id'];
  if (typeof header !== 'string' || header.trim() === '') return query.lastEventId;
  const result = eventId.safeParse(header.trim());
  if (!result.success) {
    throw new ProxyError('invalid_request', "Invalid value for 'Last-Event-ID': expected an event id (a whole number).", { param: 'Last-Event-ID' });
  }
  return result.data;
}
