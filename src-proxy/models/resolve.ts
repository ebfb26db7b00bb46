import type { AccountModels } from '../bedrock/gateway';
import { ProxyError } from '../errors';
import { anthropicApiIdOf, matchBedrockId, parseAnthropicApiId, type AnthropicApiId } from './anthropic-ids';
import { CATALOG, catalogByAlias, catalogByOpenRouter } from './catalog';
import { capabilitiesFor, type Capabilities, type Geo } from './families';
import { invocationOrder, listedBaseIds, listedInvocationId, type ProfilePreference } from './listing';
import { listedCandidates, matchShortName, nameWords, shortNameOf, type ListedCandidate, type NameMatch } from './short-names';

export interface ResolvedModel {
  /** The name the client asked for, echoed back in responses. */
  requested: string;
  /** What is sent to Bedrock: a prefixed inference profile id, a bare model id or an ARN. */
  modelId: string;
  caps: Capabilities;
  via: 'user-alias' | 'alias' | 'anthropic-id' | 'short-name' | 'openrouter' | 'bedrock-id' | 'inference-profile' | 'arn';
  /** Said in the request's log entry: which model an ambiguous name was taken to mean. */
  note?: string;
}

export interface ModelResolutionOptions {
  /** The user's aliases from settings: alias -> any resolvable name. They win over everything. */
  aliases: Record<string, string>;
  region: string;
  /** Used when a request names no model or names "default". */
  defaultModel?: string;
  /**
   * The account's model listing, or a function giving it when a name needs it (so that names the
   * catalogue settles never start a listing): `() => ctx.models.current()`. Anthropic API ids
   * resolve to what it lists first, then to the built-in catalogue.
   */
  account?: AccountModels | (() => AccountModels | undefined);
  /** How to call a model that has several ways (geography profile, global profile, in-region); default 'geo'. */
  profilePreference?: ProfilePreference;
}

const PREFIXED = /^(us|eu|apac|jp|au|ca|us-gov|global)\.[a-z0-9-]+\./;
const BARE_ID = /^([a-z0-9-]+)\.[A-Za-z0-9._:-]+$/;
// Model providers on Bedrock. A dotted name from another vendor ("gpt-4.1") is not a Bedrock id:
// it gets Outcrop's "closest names" answer rather than Bedrock's "invalid identifier".
const PROVIDERS = new Set(['anthropic', 'amazon', 'meta', 'mistral', 'cohere', 'ai21', 'deepseek', 'openai', 'qwen', 'writer', 'stability', 'twelvelabs', 'luma', 'google', 'minimax', 'moonshot', 'moonshotai', 'nvidia', 'zai']);

/** The inference-profile geographies for a region, most specific first. */
export function geosForRegion(region: string): Geo[] {
  if (region.startsWith('us-gov-')) return ['us-gov'];
  if (region.startsWith('us-')) return ['us'];
  if (region.startsWith('ca-')) return ['ca', 'us'];
  if (region.startsWith('eu-')) return ['eu'];
  if (region === 'ap-northeast-1' || region === 'ap-northeast-3') return ['jp', 'apac'];
  if (region === 'ap-southeast-2' || region === 'ap-southeast-4') return ['au', 'apac'];
  if (region.startsWith('ap-')) return ['apac'];
  return [];
}

/**
 * Adds an inference-profile prefix to a bare model id when its family needs one, by the family's
 * rule (used when the account's listing cannot settle it): the preferred of the region's geography
 * and `global` among those the family has. Without a listing a family with profiles is never
 * called in-region: most of them are offered through profiles only.
 */
export function withRegionPrefix(baseId: string, region: string, caps: Capabilities, preference: ProfilePreference = 'geo'): string {
  if (caps.embedding || caps.profileGeos.length === 0) return baseId;
  const ways = invocationOrder(geosForRegion(region), preference).filter((w) => w !== '');
  const geo = ways.find((g) => caps.profileGeos.includes(g as Geo));
  return geo ? `${geo}.${baseId}` : baseId;
}

