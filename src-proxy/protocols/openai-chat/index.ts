import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ProxyContext } from '../../context';
import { openAiErrorBody, ProxyError } from '../../errors';
import { useErrorShape, type NotFoundClaim } from '../kit';
import { chatCompletionsRoutes } from './chat-completions';
import { completionsRoutes } from './completions';
import { embeddingsRoutes } from './embeddings';
import { modelsRoutes } from './models';

export interface ProtocolOptions {
  ctx: ProxyContext;
  bodyLimit: number;
}

/** The OpenAI front door as one plugin: /v1/chat/completions, /v1/completions, /v1/embeddings, /v1/models, in OpenAI's error shape. */
export async function openAiChatProtocol(app: FastifyInstance, opts: ProtocolOptions): Promise<void> {
  useErrorShape(app, openAiErrorBody, opts.bodyLimit);
  app.addHook('onRoute', (route) => {
    route.config = { ...(route.config as object), renderError: openAiErrorBody };
  });
  modelsRoutes(app, opts.ctx);
  chatCompletionsRoutes(app, opts.ctx);
  embeddingsRoutes(app, opts.ctx);
  completionsRoutes(app, opts.ctx);
}

/** OpenAI's 404 for routes nobody has; the default answer for unclaimed requests. */
export const openAiNotFound: NotFoundClaim = {
  claims: () => true,
  notFoundError: (request: FastifyRequest) =>
    new ProxyError('not_found', `Outcrop has no route ${request.method} ${request.url.split('?')[0]}. OpenAI clients use base URL http://${request.headers.host ?? '127.0.0.1:8797'}/v1.`),
  renderError: openAiErrorBody,
};
