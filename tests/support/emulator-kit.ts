// Pieces every emulator in tests/support needs: a bounded request record that tells a listener
// about each request, per-operation fault queues for failNext(), and a loopback HTTP listener.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/** Calls a test's listener; a listener that throws must not break the request it hears about. */
export function notify<T>(listener: ((value: T) => void) | undefined, value: T): void {
  try {
    listener?.(value);
  } catch {
    // Ignored on purpose: see above.
  }
}

/** Appends to `requests`, dropping the oldest beyond `limit`, and notifies the listener. */
export function recorder<T>(requests: T[], limit = 10_000, listener?: (rec: T) => void): (rec: T) => void {
  return (rec) => {
    requests.push(rec);
    if (requests.length > limit) requests.splice(0, requests.length - limit);
    notify(listener, rec);
  };
}

/** Faults queued per operation; a fault with `times: n` answers the next n requests. */
export class FaultQueue<K, F extends { times?: number }> {
  private readonly queues = new Map<K, F[]>();

  push(key: K, fault: F): void {
    const queue = this.queues.get(key) ?? [];
    queue.push({ ...fault });
    this.queues.set(key, queue);
  }

  /** The fault for the next request of this operation, if any. */
  take(key: K): F | undefined {
    const queue = this.queues.get(key);
    const fault = queue?.[0];
    if (!queue || !fault) return undefined;
    const remaining = (fault.times ?? 1) - 1;
    if (remaining > 0) queue[0] = { ...fault, times: remaining };
    else queue.shift();
    return fault;
  }

  clear(): void {
    this.queues.clear();
  }
}

/**
 * An HTTP/1.1 emulator listening on host:port (port 0: a free one): every request goes to `serve`,
 * and a broken request or connection is dropped instead of crashing the test process.
 */
export async function listenHttp(serve: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>, opts: { host?: string; port?: number; tls?: { key: string; cert: string } } = {}): Promise<{ server: http.Server; port: number; url: string }> {
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    req.on('error', () => {});
    res.on('error', () => {});
    serve(req, res).catch(() => res.destroy());
  };
  // With `tls` the emulator speaks HTTPS (https:// URL), for tests of CA bundles and proxies.
  const server: http.Server = opts.tls ? https.createServer(opts.tls, onRequest) : http.createServer(onRequest);
  if (opts.tls) server.on('tlsClientError', () => {});
  server.on('clientError', (_err, socket) => socket.destroy());
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return { server, port, url: `${opts.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}` };
}
