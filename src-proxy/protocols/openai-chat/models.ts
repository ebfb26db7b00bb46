import type { FastifyInstance } from 'fastify';
import type { ProxyContext } from '../../context';
import { listModels } from '../model-list';

// A fixed creation time: the OpenAI shape wants one, and a stable value keeps client caches quiet.
const CREATED = 1_700_000_000;

/** GET /v1/models in OpenAI's list shape (see model-list.ts for what is listed). */
export function modelsRoutes(app: FastifyInstance, ctx: ProxyContext): void {
  const handler = async () => ({ object: 'list', data: (await listModels(ctx)).map((m) => ({ id: m.id, object: 'model', created: CREATED, owned_by: m.owner })) });
  app.get('/v1/models', handler);
  app.get('/models', handler);
}
