import type { ProxyContext } from '../context';
import { anthropicApiIdOf, parseAnthropicApiId } from '../models/anthropic-ids';
import { CATALOG } from '../models/catalog';
import { listedBaseIds } from '../models/listing';

/** One listed model: the name a client can send, who provides it, and a readable name when known. */
export interface ListedModel {
  id: string;
  owner: string;
  name?: string;
}

/**
 * What GET /v1/models lists, in every protocol's shape: "default", the user's aliases, the Claude
 * models the account lists under the names users type (newest first), the built-in aliases, then
 * what the account can use (inference profiles and on-demand models) —
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
  const account = await ctx.models.get();
  if (account) {
    // The names Claude Code and the Anthropic SDKs type (claude-sonnet-4-6) for every Claude the
    // account lists, newest first: they resolve by rule against the listing (models/anthropic-ids.ts),
    // so a release newer than the built-in catalogue is listed under a name a user can type.
    const names = new Map(account.foundationModels.map((m) => [m.modelId, m.modelName]));
    const claude = [...listedBaseIds(account)].flatMap((id) => {
      const name = anthropicApiIdOf(id);
      return name ? [{ id, name }] : [];
    });
    claude.sort((a, b) => claudeVersion(b.name) - claudeVersion(a.name) || a.name.localeCompare(b.name));
    for (const { id, name } of claude) add(name, 'anthropic', names.get(id));
  }
  for (const model of CATALOG) for (const alias of model.aliases) add(alias, model.provider.toLowerCase(), model.name);
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

/** "claude-opus-4-8" → 4.08, "claude-sonnet-5" → 5, "claude-3-7-sonnet" → 3.07: for newest-first order. */
function claudeVersion(name: string): number {
  const [major, minor = '0'] = (parseAnthropicApiId(name)?.version ?? '0').split('-');
  return Number(major) + Number(minor) / 100;
}
