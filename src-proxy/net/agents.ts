import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { hasNetworkConfig, proxyFor, type NetworkConfig } from './proxy-rules';
import { openTunnel, tunnelStream } from './tunnel';

// The network config applied to the three ways Outcrop connects: HTTP/1.1 agents (the AWS SDK's
// NodeHttpHandler for the control plane, SSO, SSO-OIDC and STS, and image fetches) and HTTP/2
// sessions (the Bedrock runtime client's NodeHttp2Handler).

type CreateCallback = (err: Error | null, socket?: Duplex) => void;

const caCache = new WeakMap<string[], string[]>();

/**
 * The `ca` option for TLS connections: Node's bundled roots plus the extra certificates, or
 * undefined (Node's default store) when there are none. Node's `ca` option replaces its roots
 * instead of adding to them, hence the explicit `rootCertificates`. Here rather than in proxy-rules.ts,
 * which the server loads before it listens: reading them loads node:tls.
 */
export function caOption(cfg: NetworkConfig | undefined): string[] | undefined {
  const extra = cfg?.extraCa;
  if (!extra?.length) return undefined;
  let all = caCache.get(extra);
  if (!all) caCache.set(extra, (all = [...tls.rootCertificates, ...extra]));
  return all;
}

function hostOf(options: { host?: string | null; hostname?: string | null }): string {
  return (options.hostname ?? options.host ?? 'localhost').replace(/^\[|\]$/g, '');
}

/** An https.Agent that opens each connection through the config's proxy (CONNECT) unless NO_PROXY exempts it, and trusts the extra CAs. */
export class TunnelingHttpsAgent extends https.Agent {
  constructor(private readonly network: NetworkConfig, options: https.AgentOptions = {}) {
    super({ keepAlive: true, ...options, ...(caOption(network) ? { ca: caOption(network) } : {}) });
  }

  // Node's Agent accepts a callback here for connections made asynchronously (see _http_agent.js).
  override createConnection(options: tls.ConnectionOptions & { host?: string; port?: number }, callback: CreateCallback): Duplex | undefined {
    const host = hostOf(options);
    const port = Number(options.port) || 443;
    const proxy = proxyFor(`https://${net.isIPv6(host) ? `[${host}]` : host}:${port}`, this.network);
    if (!proxy) return (https.Agent.prototype as unknown as { createConnection(o: unknown): Duplex }).createConnection.call(this, options);
    openTunnel(proxy, host, port, { ca: caOption(this.network) }).then(
      (socket) => {
        const secure = tls.connect({ ...options, socket, host, servername: options.servername ?? (net.isIP(host) ? undefined : host) });
        callback(null, secure);
      },
      (err: Error) => callback(err),
    );
    return undefined;
  }
}

/** An http.Agent for plain http:// targets: through the proxy by CONNECT too (no forwarding of absolute URLs). */
export class TunnelingHttpAgent extends http.Agent {
  constructor(private readonly network: NetworkConfig, options: http.AgentOptions = {}) {
    super({ keepAlive: true, ...options });
  }

  override createConnection(options: net.NetConnectOpts & { host?: string; port?: number }, callback: CreateCallback): Duplex | undefined {
    const host = hostOf(options);
    const port = Number(options.port) || 80;
    const proxy = proxyFor(`http://${net.isIPv6(host) ? `[${host}]` : host}:${port}`, this.network);
    if (!proxy) return (http.Agent.prototype as unknown as { createConnection(o: unknown): Duplex }).createConnection.call(this, options);
    openTunnel(proxy, host, port, { ca: caOption(this.network) }).then((socket) => callback(null, socket), (err: Error) => callback(err));
    return undefined;
  }
}

/** Both agents for one config. */
export interface NetworkAgents {
  http: http.Agent;
  https: https.Agent;
}

/** Agents that follow the config (new ones: the caller owns and destroys them). */
export function networkAgents(network: NetworkConfig, options: http.AgentOptions = {}): NetworkAgents {
  return { http: new TunnelingHttpAgent(network, options), https: new TunnelingHttpsAgent(network, options) };
}

/**
 * Options for an AWS SDK v3 client running over HTTP/1.1 (`requestHandler`): undefined when the
 * config changes nothing, so the SDK keeps its defaults. Options, not a handler instance: each
 * client then makes (and destroys) its own NodeHttpHandler, as it would by default.
 */
export function sdkHttpHandlerOptions(network: NetworkConfig | undefined): { httpAgent: http.Agent; httpsAgent: https.Agent } | undefined {
  if (!hasNetworkConfig(network)) return undefined;
  const agents = networkAgents(network);
  return { httpAgent: agents.http, httpsAgent: agents.https };
}

/**
 * `nodeHttp2ConnectOptions` for the SDK's NodeHttp2Handler: the extra CAs, and when a proxy is set
 * a createConnection that tunnels (TLS with ALPN h2 over the tunnel, or h2c for http:// targets).
 * undefined when the config changes nothing.
 */
export function http2ConnectOptions(network: NetworkConfig | undefined): http2.SecureClientSessionOptions | undefined {
  if (!hasNetworkConfig(network)) return undefined;
  const ca = caOption(network);
  if (!network.httpsProxy && !network.httpProxy) return { ca };
  return {
    ...(ca ? { ca } : {}),
    createConnection: (authority: URL) => {
      const host = authority.hostname.replace(/^\[|\]$/g, '');
      const secure = authority.protocol === 'https:';
      const port = Number(authority.port) || (secure ? 443 : 80);
      const servername = net.isIP(host) ? undefined : host;
      const proxy = proxyFor(authority, network);
      if (!proxy) {
        return secure ? tls.connect({ host, port, servername, ca, ALPNProtocols: ['h2'] }) : net.connect({ host, port });
      }
      const stream = tunnelStream(proxy, host, port, { ca });
      return secure ? tls.connect({ socket: stream, host, servername, ca, ALPNProtocols: ['h2'] }) : stream;
    },
  };
}
