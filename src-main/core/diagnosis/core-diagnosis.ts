import type { AccountModels } from '../../../src-proxy/bedrock/gateway';
import type { ConfigAdvisor } from '../../../src-proxy/bedrock/errors';
import type { Diagnosis } from '../../../src-shared/admin';
import type { Settings } from '../../../src-shared/settings';
import { configAdvisor } from './advisor';
import { probeBackend, type BackendProbe } from './backend';
import { diagnose } from './diagnose';
import { readSetupFacts, type RunMode, type SetupFacts } from './facts';

export interface CoreDiagnosisDeps {
  mode: RunMode;
  settings: () => Settings;
  env: NodeJS.ProcessEnv;
  /** Command-line overrides. */
  profile?: string;
  region?: string;
  savedApiKey: () => boolean;
  loadCredentials: () => Promise<{ expiresAt?: string }>;
  listModels: () => Promise<AccountModels>;
  port: () => { listening: true; url: string } | { listening: false; host: string; port: number };
}

/** The doctor's view of a running core: its facts, the backend (emulator or AWS), the checklist and the proxy's advisor. */
export class CoreDiagnosis {
  private probe?: { endpoint: string | undefined; result: Promise<BackendProbe> };

  constructor(private readonly deps: CoreDiagnosisDeps) {}

  get mode(): RunMode {
    return this.deps.mode;
  }

  /** Profile, region, keys and endpoint as the SDK will resolve them now. */
  facts(): Promise<SetupFacts> {
    const d = this.deps;
    return readSetupFacts({ mode: d.mode, settings: d.settings(), env: d.env, profile: d.profile, region: d.region, savedApiKey: d.savedApiKey() });
  }

  /** Emulator or real AWS; remembered per endpoint once it answered (an emulator started later is found on the next look). */
  async backend(): Promise<BackendProbe> {
    const d = this.deps;
    const endpoint = d.settings().bedrockEndpoint ?? d.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ?? d.env.AWS_ENDPOINT_URL;
    if (!this.probe || this.probe.endpoint !== endpoint) this.probe = { endpoint, result: probeBackend(endpoint) };
    const probe = this.probe;
    const result = await probe.result;
    if (!result.reachable.ok && this.probe === probe) this.probe = undefined;
    return result;
  }

  /** The full checklist, calling AWS (credentials load, model listing). */
  async diagnose(): Promise<Diagnosis> {
    const [facts, backend] = await Promise.all([this.facts(), this.backend()]);
    const s = this.deps.settings();
    return diagnose({
      facts,
      backend,
      port: this.deps.port(),
      live: { loadCredentials: this.deps.loadCredentials, listModels: this.deps.listModels, defaultModel: s.defaultModel, aliases: s.aliases, profilePreference: s.profilePreference },
    });
  }

  /** What the gateway asks when a request meets a setup problem. */
  advisor(): ConfigAdvisor {
    return configAdvisor(() => this.facts());
  }
}
