import type { FastifyInstance } from 'fastify';
import type { ProxyContext } from '../../context';
import { CATALOG } from '../../models/catalog';

interface OpenAiModel {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

// A fixed creation time: the OpenAI shape wants one, and a stable value keeps client caches quiet.
const CREATED = 1_700_000_000;

/**
 * GET /v1/models: "default", the user's aliases, the built-in aliases, then what the account can
 * use (inference profiles and on-demand models) — or the built-in catalogue while that listing
 * is unavailable. Never fails because the listing does.
 */
export function modelsRoutes(app: FastifyInstance, ctx: ProxyContext): void {
  const handler = async () => {
    const settings = ctx.settings();
    const seen = new Set<string>();
    const data: OpenAiModel[] = [];
    const add = (id: string | undefined, owner: string): void => {
      if (!id || seen.has(id)) return;
      seen.add(id);
      data.push({ id, object: 'model', created: CREATED, owned_by: owner });
    };
    add('default', 'outcrop');
    for (const alias of Object.keys(settings.aliases)) add(alias, 'outcrop');
    for (const model of CATALOG) for (const alias of model.aliases) add(alias, model.provider.toLowerCase());
    const account = await ctx.models.get();
    if (account) {
      for (const p of account.inferenceProfiles) add(p.type === 'APPLICATION' ? p.inferenceProfileArn : p.inferenceProfileId, 'aws');
      for (const m of account.foundationModels) {
        if (m.inferenceTypesSupported?.includes('ON_DEMAND')) add(m.modelId, (m.providerName ?? 'aws').toLowerCase());
      }
    } else {
      for (const model of CATALOG) add(model.id, model.provider.toLowerCase());
    }
    return { object: 'list', data };
  };
  app.get('/v1/models', handler);
  app.get('/models', handler);
}
