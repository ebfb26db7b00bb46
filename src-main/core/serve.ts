import { join } from 'node:path';
import type { RequestLogEntry } from '../../src-shared/request-log';
import { AFTER_LISTEN_MS, OutcropCore } from './core';
import { adviceText, credentialsCheck } from './diagnosis/checks';
import { logProcessFaults } from './logging/app-log';
import { packageRoot } from './package-root';
import { outcropHome } from './paths';

export interface ServeOptions {
  port?: number;
  host?: string;
  region?: string;
  profile?: string;
  /** Where to print progress and request lines. */
  out?: (line: string) => void;
  quiet?: boolean;
}

/** Starts the core headless and prints what a person watching a terminal wants to know. */
export async function serveHeadless(opts: ServeOptions = {}): Promise<OutcropCore> {
  const out = opts.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const uiDir = join(packageRoot(import.meta.url), 'dist', 'renderer');
  const { core, warnings } = await OutcropCore.start({ home: outcropHome(), host: opts.host, port: opts.port, region: opts.region, profile: opts.profile, uiDir });
  // A crash leaves its stack in the diagnostic log, not only on a terminal nobody kept.
  logProcessFaults(core.log);
  for (const w of warnings) out(`Warning: ${w}`);
  core.on('warning', (w) => out(`Warning: ${w}`));
  if (!opts.quiet) core.on('request', (entry) => out(formatEntry(entry)));
  // The start-up check and the first credentials event often find the same problem: say it once
  // (until the credentials work again).
  const said = new Set<string>();
  const tell = (prefix: string, text: string): void => {
    if (said.has(text)) return;
    said.add(text);
    out(`${prefix}: ${text}`);
  };
  core.on('credentials', (state) => {
    if (state.status === 'valid') said.clear();
    if (state.status === 'expiring') out(`AWS (${state.profile}): ${state.message ?? state.status}`);
    // A failure is told as the doctor tells it: what is missing and the command that fixes it. An
    // error the setup does not explain (keys AWS refused, a profile that does not load) says what
    // failed in its own words, which the doctor could only quote.
    const prefix = `AWS (${state.profile})`;
    const own = state.message ?? state.status;
    if (state.status === 'needs-sign-in') {
      void core.diagnosis.advisor()({ kind: 'credentials', error: Object.assign(new Error(own), { name: 'ExpiredTokenException' }) })
        .then((advice) => tell(prefix, advice ?? own), () => tell(prefix, own));
    }
    if (state.status === 'error') void core.diagnosis.facts().then((f) => tell(prefix, adviceText([credentialsCheck(f)]) ?? own), () => tell(prefix, own));
  });
  // The first failure is the most important screen: say what is missing before a tool finds out.
  const check = (): void =>
    void core.diagnosis.diagnose().then((d) => {
      for (const c of d.checks) if (c.state === 'fail') tell('Setup', `${c.summary}${c.fix ? ` To fix: ${c.fix}.` : ''}`);
    }, (err: Error) => core.log.warn({ err }, 'the start-up check failed'));
  setTimeout(() => core.running && check(), AFTER_LISTEN_MS).unref();
  return core;
}

/** One human line per finished request. */
export function formatEntry(e: RequestLogEntry): string {
  const tokens = e.inputTokens !== undefined ? ` in=${e.inputTokens} out=${e.outputTokens ?? 0}${e.cacheReadTokens ? ` cached=${e.cacheReadTokens}` : ''}` : '';
  const model = e.model ? ` ${e.model}${e.bedrockModel && e.bedrockModel !== e.model ? ` -> ${e.bedrockModel}` : ''}` : '';
  const error = e.error ? ` ${e.error.code}: ${e.error.message}` : '';
  return `${new Date(e.time).toISOString()} ${e.endpoint}${model}${e.stream ? ' stream' : ''} ${e.status} ${Math.round(e.latencyMs)}ms${tokens}${error}`;
}
