import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProxyError } from '../../errors';

/** Route config flag: the route also takes the token as `?token=` (see events.ts for why). */
export interface AdminRouteConfig {
  tokenInQuery?: boolean;
}

const WHERE =
  'Send it as `Authorization: Bearer <token>`: `npm run serve` prints it when it starts, and it is stored in the Outcrop home folder in the file admin-token.';

/**
 * An onRequest hook that lets a request through only with the admin token. The comparison is
 * constant-time: both sides are hashed to SHA-256 first, so timingSafeEqual always gets
 * equal-length buffers and neither the token's content nor its length leaks through timing.
 */
export function requireAdminToken(token: string): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  if (token.length === 0) throw new Error('The admin API needs a non-empty admin token.');
  const expected = digest(token);
  return async (request, reply) => {
    const given = tokenOf(request);
    reply.header('www-authenticate', 'Bearer realm="outcrop-admin"');
    if (given === undefined) throw unauthorized(`The admin API needs the admin token. ${WHERE}`);
    if (!timingSafeEqual(digest(given), expected)) throw unauthorized(`The admin token does not match. ${WHERE}`);
    reply.removeHeader('www-authenticate');
  };
}

/** The token a request carries: the Authorization header, else `?token=` on routes that allow it. */
function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    // A malformed header counts as a wrong token, not a missing one: the client did try.
    return match ? match[1] : '';
  }
  const config = request.routeOptions.config as AdminRouteConfig | undefined;
  if (config?.tokenInQuery) {
    const query = request.query as Record<string, unknown> | undefined;
    if (typeof query?.token === 'string') return query.token;
  }
  return undefined;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function unauthorized(message: string): ProxyError {
  return new ProxyError('unauthorized', message);
}
