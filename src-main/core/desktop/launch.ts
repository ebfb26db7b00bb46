import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/** Command-line overrides the desktop app accepts, as `npm run serve` does. */
export interface DesktopArgs {
  port?: number;
  host?: string;
  region?: string;
  profile?: string;
}

/**
 * The overrides in the app's argv. Unknown arguments are ignored: Electron and the OS add their
 * own (macOS's -psn_…, Chromium switches), and a bad --port is dropped rather than fatal.
 */
export function desktopArgs(argv: string[]): DesktopArgs {
  const { values } = parseArgs({
    args: argv,
    strict: false,
    allowPositionals: true,
    options: { port: { type: 'string' }, host: { type: 'string' }, region: { type: 'string' }, profile: { type: 'string' } },
  });
  const out: DesktopArgs = {};
  const port = typeof values.port === 'string' ? Number(values.port) : undefined;
  if (port !== undefined && Number.isInteger(port) && port >= 0 && port <= 65535) out.port = port;
  for (const key of ['host', 'region', 'profile'] as const) {
    const v = values[key];
    if (typeof v === 'string' && v !== '') out[key] = v;
  }
  return out;
}

/** The environment for the Electron child of `npm start`: ELECTRON_RUN_AS_NODE would make it a plain Node. */
export function electronEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { ELECTRON_RUN_AS_NODE: _asNode, ...rest } = env;
  return rest;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when a build output (a file) is missing or older than any file under the source folders. */
export function isStale(output: string, sources: string[]): boolean {
  let built: number;
  try {
    built = statSync(output).mtimeMs;
  } catch {
    return true;
  }
  return sources.some((dir) => newestMtime(dir) > built);
}