/** Resolves what a client calls a model to the Bedrock id to invoke (rule 12 of CLIENTS.md). */
export function resolveModel(requested: string | undefined, opts: ModelResolutionOptions): ResolvedModel {
  const asked = (requested ?? '').trim();
  if (!asked || asked === 'default') {
    if (!opts.defaultModel) {
      throw new ProxyError('invalid_request', 'No model given and no default model is set. Name a model (for example "claude-sonnet") or set a default model in Outcrop settings.', { param: 'model' });
    }
    return { ...resolveName(opts.defaultModel, opts, 0), requested: asked || 'default' };
  }
  return { ...resolveName(asked, opts, 0), requested: asked };
}

function aliasOf(aliases: Record<string, string>, name: string): string | undefined {
  return Object.hasOwn(aliases, name) && typeof aliases[name] === 'string' ? aliases[name] : undefined;
}

function resolveName(name: string, opts: ModelResolutionOptions, depth: number): ResolvedModel {
  // Own keys only: a model named "__proto__" or "constructor" is not an alias.
  const userTarget = aliasOf(opts.aliases, name) ?? aliasOf(opts.aliases, name.toLowerCase());
  if (userTarget !== undefined && depth < 4 && userTarget !== name) {
    return { ...resolveName(userTarget, opts, depth + 1), via: 'user-alias', requested: name };
  }
  if (name.startsWith('arn:')) {
    return { requested: name, modelId: name, caps: capabilitiesFor(name), via: 'arn' };
  }
  if (PREFIXED.test(name)) {
    return { requested: name, modelId: name, caps: capabilitiesFor(name), via: 'inference-profile' };
  }
  const apiId = parseAnthropicApiId(name);
  if (apiId) return byAnthropicApiId(apiId, name, opts);
  if (name.includes('/')) {
    const routed = catalogByOpenRouter(name);
    if (routed) return bare(routed.id, name, opts, 'openrouter');
  } else if (PROVIDERS.has(BARE_ID.exec(name)?.[1] ?? '') || (BARE_ID.test(name) && name.includes(':'))) {
    return bare(name, name, opts, 'bedrock-id');
  }
  // A short name: what the account lists first (it knows releases newer than this build), then the
  // built-in aliases, then the catalogue's models by the same rule.
  const account = accountOf(opts);
  const listed = account && matchShortName(name, listedCandidates(account));
  if (listed) return byShortName(listed, name, opts, account);
  const alias = catalogByAlias(name);
  if (alias) return bare(alias.id, name, opts, 'alias');
  const known = matchShortName(name, catalogCandidates());
  if (known) return { ...bare(known.picked.id, name, opts, 'short-name'), ...ambiguity(name, known, 'Outcrop\'s catalogue has') };
  throw unknownModel(name, opts);
}

function bare(baseId: string, requested: string, opts: ModelResolutionOptions, via: ResolvedModel['via']): ResolvedModel {
  const caps = capabilitiesFor(baseId);
  return { requested, modelId: withRegionPrefix(baseId, opts.region, caps, opts.profilePreference), caps, via };
}

/** A listed model, called the way the listing offers it in the region (the preferred way first). */
function listedModel(baseId: string, requested: string, opts: ModelResolutionOptions, account: AccountModels, via: ResolvedModel['via']): ResolvedModel {
  const caps = capabilitiesFor(baseId);
  const modelId = listedInvocationId(baseId, geosForRegion(opts.region), account, opts.profilePreference)
    ?? withRegionPrefix(baseId, opts.region, caps, opts.profilePreference);
  return { requested, modelId, caps, via };
}

