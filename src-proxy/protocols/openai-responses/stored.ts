import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProxyError } from '../../errors';
import { unknownResponse, type ResponsesState } from './create';
import { forClient } from './response-object';

// The stored side of the Responses API: GET and DELETE /v1/responses/{id}, and the input items
// of a stored response, in OpenAI's list shape (newest first by default).

/** GET/DELETE /v1/responses/:id and GET /v1/responses/:id/input_items. */
export function storedResponseRoutes(app: FastifyInstance, state: ResponsesState): void {
  for (const base of ['/v1/responses', '/responses']) {
    app.get(`${base}/:id`, async (request: FastifyRequest<{ Params: { id: string }; Querystring: Record<string, string | string[]> }>) => {
      const stored = state.store.get(request.params.id);
      if (!stored) throw unknownResponse(request.params.id);
      const include = ([] as string[]).concat(request.query.include ?? request.query['include[]'] ?? []);
      return forClient(stored.response, include.includes('reasoning.encrypted_content'));
    });
    app.delete(`${base}/:id`, async (request: FastifyRequest<{ Params: { id: string } }>) => {
      if (!state.store.delete(request.params.id)) throw unknownResponse(request.params.id);
      return { id: request.params.id, object: 'response', deleted: true };
    });
    app.get(`${base}/:id/input_items`, async (request: FastifyRequest<{ Params: { id: string }; Querystring: Record<string, string> }>) => {
      const stored = state.store.get(request.params.id);
      if (!stored) throw unknownResponse(request.params.id);
      const { order = 'desc', after } = request.query;
      const limit = request.query.limit === undefined ? 20 : Number(request.query.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new ProxyError('invalid_request', "'limit' must be a whole number from 1 to 100.", { param: 'limit' });
      if (order !== 'asc' && order !== 'desc') throw new ProxyError('invalid_request', "'order' must be asc or desc.", { param: 'order' });
      let items = stored.ownInput as { id: string }[];
      if (order === 'desc') items = [...items].reverse();
      if (after) items = items.slice(items.findIndex((i) => i.id === after) + 1);
      const data = items.slice(0, limit);
      return { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: items.length > limit };
    });
  }
}
