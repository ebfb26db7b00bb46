import type { AccountModels } from '../../src-proxy/bedrock/gateway';
import { accessOf } from '../../src-proxy/models/access';
import { capabilitiesFor } from '../../src-proxy/models/families';
import { invocableModels } from '../../src-proxy/models/invocable';
import type { ProfilePreference } from '../../src-proxy/models/listing';
import type { ModelView } from '../../src-shared/admin';

// The Models screen's "Available in <region>": what the account can invoke in its region
// (invocableModels, the list GET /v1/models gives under the same names), as model views.

/**
 * Adds the models the account can invoke in `region` to `views` (newest first, `rank` 0 upwards),
 * each under the name to type. A built-in alias of that name that runs the same model carries the
 * marks itself; a name the user's alias (or a built-in alias running another model) holds is
 * left to it, and the model is listed by the id Outcrop sends. Views are told apart by id.
 */
export function addInvocableViews(views: ModelView[], account: AccountModels, region: string, preference: ProfilePreference): void {
  const byId = new Map(views.map((v, i) => [v.id, i]));
  const fm = new Map(account.foundationModels.map((m) => [m.modelId, m]));
  invocableModels(account, region, preference).forEach((m, rank) => {
    const caps = capabilitiesFor(m.id);
    const inputs = fm.get(m.id)?.inputModalities;
    const marks: Partial<ModelView> = {
      rank,
      model: m.id,
      ...(m.status === 'LEGACY' ? { legacy: true } : {}),
      ...(m.kind === 'chat' ? { reasoning: caps.reasoning !== undefined || caps.reasoningTags === true } : {}),
      // The listing says which inputs a model takes; a family Outcrop does not know says nothing.
      ...(m.kind === 'chat' && (inputs || caps.family !== 'unknown') ? { images: inputs ? inputs.includes('IMAGE') : caps.images } : {}),
    };
    const at = byId.get(m.name);
    const held = at !== undefined ? views[at] : undefined;
    if (held && held.source === 'alias' && held.target === m.invokeId) {
      views[at!] = { ...held, ...marks, name: m.displayName ?? held.name };
      return;
    }
    const id = held ? m.invokeId : m.name;
    if (byId.has(id)) return;
    byId.set(id, views.length);
    views.push({
      id,
      ...(m.displayName ? { name: m.displayName } : {}),
      ...(m.provider ? { provider: m.provider } : {}),
      kind: m.kind,
      source: 'account',
      target: m.invokeId,
      caching: caps.caching,
      ...accessOf(m.invokeId, account),
      ...marks,
    });
  });
}