function byShortName(match: NameMatch, name: string, opts: ModelResolutionOptions, account: AccountModels): ResolvedModel {
  const alias = catalogByAlias(name);
  const resolved = listedModel(match.picked.id, name, opts, account, alias ? 'alias' : 'short-name');
  // A built-in alias that lands where the catalogue says it does (claude-sonnet on the newest
  // Sonnet) meant that model: nothing to say. Anything else is the rule's guess, and says so.
  return alias?.id === match.picked.id ? resolved : { ...resolved, ...ambiguity(name, match, 'this account lists') };
}

/** The log entry's word on a name several models answer to: which one it was taken to mean. */
function ambiguity(name: string, match: NameMatch, where: string): { note?: string } {
  if (match.others.length === 0) return {};
  // Another model by the same short name (an older revision) is told apart by its id.
  const label = (c: ListedCandidate): string => (c.name === match.picked.name ? c.id : c.name);
  const others = match.others.slice(0, 4).map(label).join(', ') + (match.others.length > 4 ? ', …' : '');
  return {
    note: `"${name}" could mean ${match.others.length + 1} models ${where}; took the newest, ${match.picked.name} (${match.picked.id}). Others: ${others}. Add an alias in Outcrop settings to pin one.`,
  };
}

let catalogCache: ListedCandidate[] | undefined;
function catalogCandidates(): ListedCandidate[] {
  catalogCache ??= CATALOG.flatMap((m) => {
    const name = shortNameOf(m.id);
    return name ? [{ id: m.id, name, words: nameWords(name), displayName: m.name }] : [];
  });
  return catalogCache;
}

// Claude Code's names: the account's listing where it has the model (it knows releases newer
// than this build), else the catalogue; the region's prefix as the listing shows it, else by family.
function byAnthropicApiId(apiId: AnthropicApiId, name: string, opts: ModelResolutionOptions): ResolvedModel {
  const account = accountOf(opts);
  const listed = account && matchBedrockId(apiId, listedBaseIds(account));
  if (listed) return listedModel(listed, name, opts, account, 'anthropic-id');
  const known = matchBedrockId(apiId, CATALOG.map((m) => m.id));
  if (known) return bare(known, name, opts, 'anthropic-id');
  throw unknownModel(name, opts, apiId);
}

function accountOf(opts: ModelResolutionOptions): AccountModels | undefined {
  return typeof opts.account === 'function' ? opts.account() : opts.account;
}

function unknownModel(name: string, opts: ModelResolutionOptions, apiId?: AnthropicApiId): ProxyError {
  const account = accountOf(opts);
  const listedNames = account ? listedCandidates(account).map((c) => c.name) : [];
  // Ties keep this order: the user's names, then what the account has, then the catalogue.
  const names = [
    ...Object.keys(opts.aliases),
    ...listedNames,
    ...CATALOG.flatMap((m) => [...m.aliases, ...(m.openrouter ? [m.openrouter] : [])]),
  ];
  // A dated Claude name is compared without its date, which no short name has.
  const asked = (apiId?.date ? name.slice(0, -9) : name).toLowerCase();
  const closest = [...new Set(names)]
    .map((n) => ({ n, d: distance(asked, n.toLowerCase()) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((x) => x.n);
  let what = `The model "${name}" is not an Outcrop alias or a Bedrock model id.`;
  if (apiId) {
    const model = `Claude ${apiId.family[0].toUpperCase()}${apiId.family.slice(1)} ${apiId.version.replace('-', '.')}${apiId.date ? ` (${apiId.date})` : ''}`;
    what = account
      ? `The model "${name}" names ${model}, which neither this account's Bedrock model list (region ${opts.region}) nor Outcrop's catalogue has.`
      : `The model "${name}" names ${model}, which Outcrop's catalogue does not have (Bedrock's model list was not available to check).`;
  }
  return new ProxyError(
    'model_not_found',
    `${what} Closest names: ${closest.join(', ')}. Add an alias in Outcrop settings to map "${name}" to a Bedrock model.`,
    { param: 'model' },
  );
}

/** Levenshtein distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
