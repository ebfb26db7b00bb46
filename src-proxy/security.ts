import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Settings } from '../src-shared/settings';
import { errorHeaders, ProxyError } from './errors';
import { isLoopbackName } from '../src-shared/loopback';

// Who may use the proxy. A web page the user happens to visit must not spend their AWS money:
// - DNS rebinding: a page on evil.example whose name resolves to 127.0.0.1 reaches us with
//   Host: evil.example — refused unless API keys are required (then the key is the guard).
// - Cross-site requests: a browser sends Origin; anything but the app's own UI is refused.
// - With "require API key" on, every public request carries a configured key.

/** The host name of a Host header value, without the port. */
export function hostName(header: string | undefined): string {
  if (!header) return '';
  if (header.startsWith('[')) return header.slice(0, header.indexOf(']') + 1);
  return header.split(':')[0];
}

/** Constant-time comparison of a presented key against the configured ones; the matching key's id. */
export function matchApiKey(presented: string, keys: Settings['apiKeys']): string | undefined {
  const given = Buffer.from(presented);
  let match: string | undefined;
  for (const k of keys) {
    const expected = Buffer.from(k.key);
    // Compare every key, equal lengths only, so timing does not tell which one (or how much) matched.
    if (expected.length === given.length && timingSafeEqual(expected, given)) match = k.id;
  }
  return match;
}

/** The key a client presented: Authorization Bearer (OpenAI clients) or x-api-key (Anthropic clients). */
export function presentedKey(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (auth?.toLowerCase().startsWith('bearer ')) return auth.slice(7).trim();
  const x = request.headers['x-api-key'];
  return typeof x === 'string' ? x.trim() : undefined;
}

function isPublicApi(url: string): boolean {
  return url.startsWith('/v1/') || url === '/v1' || /^\/(chat\/completions|completions|embeddings|models|messages|responses)(\/|\?|$)/.test(url);
}

function ownOrigins(request: FastifyRequest, settings: Settings): Set<string> {
  const port = request.socket.localPort;
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`, 'app://outcrop', ...settings.allowedOrigins]);
}

/** Picks the error shape for a request (the protocol of its route). */
export type ErrorShapeFor = (request: FastifyRequest) => (err: ProxyError) => unknown;

/** Installs the Host, Origin, CORS, API-key and per-client concurrency guards; refusals answer in the request's protocol shape. */
export function installSecurity(app: FastifyInstance, settings: () => Settings, shapeFor: ErrorShapeFor): void {
  const inFlight = new Map<string, number>();
  const refuse = (request: FastifyRequest, reply: FastifyReply, error: ProxyError): FastifyReply =>
    reply.code(error.status).headers(errorHeaders(error)).send(shapeFor(request)(error));

  app.addHook('onRequest', async (request, reply) => {
    const s = settings();
    const origin = request.headers.origin;
    if (origin !== undefined) {
      if (!ownOrigins(request, s).has(origin)) {
        return refuse(request, reply, new ProxyError('forbidden', `Requests from the web page ${origin} are refused: a web page must not use your AWS credentials. Call Outcrop from your tools, or add the origin to "allowedOrigins" in Outcrop settings.`));
      }
      void reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
      if (request.method === 'OPTIONS') {
        return reply
          .code(204)
          .header('access-control-allow-methods', 'GET, POST, PATCH, PUT, DELETE, OPTIONS')
          .header('access-control-allow-headers', 'authorization, content-type, x-api-key, anthropic-version, anthropic-beta, last-event-id')
          .header('access-control-max-age', '600')
          .send();
      }
    }
    const host = hostName(request.headers.host);
    const hostAllowed = isLoopbackName(host) || host === s.host || s.allowedHosts.includes(host);
    if (!hostAllowed && !s.requireApiKey) {
      return refuse(request, reply, new ProxyError('forbidden', `Host "${host}" is not this machine's loopback address, so the request is refused (protection against DNS rebinding). Reaching Outcrop through a tunnel? Turn on "require API key" or add the name to "allowedHosts" in Outcrop settings.`));
    }
    if (!isPublicApi(request.url)) return;
    let client = `${request.ip}|${request.headers['user-agent'] ?? ''}`;
    if (s.requireApiKey) {
      const key = presentedKey(request);
      const id = key ? matchApiKey(key, s.apiKeys) : undefined;
      if (!id) {
        return refuse(request, reply, new ProxyError('unauthorized', key ? 'The API key is not one of the keys configured in Outcrop. Copy a key from Outcrop settings → Settings → API keys.' : 'Outcrop requires an API key: send it as "Authorization: Bearer <key>" (OpenAI clients) or "x-api-key" (Anthropic clients). Keys are in Outcrop settings.'));
      }
      client = `key:${id}`;
    }
    const count = inFlight.get(client) ?? 0;
    if (count >= s.maxConcurrentPerClient) {
      return refuse(request, reply, new ProxyError('too_many_requests', `Too many requests in flight from this client (${count}; the limit is ${s.maxConcurrentPerClient}). Wait for some to finish, or raise "maxConcurrentPerClient" in Outcrop settings.`, { retryAfter: 1 }));
    }
    inFlight.set(client, count + 1);
    // 'close' fires for every ending: finished, failed, hijacked streams and clients that left.
    reply.raw.once('close', () => {
      const n = (inFlight.get(client) ?? 1) - 1;
      if (n <= 0) inFlight.delete(client);
      else inFlight.set(client, n);
    });
  });
}
