import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ProxyContext } from '../../context';
import { anthropicErrorBody, ProxyError } from '../../errors';
import { useErrorShape, type NotFoundClaim } from '../kit';
import { listModels } from '../model-list';
import { handleCountTokens } from './count-tokens';
import { handleMessages } from './messages';

export interface AnthropicProtocolOptions {
  ctx: ProxyContext;
  bodyLimit: number;
  /** Silence before a ping in a stream (tests shorten it). */
  pingEveryMs?: number;
}

// A fixed creation date for the listing (the shape wants one; a stable value keeps caches quiet).
const CREATED_AT = '2025-01-01T00:00:00Z';

/** True for requests from Anthropic clients (they always send anthropic-version). */
export function isAnthropicRequest(request: FastifyRequest): boolean {
  return request.headers['anthropic-version'] !== undefined;
}

/**
 * The Anthropic front door as one plugin: POST /v1/messages (query strings such as ?beta=true
 * accepted), POST /v1/messages/count_tokens, and GET /v1/models for requests that carry
 * anthropic-version — all in Anthropic's error shape.
 */
export async function anthropicMessagesProtocol(app: FastifyInstance, opts: AnthropicProtocolOptions): Promise<void> {
  const { ctx } = opts;
  useErrorShape(app, anthropicErrorBody, opts.bodyLimit);
  app.addHook('onRoute', (route) => {
    route.config = { ...(route.config as object), renderError: anthropicErrorBody };
  });
  // GET /v1/models answers in Anthropic's shape only for Anthropic clients; the OpenAI plugin
  // keeps the unconstrained route for everyone else.
  app.addConstraintStrategy({
    name: 'anthropicClient',
    storage() {
      const handlers = new Map<string, unknown>();
      return { get: (k: string) => (handlers.get(k) ?? null) as never, set: (k: string, v: unknown) => void handlers.set(k, v) };
    },
    deriveConstraint: (req: { headers: Record<string, unknown> }) => (req.headers['anthropic-version'] !== undefined ? 'yes' : undefined) as never,
    mustMatchWhenDerived: false,
  });
  app.post('/v1/messages', (request, reply) => handleMessages(request, reply, ctx, opts.pingEveryMs));
  app.post('/v1/messages/count_tokens', (request, reply) => handleCountTokens(request, reply, ctx));
  app.get('/v1/models', { constraints: { anthropicClient: 'yes' } }, async () => {
    const data = (await listModels(ctx)).map((m) => ({ type: 'model', id: m.id, display_name: m.name ?? m.id, created_at: CREATED_AT }));
    return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
  });
}

/** Unrouted requests from Anthropic clients get Anthropic's 404. */
export const anthropicNotFound: NotFoundClaim = {
  claims: isAnthropicRequest,
  notFoundError: (request) =>
    new ProxyError('not_found', `Outcrop has no route ${request.method} ${request.url.split('?')[0]}. Anthropic clients use base URL http://${request.headers.host ?? '127.0.0.1:8797'} (no /v1).`),
  renderError: anthropicErrorBody,
};
