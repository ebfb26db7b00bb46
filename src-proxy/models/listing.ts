import type { AccountModels } from '../bedrock/gateway';
import type { Geo } from './families';

// Reading the account's model listing (ListFoundationModels + ListInferenceProfiles) for
// resolution: which base model ids exist, and which prefixed profile of one the region can call.

const GEO_PREFIX = /^(us-gov|us|eu|apac|jp|au|ca|global)\.(.+)$/;

/** Every base model id the listing names: foundation models and the models behind system inference profiles. */
export function listedBaseIds(account: AccountModels): Set<string> {
  const ids = new Set<string>();
  for (const m of account.foundationModels) if (m.modelId) ids.add(m.modelId);
  for (const p of account.inferenceProfiles) {
    const base = p.inferenceProfileId && GEO_PREFIX.exec(p.inferenceProfileId)?.[2];
    if (base) ids.add(base);
  }
  return ids;
}

/**
 * The id to invoke for a base model the listing has: the listed system profile of the first of
 * `geos` that has one (then global), else the bare id when the model runs on demand; undefined
 * when the listing does not settle it (the family's rule decides then).
 */
export function listedInvocationId(baseId: string, geos: Geo[], account: AccountModels): string | undefined {
  const profiles = new Set(account.inferenceProfiles.filter((p) => p.type !== 'APPLICATION').map((p) => p.inferenceProfileId));
  for (const geo of [...geos, 'global']) {
    if (profiles.has(`${geo}.${baseId}`)) return `${geo}.${baseId}`;
  }
  const model = account.foundationModels.find((m) => m.modelId === baseId);
  return model?.inferenceTypesSupported?.includes('ON_DEMAND') ? baseId : undefined;
}
