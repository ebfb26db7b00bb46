import { createBedrockGateway } from '../../src-proxy/bedrock/gateway';
import { startProxy, type RunningProxy } from '../../src-proxy/server';
import type { RequestLogEntry } from '../../src-shared/request-log';
import { outcropHome } from './paths';
import { SettingsStore } from './settings/store';
import { VERSION } from './version';

export interface ServeOptions {
  port?: number;
  host?: string;
  region?: string;
  profile?: string;
  /** Where to print progress and request lines. */
  out?: (line: string) => void;
  quiet?: boolean;
}

export interface HeadlessServer {
  proxy: RunningProxy;
  settings: SettingsStore;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** True for host names that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.');
}

/** Starts the proxy headless with the user's settings and AWS environment; the CLI and `npm start` share it. */
export async function serveHeadless(opts: ServeOptions = {}): Promise<HeadlessServer> {
  const out = opts.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const { store, warnings } = await SettingsStore.open(outcropHome());
  for (const w of warnings) out(`Warning: ${w}`);
  store.on('warning', (w) => out(`Warning: ${w}`));
  await store.watch();
  const settings = store.get();
  const host = opts.host ?? settings.host;
  const port = opts.port ?? settings.port;
  if (!isLoopbackHost(host)) {
    store.close();
    throw new Error(`Refusing to listen on ${host}: other machines could spend your AWS credits. Outcrop listens on 127.0.0.1 only until client API keys can be required (a coming release).`);
  }
  const bedrock = createBedrockGateway({
    region: opts.region ?? settings.region,
    profile: opts.profile ?? settings.profile,
    endpoint: settings.bedrockEndpoint,
  });
  let proxy: RunningProxy;
  try {
    proxy = await startProxy({
      host,
      port,
      bedrock,
      settings: () => store.get(),
      version: VERSION,
      log: opts.quiet ? undefined : (entry) => out(formatEntry(entry)),
    });
  } catch (err) {
    store.close();
    bedrock.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`Port ${port} on ${host} is already in use (is Outcrop already running?). Stop the other program or pass --port <n>.`);
    }
    throw err;
  }
  return {
    proxy,
    settings: store,
    async close() {
      await proxy.close();
      store.close();
      bedrock.close();
    },
  };
}

/** One human line per finished request. */
export function formatEntry(e: RequestLogEntry): string {
  const tokens = e.inputTokens !== undefined ? ` in=${e.inputTokens} out=${e.outputTokens ?? 0}${e.cacheReadTokens ? ` cached=${e.cacheReadTokens}` : ''}` : '';
  const model = e.model ? ` ${e.model}${e.bedrockModel && e.bedrockModel !== e.model ? ` -> ${e.bedrockModel}` : ''}` : '';
  const error = e.error ? ` ${e.error.code}: ${e.error.message}` : '';
  return `${new Date(e.time).toISOString()} ${e.endpoint}${model}${e.stream ? ' stream' : ''} ${e.status} ${Math.round(e.latencyMs)}ms${tokens}${error}`;
}
