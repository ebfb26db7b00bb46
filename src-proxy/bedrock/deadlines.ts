import { ProxyError } from '../errors';
import { BadResponseError } from './frame-check';

// How long the proxy waits for Bedrock, and what ends a call that waited too long. The clocks sit
// around the SDK call and the event-stream iteration (not inside the SDK's HTTP/2 handler), so
// that they hold whatever carries the bytes; the connect timeout is the one that lives with the
// connection (connect-timeout.ts).

/** The limits of one Bedrock call, in milliseconds. */
export interface BedrockTimeouts {
  /** TCP + TLS (and the proxy tunnel) of a new connection. */
  connectMs: number;
  /** A non-streamed call's whole answer; a stream's response head. */
  firstByteMs: number;
  /** Silence inside a stream (no bytes at all); also caps the wait for a stream's head. */
  streamIdleMs: number;
}

/** The settings' `bedrockTimeouts` (seconds) as the gateway's limits (milliseconds). */
export function timeoutsFromSettings(t: { connectSeconds: number; firstByteSeconds: number; streamIdleSeconds: number }): BedrockTimeouts {
  return { connectMs: t.connectSeconds * 1000, firstByteMs: t.firstByteSeconds * 1000, streamIdleMs: t.streamIdleSeconds * 1000 };
}

/** The defaults of src-shared/settings.ts, for gateways built without settings (doctor, bench). */
export const DEFAULT_BEDROCK_TIMEOUTS: BedrockTimeouts = timeoutsFromSettings({ connectSeconds: 10, firstByteSeconds: 600, streamIdleSeconds: 180 });

export type TimeoutKind = 'first-byte' | 'stream-start' | 'stream-idle';

function shown(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms)} ms`;
}

/** The client's error for a call that ran out of time (504 bedrock_timeout). */
export function timeoutError(kind: TimeoutKind, ms: number): ProxyError {
  const message: Record<TimeoutKind, string> = {
    'first-byte': `Bedrock did not answer within ${shown(ms)} (first-byte timeout); the request was cancelled. Retry it; if long reasoning turns need more time, raise "First byte" under Settings → Limits, otherwise check the network, VPN or proxy.`,
    'stream-start': `Bedrock did not start streaming within ${shown(ms)} (stream idle timeout); the request was cancelled. Retry it, or raise "Stream idle" under Settings → Limits; if it keeps happening check the network, VPN or proxy.`,
    'stream-idle': `Bedrock's stream went silent for ${shown(ms)} in the middle of the answer (stream idle timeout); the request was cancelled. Retry it, or raise "Stream idle" under Settings → Limits.`,
  };
  return new ProxyError('bedrock_timeout', message[kind], { upstream: 'Timeout' });
}

function abortError(): Error {
  return Object.assign(new Error('The client went away; the Bedrock call was cancelled.'), { name: 'AbortError' });
}

const ignore = (): void => {};

/**
 * One Bedrock call's clock and cancel switch. `signal` (what the SDK gets) aborts when the client's
 * signal does or when a deadline passes; either way the HTTP/2 request is reset. A wait ends at
 * once on either, even while the SDK sleeps between retries (its back-off does not see our signal).
 */
export class CallDeadline {
  private readonly controller = new AbortController();
  private readonly unlink: () => void;

  constructor(private readonly client: AbortSignal | undefined) {
    const onAbort = (): void => this.controller.abort(abortError());
    if (client?.aborted) onAbort();
    client?.addEventListener('abort', onAbort, { once: true });
    this.unlink = () => client?.removeEventListener('abort', onAbort);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** `work`'s outcome, unless `ms` pass first (a bedrock_timeout) or the client goes away (an AbortError). */
  within<T>(work: Promise<T>, ms: number, kind: TimeoutKind): Promise<T> {
    return this.race(work, (fail) => {
      const timer = setTimeout(() => fail(timeoutError(kind, ms)), ms);
      return () => clearTimeout(timer);
    });
  }

  /**
   * `work`'s outcome, unless nothing arrived for `idleMs`: quiet time counts from the later of the
   * last body bytes (`lastBytes`) and the start of this wait, so a slow consumer is not Bedrock's fault.
   */
  idle<T>(work: Promise<T>, idleMs: number, lastBytes: () => number, kind: TimeoutKind = 'stream-idle'): Promise<T> {
    const waitStart = Date.now();
    return this.race(work, (fail) => {
      let timer: NodeJS.Timeout;
      const check = (): void => {
        const quiet = Date.now() - Math.max(waitStart, lastBytes());
        if (quiet >= idleMs) fail(timeoutError(kind, idleMs));
        else timer = setTimeout(check, idleMs - quiet);
      };
      timer = setTimeout(check, idleMs);
      return () => clearTimeout(timer);
    });
  }

  /** Lets go of the client's signal (the call is over). */
  end(): void {
    this.unlink();
  }

  // `arm` starts the clock and returns what stops it.
  private race<T>(work: Promise<T>, arm: (fail: (err: Error) => void) => () => void): Promise<T> {
    // The loser's rejection (the SDK's own, after the reset) is nobody's to handle.
    work.catch(ignore);
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        stopClock();
        this.controller.signal.removeEventListener('abort', onAbort);
        return true;
      };
      const fail = (err: Error): void => {
        if (!settle()) return;
        this.controller.abort(err);
        reject(err);
      };
      const onAbort = (): void => {
        if (settle()) reject(this.controller.signal.reason instanceof Error ? this.controller.signal.reason : abortError());
      };
      const stopClock = arm(fail);
      if (this.controller.signal.aborted) return onAbort();
      this.controller.signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (value) => settle() && resolve(value),
        (err: unknown) => settle() && reject(err),
      );
    });
  }
}

/**
 * A stream's events under the idle limit: each wait for the next event ends in a bedrock_timeout
 * (and a reset) after `idleMs` without body bytes. A stream that ends without a single event is a
 * bad response (an empty body), and the event-stream decoder's own errors are reported as such.
 */
export async function* watchedStream<T>(source: AsyncIterable<T>, deadline: CallDeadline, idleMs: number, lastBytes: () => number): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let events = 0;
  try {
    for (;;) {
      let next: IteratorResult<T>;
      try {
        next = await deadline.idle(it.next(), idleMs, lastBytes);
      } catch (err) {
        throw asDecodeError(err);
      }
      if (next.done) {
        if (events === 0) throw new BadResponseError('the event stream was empty');
        return;
      }
      events++;
      yield next.value;
    }
  } finally {
    deadline.end();
  }
}

// The SDK's event-stream decoder throws plain Errors (bad checksum, truncated frame, unknown
// message type); service exceptions, network errors and ours all have a name or a code.
function asDecodeError(err: unknown): unknown {
  const e = err as { name?: string; code?: unknown; $fault?: unknown };
  if (err instanceof Error && e.name === 'Error' && e.code === undefined && e.$fault === undefined) {
    return new BadResponseError(/checksum/i.test(err.message) ? 'a frame failed its checksum' : /truncated/i.test(err.message) ? 'the stream ended inside a frame' : 'a frame could not be decoded');
  }
  return err;
}
