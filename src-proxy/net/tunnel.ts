import net from 'node:net';
import { Duplex } from 'node:stream';
import tls from 'node:tls';
import { proxyAuthorization, redactProxyUrl } from './proxy-rules';

// CONNECT tunnels through an HTTP(S) proxy (RFC 9110 §9.3.6): every connection Outcrop makes
// through a proxy is a tunnel, so TLS (and HTTP/2 over it) runs end to end with the target,
// as the AWS SDKs and CLI do for https:// endpoints.

/**
 * Why a tunnel could not be opened; the message names the proxy without its credentials. Codes are
 * EPROXY*, never the socket's own (ECONNREFUSED…), so nothing mistakes a proxy problem for the target's.
 */
export class ProxyTunnelError extends Error {
  constructor(message: string, readonly code: string, readonly status?: number) {
    super(message);
    this.name = 'ProxyTunnelError';
  }
}

export interface TunnelOptions {
  /** Trusted CAs for an https:// proxy (the target's TLS is the caller's). */
  ca?: string[];
  /** How long connecting to the proxy and its answer may take. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_HEAD_BYTES = 16 * 1024;

/** Opens a CONNECT tunnel to host:port through `proxy`; resolves with the raw socket once the proxy said 2xx. */
export function openTunnel(proxy: URL, host: string, port: number, opts: TunnelOptions = {}): Promise<net.Socket> {
  const shown = redactProxyUrl(proxy);
  const target = `${net.isIPv6(host) ? `[${host}]` : host.replace(/^\[|\]$/g, '')}:${port}`;
  return new Promise((resolve, reject) => {
    const proxyHost = proxy.hostname.replace(/^\[|\]$/g, '');
    const proxyPort = Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80);
    const socket: net.Socket = proxy.protocol === 'https:'
      ? tls.connect({ host: proxyHost, port: proxyPort, servername: net.isIP(proxyHost) ? undefined : proxyHost, ca: opts.ca })
      : net.connect({ host: proxyHost, port: proxyPort });
    let head = Buffer.alloc(0);
    const fail = (err: ProxyTunnelError): void => {
      socket.destroy();
      reject(err);
    };
    socket.setTimeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, () => fail(new ProxyTunnelError(`The proxy ${shown} did not open a tunnel to ${target} in time.`, 'EPROXYTIMEOUT')));
    socket.once('error', (err: NodeJS.ErrnoException) => fail(new ProxyTunnelError(`Could not reach the proxy ${shown} (for ${target}): ${err.message}`, 'EPROXYUNREACHABLE')));
    socket.once('close', () => fail(new ProxyTunnelError(`The proxy ${shown} closed the connection before opening a tunnel to ${target}.`, 'EPROXYRESET')));
    const auth = proxyAuthorization(proxy);
    socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth ? `Proxy-Authorization: ${auth}\r\n` : ''}\r\n`);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > MAX_HEAD_BYTES) fail(new ProxyTunnelError(`The proxy ${shown} sent an answer Outcrop cannot read.`, 'EPROXY'));
        return;
      }
      socket.off('data', onData);
      socket.removeAllListeners('close');
      socket.removeAllListeners('error');
      socket.setTimeout(0);
      const statusLine = head.subarray(0, head.indexOf('\r\n')).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(statusLine);
      const status = m ? Number(m[1]) : 0;
      if (status < 200 || status > 299) {
        const why = status === 407 ? ' (proxy authentication required: put user:password@ in the proxy URL)' : '';
        return fail(new ProxyTunnelError(`The proxy ${shown} refused to connect to ${target}: HTTP ${status || '?'} ${m?.[2] ?? statusLine}${why}.`, 'EPROXYREFUSED', status));
      }
      socket.pause();
      const rest = head.subarray(end + 4);
      if (rest.length) socket.unshift(rest);
      resolve(socket);
    };
    socket.on('data', onData);
  });
}

/**
 * A stream usable at once for a connection that goes through a tunnel: bytes written before the
 * proxy answered wait, and an error opening the tunnel destroys the stream with it. For APIs that
 * need a socket synchronously (http2.connect's createConnection). TLS and HTTP/2 over it run on a JS
 * stream, not a socket: each read is parsed whole before promises waiting on it go on (what
 * src-proxy/bedrock/event-stream-body.ts is for).
 */
export function tunnelStream(proxy: URL, host: string, port: number, opts: TunnelOptions = {}): Duplex {
  let socket: net.Socket | undefined;
  let waiting: (() => void)[] = [];
  const duplex = new Duplex({
    write(chunk: Buffer, encoding, callback) {
      if (socket) socket.write(chunk, encoding, callback);
      else waiting.push(() => socket!.write(chunk, encoding, callback));
    },
    final(callback) {
      if (socket) socket.end(callback);
      else waiting.push(() => socket!.end(callback));
    },
    read() {
      socket?.resume();
    },
    destroy(err, callback) {
      socket?.destroy();
      callback(err);
    },
  });
  openTunnel(proxy, host, port, opts).then(
    (s) => {
      if (duplex.destroyed) return void s.destroy();
      socket = s;
      s.on('data', (chunk: Buffer) => {
        if (!duplex.push(chunk)) s.pause();
      });
      s.on('end', () => duplex.push(null));
      s.on('error', (err) => duplex.destroy(err));
      s.on('close', () => duplex.destroy());
      for (const run of waiting) run();
      waiting = [];
      s.resume();
    },
    (err: Error) => duplex.destroy(err),
  );
  return duplex;
}
