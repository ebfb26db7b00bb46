import type http2 from 'node:http2';
import net from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { ConnectTimeoutError } from './connect-timeout-error';

export { ConnectTimeoutError };

// The SDK's HTTP/2 handler has no connect timeout (its requestTimeout is silence on a request, its
// sessionTimeout silence on a connection: both would cut long answers). An address that swallows
// packets or a TLS handshake that never completes would hold a request until the first-byte limit.
// So every connection the handler opens goes through this createConnection, which gives up on a
// socket that is not connected (TCP, TLS, and the proxy tunnel under it) in time.

type CreateConnection = (authority: URL, options: http2.SecureClientSessionOptions) => Duplex;

// What http2.connect does without a createConnection (lib/internal/http2/core.js): h2c over TCP
// for http:, TLS with ALPN h2 and SNI for https:.
const directConnection: CreateConnection = (authority, options) => {
  const host = authority.hostname.replace(/^\[|\]$/g, '');
  if (authority.protocol === 'http:') return net.connect({ host, port: Number(authority.port) || 80 });
  const servername = options.servername ?? (net.isIP(host) ? undefined : host);
  return tls.connect({ ...options, host, port: Number(authority.port) || 443, servername, ALPNProtocols: ['h2'] } as tls.ConnectionOptions);
};

/**
 * `options` (the handler's nodeHttp2ConnectOptions, possibly with its own createConnection for a
 * proxy) with every new connection bounded by `connectMs()`, read when the connection opens.
 */
export function withConnectTimeout(options: http2.SecureClientSessionOptions | undefined, connectMs: () => number): http2.SecureClientSessionOptions {
  const create = (options?.createConnection as CreateConnection | undefined) ?? directConnection;
  return {
    ...options,
    createConnection: (authority: URL, opts: http2.SecureClientSessionOptions) => {
      const socket = create(authority, opts);
      // TLS (direct or through a tunnel) is connected at secureConnect, plain TCP at connect. An h2c
      // tunnel (a JS stream) says neither: the first-byte limit bounds it instead.
      const ready = socket instanceof tls.TLSSocket ? 'secureConnect' : socket instanceof net.Socket ? 'connect' : undefined;
      const ms = connectMs();
      if (!ready || !(ms > 0)) return socket;
      const timer = setTimeout(() => socket.destroy(new ConnectTimeoutError(authority.host, ms)), ms);
      timer.unref();
      const stop = (): void => clearTimeout(timer);
      socket.once(ready, stop);
      socket.once('close', stop);
      return socket;
    },
  } as http2.SecureClientSessionOptions;
}
