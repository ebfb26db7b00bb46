import type { FastifyInstance } from 'fastify';
import type { ProxyContext } from '../context';
import { CATALOG } from '../models/catalog';

interface OpenAiModel {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

// A fixed creation time: the OpenAI shape wants one, and a stable value keeps caches quiet.
const CREATED = 1_700_000_000;

/** GET /v1/models: the user's aliases, the built-in aliases and known Bedrock models, in the OpenAI list shape. */
export function modelsRoutes(app: FastifyInstance, ctx: ProxyContext): void {
  const handler = async () => {
    const settings = ctx.settings();
    const seen = new Set<string>();
    const data: OpenAiModel[] = [];
    const add = (id: string, owner: string): void => {
      if (seen.has(id)) return;
      seen.add(id);
      data.push({ id, object: 'model', created: CREATED, owned_by: owner });
    };
    add('default', 'outcrop');
    for (const alias of Object.keys(settings.aliases)) add(alias, 'outcrop');
    for (const model of CATALOG) for (const alias of model.aliases) add(alias, model.provider.toLowerCase());
    for (const model of CATALOG) add(model.id, model.provider.toLowerCase());
    return { object: 'list', data };
  };
  app.get('/v1/models', handler);
  app.get('/models', handler);
}
