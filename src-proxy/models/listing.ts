import type { AccountModels } from '../bedrock/gateway';
import type { Geo } from './families';

// Reading the account's model listing (ListFoundationModels + ListInferenceProfiles) for
// resolution: which base model ids exist, and which prefixed profile of one the region can call.

const GEO_PREFIX = /^(us-gov|us|eu|apac|jp|au|ca|global)\.(.+)$/;

interface ListingIndex {
  baseIds: ReadonlySet<string>;
  systemProfiles: ReadonlySet<string>;
  onDemand: ReadonlySet<string>;
}

// A listing is read on every request and changes every few minutes: its lookups are built once.
const INDEX = new WeakMap<AccountModels, ListingIndex>();

function indexOf(account: AccountModels): ListingIndex {
  let index = INDEX.get(account);
  if (!index) {
    index = {
      baseIds: collectBaseIds(account),
      systemProfiles: new Set(account.inferenceProfiles.filter((p) => p.type !== 'APPLICATION' && p.inferenceProfileId).map((p) => p.inferenceProfileId!)),
      onDemand: new Set(account.foundationModels.filter((m) => m.modelId && m.inferenceTypesSupported?.includes('ON_DEMAND')).map((m) => m.modelId!)),
    };
    INDEX.set(account, index);
  }
  return index;
}

/** Every base model id the listing names: foundation models and the models behind system inference profiles. */
export function listedBaseIds(account: AccountModels): ReadonlySet<string> {
  return indexOf(account).baseIds;
}

function collectBaseIds(account: AccountModels): Set<string> {
  const ids = new Set<string>();
  for (const m of account.foundationModels) if (m.modelId) ids.add(m.modelId);
  for (const p of account.inferenceProfiles) {
    const base = p.inferenceProfileId && GEO_PREFIX.exec(p.inferenceProfileId)?.[2];
    if (base) ids.add(base);
  }
  return ids;
}

/**
 * Which way to call a model that can be called more than one way: through the region's geography
 * profile (`us.`, `eu.`, `apac.`, `jp.`, `au.`…: data stays in that geography), the `global.` profile
 * (most capacity; Claude 4.5 and later cost less there), or in-region by the bare id (on demand).
 * The others follow in that order when the preferred one is not offered.
 */
export type ProfilePreference = 'geo' | 'global' | 'in-region';

/** The ways to call a model, most preferred first: geography prefixes, `global`, or '' for the bare id. */
export function invocationOrder(geos: Geo[], preference: ProfilePreference = 'geo'): string[] {
  if (preference === 'global') return ['global', ...geos, ''];
  if (preference === 'in-region') return ['', ...geos, 'global'];
  return [...geos, 'global', ''];
}

/**
 * The id to invoke for a base model the listing has: the first way of `invocationOrder` the
 * listing offers (a listed system profile, or the bare id when the model runs on demand);
 * undefined when the listing does not settle it (the family's rule decides then).
 */
export function listedInvocationId(baseId: string, geos: Geo[], account: AccountModels, preference: ProfilePreference = 'geo'): string | undefined {
  const { systemProfiles: profiles, onDemand: onDemandIds } = indexOf(account);
  const onDemand = onDemandIds.has(baseId);
  for (const way of invocationOrder(geos, preference)) {
    if (way === '' ? onDemand : profiles.has(`${way}.${baseId}`)) return way === '' ? baseId : `${way}.${baseId}`;
  }
  return undefined;
}
