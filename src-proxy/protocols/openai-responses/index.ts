import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ProxyContext } from '../../context';
import { openAiErrorBody } from '../../errors';
import { useErrorShape } from '../kit';
import { handleCreate, type ResponsesState } from './create';
import { ResponseStore, type ResponsePersistence } from './response-store';
import { ReasoningSealer } from './sealing';
import { storedResponseRoutes } from './stored';

export interface ResponsesProtocolOptions {
  ctx: ProxyContext;
  bodyLimit: number;
  /** The install's 32-byte key that seals reasoning into encrypted_content (a per-process key when absent). */
  reasoningKey?: Uint8Array;
  /** Where stored responses outlive the process (memory only when absent). */
  persistence?: ResponsePersistence;
}

/** The OpenAI Responses front door as one plugin: /v1/responses and its stored responses, in OpenAI's error shape. */
export async function openAiResponsesProtocol(app: FastifyInstance, opts: ResponsesProtocolOptions): Promise<void> {
  useErrorShape(app, openAiErrorBody, opts.bodyLimit);
  app.addHook('onRoute', (route) => {
    route.config = { ...(route.config as object), renderError: openAiErrorBody };
  });
  const state: ResponsesState = {
    sealer: new ReasoningSealer(opts.reasoningKey),
    store: new ResponseStore(() => {
      const s = opts.ctx.settings().responsesStore;
      return { maxResponses: s.maxResponses, maxBytes: s.maxMegabytes * 1024 * 1024 };
    }, opts.persistence),
  };
  // Before the first request: a previous_response_id from before a restart must already resolve.
  await state.store.restore();
  const create = (request: FastifyRequest, reply: FastifyReply) => handleCreate(request, reply, opts.ctx, state);
  app.post('/v1/responses', create);
  app.post('/responses', create);
  storedResponseRoutes(app, state);
}
