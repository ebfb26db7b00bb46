import type { ProxyContext } from '../context';
import { CATALOG } from '../models/catalog';
import { invocableModels } from '../models/invocable';

/** One listed model: the name a client can send, who provides it, and a readable name when known. */
export interface ListedModel {
  id: string;
  owner: string;
  name?: string;
}

/**
 * What GET /v1/models lists, in every protocol's shape: "default", the user's aliases, what the
 * account can invoke in its region under the names users type (invocableModels: newest first, each
 * resolving back to that model the way the user's profile preference calls it), the built-in
 * aliases, then the raw ids the account can use (inference profiles, application profile ARNs,
 * on-demand models) for tools that send full ids — or the built-in catalogue while that listing is
 * unavailable. No name twice; never fails because the listing does.
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
  const account = await ctx.models.get();
  const region = account && (await ctx.bedrock.region().catch(() => undefined));
  if (account && region) {
    for (const m of invocableModels(account, region, settings.profilePreference)) {
      // A user's alias of the same name wins: the model is then listed under the id Outcrop sends.
      add(seen.has(m.name) ? m.invokeId : m.name, ownerOf(m.provider), m.displayName);
    }
  }
  for (const model of CATALOG) for (const alias of model.aliases) add(alias, model.provider.toLowerCase(), model.name);
  if (account) {
    for (const p of account.inferenceProfiles) add(p.type === 'APPLICATION' ? p.inferenceProfileArn : p.inferenceProfileId, 'aws', p.inferenceProfileName);
    for (const m of account.foundationModels) {
      if (m.inferenceTypesSupported?.includes('ON_DEMAND')) add(m.modelId, ownerOf(m.providerName), m.modelName);
    }
  } else {
    for (const model of CATALOG) add(model.id, model.provider.toLowerCase(), model.name);
  }
  return data;
}

function ownerOf(provider: string | undefined): string {
  return (provider ?? 'aws').toLowerCase();
}
