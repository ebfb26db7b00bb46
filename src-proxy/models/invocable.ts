import type { AccountModels } from '../bedrock/gateway';
import { geosForRegion } from './resolve';
import { listedInvocationId, type ProfilePreference } from './listing';
import { claudeVersion, compareNewest, listedCandidates, matchShortName, type ListedCandidate } from './short-names';

// What the account can actually call in its region, from Bedrock's listing: each model under the
// name a user can type (which resolves back to it), the id Outcrop sends and the profile that goes
// through. For GET /v1/models and the Models screen.

export interface InvocableModel {
  /** The name to type: the model's short name when it resolves back to this model, else its base id. */
  name: string;
  /** Base Bedrock model id. */
  id: string;
  /** What Outcrop sends to Bedrock for it: a profile id (`global.…`, `us.…`) or the bare id. */
  invokeId: string;
  /** The system inference profile it goes through; absent when called in-region by its bare id. */
  via?: string;
  displayName?: string;
  provider?: string;
  kind: 'chat' | 'embedding';
  /** Bedrock's lifecycle status: ACTIVE or LEGACY. */
  status?: string;
}

const PROVIDER_ORDER = ['anthropic', 'amazon', 'openai', 'qwen', 'deepseek', 'mistral', 'meta', 'google', 'moonshot', 'moonshotai', 'minimax', 'nvidia', 'cohere'];

/**
 * The models the account can invoke in `region`, the preferred way first (see ProfilePreference):
 * Claude newest version first, then the other providers, newest first within each; legacy models last.
 */
export function invocableModels(account: AccountModels, region: string, preference: ProfilePreference = 'geo'): InvocableModel[] {
  const geos = geosForRegion(region);
  const candidates = listedCandidates(account);
  const fm = new Map(account.foundationModels.map((m) => [m.modelId, m]));
  const out: Array<InvocableModel & { c: ListedCandidate }> = [];
  for (const c of candidates) {
    const invokeId = listedInvocationId(c.id, geos, account, preference);
    if (!invokeId) continue;
    const m = fm.get(c.id);
    const typed = matchShortName(c.name, candidates)?.picked.id === c.id ? c.name : c.id;
    out.push({
      c,
      name: typed,
      id: c.id,
      invokeId,
      ...(invokeId !== c.id ? { via: invokeId } : {}),
      ...(c.displayName ? { displayName: c.displayName } : {}),
      provider: m?.providerName ?? providerOf(c.id),
      kind: m?.outputModalities?.includes('EMBEDDING') ? 'embedding' : 'chat',
      ...(c.status ? { status: c.status } : {}),
    });
  }
  out.sort((a, b) => {
    const legacy = Number(a.c.status === 'LEGACY') - Number(b.c.status === 'LEGACY');
    if (legacy) return legacy;
    const kind = Number(a.kind === 'embedding') - Number(b.kind === 'embedding');
    if (kind) return kind;
    const pa = providerRank(a.id);
    const pb = providerRank(b.id);
    if (pa !== pb) return pa - pb;
    const ca = claudeVersion(a.c.name);
    const cb = claudeVersion(b.c.name);
    if (ca !== undefined && cb !== undefined && ca !== cb) return cb - ca;
    return compareNewest(a.c, b.c);
  });
  return out.map(({ c: _c, ...m }) => m);
}

function providerOf(id: string): string {
  const p = id.slice(0, id.indexOf('.'));
  return p ? p[0].toUpperCase() + p.slice(1) : 'AWS';
}

function providerRank(id: string): number {
  const p = id.slice(0, id.indexOf('.'));
  const i = PROVIDER_ORDER.indexOf(p);
  return i < 0 ? PROVIDER_ORDER.length : i;
}
