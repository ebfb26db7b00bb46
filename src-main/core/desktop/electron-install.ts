import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { electronBinary, electronPackageDir, noDesktopReason } from '../desktop-check';

// Electron 45 no longer downloads its binary when npm installs it: the electron package fetches
// it the first time something loads the package (or runs its `install-electron` bin). Outcrop
// never loads the package (it only reads path.txt), so `npm start` runs that installer itself,
// in the open, when there is a desktop to show the app on.

/**
 * The command users run to fetch the binary themselves, named in every message about it. `--no`:
 * should the local bin be missing, npx must not fetch some registry package of that name instead.
 */
export const RETRY_COMMAND = 'npx --no install-electron';

/** How to run the electron package's installer: a Node script and the folder to run it in. */
export interface Installer {
  script: string;
  cwd: string;
  /** The Electron version it fetches, for messages ("Electron 45.4.1"); undefined if unknown. */
  version?: string;
}

/**
 * The electron package's own installer (its install.js, the `install-electron` bin), or undefined
 * when the package is not installed (packageDir null). OUTCROP_ELECTRON_INSTALLER names another script in its place:
 * the tests' stand-in, since the real one needs the internet.
 */
export function electronInstaller(env: NodeJS.ProcessEnv = process.env, packageDir: string | null = electronPackageDir() ?? null): Installer | undefined {
  if (!packageDir) return undefined;
  let version: string | undefined;
  try {
    version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    version = undefined;
  }
  const script = env.OUTCROP_ELECTRON_INSTALLER || join(packageDir, 'install.js');
  return { script, cwd: packageDir, version };
}

/** What `npm start` does, decided before anything runs. */
export type StartPlan = { kind: 'headless'; reason: string } | { kind: 'desktop'; binary: string } | { kind: 'install' };

/** Headless when asked or when there is no display; the desktop app when the binary is there; otherwise fetch it first. */
export function planStart(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, binary: string | undefined): StartPlan {
  const reason = noDesktopReason(env, platform);
  if (reason) return { kind: 'headless', reason };
  return binary ? { kind: 'desktop', binary } : { kind: 'install' };
}

/** How the installer ended: its exit code, or the error that kept it from starting. */
export type InstallOutcome = { code: number | null; signal?: NodeJS.Signals | null } | { error: Error };

/** The outcome of `npm start`'s decision: the desktop app with this binary, or headless for a reason (and what would fix it). */
export type StartChoice = { kind: 'desktop'; binary: string } | { kind: 'headless'; reason: string; retry?: string };

export interface ChooseStartDeps {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** Looks for the Electron binary (again after the installer ran). */
  findBinary: () => string | undefined;
  installer: Installer | undefined;
  /** Runs the installer to its end; its output goes to the terminal. */
  runInstaller: (installer: Installer) => Promise<InstallOutcome>;
  /** One line for the user, before the download starts. */
  say: (line: string) => void;
}

function electronName(installer: Installer | undefined): string {
  return installer?.version ? `Electron ${installer.version}` : 'Electron';
}

/** Why a finished installer left no binary, in words: exit code, signal, or the start error. */
function failure(outcome: InstallOutcome): string {
  if ('error' in outcome) return `its installer could not start: ${outcome.error.message}`;
  if (outcome.signal) return `its installer was stopped by ${outcome.signal}`;
  if (outcome.code !== 0) return `its installer exited with code ${outcome.code}; offline, or a proxy or firewall in the way?`;
  return 'its installer finished but left no binary';
}

/**
 * Decides between the desktop app and headless, fetching the Electron binary first when a
 * display is there and the binary is not. Never throws: a failed fetch is a headless reason that
 * says what failed and the command to retry.
 */
export async function chooseStart(deps: ChooseStartDeps): Promise<StartChoice> {
  const plan = planStart(deps.env, deps.platform, deps.findBinary());
  if (plan.kind !== 'install') return plan;
  const name = electronName(deps.installer);
  if (!deps.installer) return { kind: 'headless', reason: 'the electron package is not installed', retry: 'npm ci' };
  deps.say(`Outcrop: downloading ${name} for the desktop app (once, about 100 MB)…`);
  const outcome = await deps.runInstaller(deps.installer);
  const binary = deps.findBinary();
  if (binary && !('error' in outcome) && outcome.code === 0) return { kind: 'desktop', binary };
  return { kind: 'headless', reason: `could not download ${name} (${failure(outcome)})`, retry: RETRY_COMMAND };
}

/** The one line `npm start` prints when it runs headless: why, and the command that gets the tray app when there is one. */
export function headlessLine(choice: { reason: string; retry?: string }): string {
  const fix = choice.retry ? ` For the tray app: \`${choice.retry}\` (with internet access), then \`npm start\`.` : '';
  return `Outcrop: ${choice.reason} — running headless instead (same proxy, no tray).${fix}`;
}

/**
 * The installer's environment: ours, with @electron/get told to use the proxy when one is set
 * (it ignores HTTPS_PROXY unless ELECTRON_GET_USE_PROXY is set; an explicit value is kept).
 */
export function installerEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const proxy = env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy;
  return proxy && env.ELECTRON_GET_USE_PROXY === undefined ? { ...env, ELECTRON_GET_USE_PROXY: '1' } : env;
}

/** Runs the installer with Node, its progress on this terminal; resolves when it ends. */
export function runInstaller(installer: Installer, env: NodeJS.ProcessEnv = process.env): Promise<InstallOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [installer.script], { cwd: installer.cwd, env: installerEnv(env), stdio: 'inherit' });
    child.on('error', (error) => resolve({ error }));
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
}

