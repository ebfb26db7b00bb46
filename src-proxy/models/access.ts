import type { ModelAccess } from '../../src-shared/admin';
import type { AccountModels } from '../bedrock/gateway';

// Whether the account can call a model in its region, judged from Bedrock's own answers: the
// ListFoundationModels and ListInferenceProfiles listing of that region (ModelDirectory).
// The listing says what the region offers this account; a first-use grant some providers still
// ask for (Anthropic's use-case form, a Marketplace subscription) only shows on the first call.

// ModelAccess (src-shared/admin.ts):
// - `available`: the listing offers the id Outcrop sends (the model on demand, or the inference
//   profile it goes through).
// - `not-listed`: the listing was read and does not offer that id in this region.
// - `unknown`: no listing (no credentials, no region, Bedrock did not answer), or an id the
//   listing cannot speak for (a provisioned or custom model ARN).

export interface AccessMark {
  access: ModelAccess;
  /**
   * The inference profile requests go through, when the id is one: a system profile carries the
   * region's prefix (`us.`, `eu.`, `apac.`, `global.`…), an application profile is an ARN. Absent
   * for a model called on demand by its bare id.
   */
  via?: string;
}

const SYSTEM_PROFILE = /^(us-gov|us|eu|apac|jp|au|ca|global)\.[a-z0-9-]+\./;
const PROFILE_ARN = /^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:(application-)?inference-profile\//;

/** How `invocationId` (what Outcrop sends to Bedrock, undefined when unresolved) stands in the account's listing. */
export function accessOf(invocationId: string | undefined, account: AccountModels | undefined): AccessMark {
  if (!invocationId) return { access: 'unknown' };
  const via = SYSTEM_PROFILE.test(invocationId) || PROFILE_ARN.test(invocationId) ? invocationId : undefined;
  const mark = (access: ModelAccess): AccessMark => (via ? { access, via } : { access });
  if (!account) return mark('unknown');
  if (invocationId.startsWith('arn:')) {
    if (account.inferenceProfiles.some((p) => p.inferenceProfileArn === invocationId)) return mark('available');
    const model = account.foundationModels.find((m) => m.modelArn === invocationId);
    if (model) return mark(onDemand(model) ? 'available' : 'not-listed');
    return mark(via ? 'not-listed' : 'unknown');
  }
  if (via) {
    return mark(account.inferenceProfiles.some((p) => p.type !== 'APPLICATION' && p.inferenceProfileId === invocationId) ? 'available' : 'not-listed');
  }
  // A bare id runs on demand only; a model listed for inference profiles alone is refused by its bare id.
  const model = account.foundationModels.find((m) => m.modelId === invocationId);
  return mark(model && onDemand(model) ? 'available' : 'not-listed');
}

function onDemand(model: AccountModels['foundationModels'][number]): boolean {
  return model.inferenceTypesSupported?.includes('ON_DEMAND') ?? false;
}
