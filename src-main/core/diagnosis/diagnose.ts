import type { AccountModels } from '../../../src-proxy/bedrock/gateway';
import type { ProfilePreference } from '../../../src-proxy/models/listing';
import { resolveModel } from '../../../src-proxy/models/resolve';
import type { Diagnosis, DiagnosisCheck } from '../../../src-shared/admin';
import type { BackendProbe } from './backend';
import { backendCheck, credentialsCheck, loadedCredentialsCheck, modelAccessCheck, portCheck, regionCheck } from './checks';
import type { SetupFacts } from './facts';

export interface LiveChecks {
  /** Loads the credentials (undefined when a Bedrock API key replaces them). */
  loadCredentials?: () => Promise<{ expiresAt?: string; accessKeyId?: string }>;
  listModels(): Promise<AccountModels>;
  defaultModel: string;
  aliases: Record<string, string>;
  profilePreference?: ProfilePreference;
}

export interface DiagnoseInput {
  facts: SetupFacts;
  backend: BackendProbe;
  port: Parameters<typeof portCheck>[0];
  /** Calls AWS: credentials load, the model listing. Without it only what is on disk is checked. */
  live?: LiveChecks;
  now?: () => Date;
}

/**
 * The doctor's checklist — credentials, region, model access, port, emulator or real AWS — each
 * with its state and the one action that fixes it. Shared by `outcrop doctor`, the admin API (the
 * Overview screen), the tray and the proxy's setup errors.
 */
export async function diagnose(input: DiagnoseInput): Promise<Diagnosis> {
  const { facts: f, live } = input;
  let credentials = credentialsCheck(f);
  const region = regionCheck(f);
  // A "default" profile nobody chose may still be served by an instance or container role: ask the SDK.
  const worthLoading = credentials.state !== 'fail' || (f.profileSource === 'default' && !f.details);
  if (live?.loadCredentials && !f.apiKey && worthLoading && input.backend.reachable.ok) {
    const loaded = await live.loadCredentials().then((c) => ({ ok: true as const, expiresAt: c.expiresAt, accessKeyId: c.accessKeyId }), (error: unknown) => ({ ok: false as const, error }));
    credentials = loadedCredentialsCheck(f, loaded);
  }
  let models: DiagnosisCheck = modelAccessCheck(f, { skipped: true });
  if (live && credentials.state !== 'fail' && region.state === 'ok' && input.backend.reachable.ok) {
    try {
      const listing = await live.listModels();
      const ids = new Set([...listing.foundationModels.map((m) => m.modelId), ...listing.inferenceProfiles.map((p) => p.inferenceProfileId)]);
      const model = resolveModel(live.defaultModel, { aliases: live.aliases, region: f.region!, account: listing, profilePreference: live.profilePreference });
      models = modelAccessCheck(f, { ok: true, models: listing.foundationModels.length, profiles: listing.inferenceProfiles.length, region: f.region!, defaultModel: live.defaultModel, resolved: model.modelId, listed: model.via === 'arn' || ids.has(model.modelId) });
    } catch (err) {
      models = modelAccessCheck(f, { ok: false, error: err as { code?: string; message: string } });
    }
  }
  return {
    mode: f.mode,
    backend: input.backend.backend,
    checks: [credentials, region, models, portCheck(input.port, f.mode), backendCheck(input.backend.backend, input.backend.reachable, f.region)],
    checkedAt: (input.now?.() ?? new Date()).toISOString(),
  };
}
