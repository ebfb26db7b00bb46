import type { DiagnosisCheck } from '../../src-shared/admin';
import { AwsCredentials } from '../core/aws/credentials';
import { probeBackend } from '../core/diagnosis/backend';
import { diagnose } from '../core/diagnosis/diagnose';
import { readSetupFacts } from '../core/diagnosis/facts';
import { probePort } from '../core/diagnosis/port';
import { appLogPath } from '../core/logging/log-paths';
import { describeNetwork, resolveNetwork } from '../core/network';
import { outcropHome } from '../core/paths';
import { BEDROCK_API_KEY, FileSecretStore } from '../core/secrets';
import { SettingsStore } from '../core/settings/store';
import { VERSION } from '../core/version';
import type { CommandIO } from './io';

export interface DoctorOptions {
  profile?: string;
  region?: string;
}

const SYMBOL: Record<DiagnosisCheck['state'], string> = { ok: '✓', warn: '!', fail: '✗', unknown: '?' };

/**
 * `outcrop doctor`: one screen on whether Outcrop can reach Bedrock — credentials, region, model
 * access, port, emulator or real AWS — with the fix for each problem. The checks are the ones the
 * Overview screen, the tray and the proxy's setup errors use (src-main/core/diagnosis).
 */
export async function doctorCommand(opts: DoctorOptions, io: CommandIO): Promise<number> {
  const home = outcropHome(io.env);
  io.out(`Outcrop ${VERSION} on Node ${process.version}; settings in ${home}`);
  // What to attach to a bug report (the desktop app writes its own file beside it).
  io.out(`  diagnostic log: ${appLogPath(home, 'serve')} (desktop app: ${appLogPath(home, 'desktop')})`);
  const { store, warnings } = await SettingsStore.open(home);
  const settings = store.get();
  // Which proxy and CAs every connection below uses (password hidden).
  const network = resolveNetwork(settings, io.env);
  for (const fact of describeNetwork(network)) io.out(`  ${fact}`);
  for (const problem of network.problems) io.out(`! ${problem}`);
  const savedKey = await new FileSecretStore(home).get(BEDROCK_API_KEY);
  const facts = await readSetupFacts({ mode: 'headless', settings, env: io.env, profile: opts.profile, region: opts.region, savedApiKey: Boolean(savedKey) });
  const [backend, port] = await Promise.all([probeBackend(facts.endpoint), probePort(settings.host, settings.port)]);

  const credentials = new AwsCredentials({ profile: opts.profile ?? settings.profile, env: io.env, network: network.config });
  const { createBedrockGateway } = await import('../../src-proxy/bedrock/gateway');
  const gateway = createBedrockGateway({
    region: facts.region,
    profile: opts.profile ?? settings.profile,
    endpoint: settings.bedrockEndpoint,
    credentials: credentials.providerFactory(),
    maxAttempts: 1,
    network: network.config,
    env: io.env,
    ...(savedKey || io.env.AWS_BEARER_TOKEN_BEDROCK ? { apiKey: savedKey ?? io.env.AWS_BEARER_TOKEN_BEDROCK } : {}),
  });
  try {
    const result = await diagnose({
      facts,
      backend,
      port: { listening: false, host: settings.host, port: settings.port, ...port },
      live: {
        loadCredentials: async () => {
          const c = await credentials.providerFactory()()();
          return { accessKeyId: c.accessKeyId, expiresAt: c.expiration?.toISOString() };
        },
        listModels: () => gateway.listModels(),
        defaultModel: settings.defaultModel,
        aliases: settings.aliases,
      },
    });
    const lines: DiagnosisCheck[] = [
      ...warnings.map((w) => ({ id: 'port' as const, state: 'warn' as const, summary: w })),
      ...facts.fileProblems.map((p) => ({ id: 'credentials' as const, state: 'warn' as const, summary: p, fix: 'Fix the line in the file; the AWS CLI ignores it too' })),
      ...result.checks,
    ];
    for (const check of lines) {
      io.out(`${SYMBOL[check.state]} ${check.summary}`);
      // A fix that is a single command is shown bare, ready to copy.
      if (check.fix) io.out(`    fix: ${check.fix.replace(/^run `([^`]+)`$/, '$1')}`);
    }
    const failures = result.checks.filter((c) => c.state === 'fail').length;
    io.out(failures ? `${failures} problem${failures === 1 ? '' : 's'} found.` : 'Everything looks good: point your tools at Outcrop.');
    return failures ? 1 : 0;
  } finally {
    gateway.close();
    credentials.dispose();
  }
}
