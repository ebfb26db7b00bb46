import type { ProxyContext } from '../context';
import { CATALOG } from '../models/catalog';

/** One listed model: the name a client can send, who provides it, and a readable name when known. */
export interface ListedModel {
  id: string;
  owner: string;
  name?: string;
}

/**
 * What GET /v1/models lists, in every protocol's shape: "default", the user's aliases, the
 * built-in aliases, then what the account can use (inference profiles and on-demand models) —
 * or the built-in catalogue while that listing is unavailable. Never fails because the listing does.
 */
export async function listModels(ctx: ProxyContext): Promise<ListedModel[]> {
  const settings = ctx.settings();
  const seen = new Set<string>();
  const data: ListedModel[] = [];
  const add = (id: string | undefined, owner: string, name?: string): void => {
    if (!id || seen.has(id)) return;
    seen.add(id);
    data.push({ id, owner, ...(name ? { name } : {}) });
  };
  add('default', 'outcrop');
  for (const alias of Object.keys(settings.aliases)) add(alias, 'outcrop');
  for (const model of CATALOG) for (const alias of model.aliases) add(alias, model.provider.toLowerCase(), model.name);
  const account = await ctx.models.get();
  if (account) {
    for (const p of account.inferenceProfiles) add(p.type === 'APPLICATION' ? p.inferenceProfileArn : p.inferenceProfileId, 'aws', p.inferenceProfileName);
    for (const m of account.foundationModels) {
      if (m.inferenceTypesSupported?.includes('ON_DEMAND')) add(m.modelId, (m.providerName ?? 'aws').toLowerCase(), m.modelName);
    }
  } else {
    for (const model of CATALOG) add(model.id, model.provider.toLowerCase(), model.name);
  }
  return data;
}
