import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ParsedIniData } from '@smithy/types';
import { lintAwsFile, type AwsFileKind } from './ini';

/** A profile as written in the files: its settings merged from config and credentials. */
export interface RawProfile {
  name: string;
  values: Record<string, string>;
  /** Which files define it. */
  sources: Array<'config' | 'credentials'>;
}

export interface AwsFiles {
  configPath: string;
  credentialsPath: string;
  profiles: Map<string, RawProfile>;
  ssoSessions: Map<string, Record<string, string>>;
  /** Problems that make parts of the files unusable, as sentences for the user. */
  problems: string[];
}

/** The home folder the AWS SDK uses: HOME wins over os.homedir() (so tests can point it elsewhere). */
export function awsHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.HOME || env.USERPROFILE || (env.HOMEPATH ? `${env.HOMEDRIVE || 'C:\\'}${env.HOMEPATH}` : homedir());
}

/** Paths of the AWS config and credentials files, honouring AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE (and `~/` in them). */
export function awsFilePaths(env: NodeJS.ProcessEnv = process.env): { configPath: string; credentialsPath: string } {
  const home = awsHome(env);
  // The SDK expands a leading ~/ too, but from process.env; expanded here it follows `env`.
  const expand = (path: string) => (path.startsWith('~/') ? join(home, path.slice(2)) : path);
  return {
    configPath: expand(env.AWS_CONFIG_FILE || join(home, '.aws', 'config')),
    credentialsPath: expand(env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials')),
  };
}

// Config-file sections that are not profiles, as the SDK keys them ("sso-session.corp").
const SSO_SESSION_PREFIX = 'sso-session.';
const SERVICES_PREFIX = 'services.';

/**
 * Reads both files with the AWS SDK's own loader, so Outcrop sees exactly the profiles and values
 * the SDK will use; missing files are simply empty. Lines the SDK skips silently, and files it
 * cannot read, become `problems`.
 */
export async function loadAwsFiles(env: NodeJS.ProcessEnv = process.env): Promise<AwsFiles> {
  const { configPath, credentialsPath } = awsFilePaths(env);
  const problems: string[] = [];
  // Our own read is only for the problems: the SDK treats an unreadable file as an empty one.
  await Promise.all([lint(configPath, 'config', problems), lint(credentialsPath, 'credentials', problems)]);

  // Loaded here, not with the app (see sdk-config-files.ts). Explicit paths, so the SDK reads the
  // files `env` names rather than those of process.env; ignoreCache, because the SDK otherwise
  // keeps the first read of a path for the life of the process and edits would go unseen.
  const { loadSharedConfigFiles } = await import('./sdk-config-files');
  let parsed: { configFile: ParsedIniData; credentialsFile: ParsedIniData } = { configFile: {}, credentialsFile: {} };
  try {
    parsed = await loadSharedConfigFiles({ filepath: credentialsPath, configFilepath: configPath, ignoreCache: true });
  } catch (err) {
    problems.push(`Could not read the AWS files: ${(err as Error).message}`);
  }

  const profiles = new Map<string, RawProfile>();
  const ssoSessions = new Map<string, Record<string, string>>();
  for (const [key, values] of Object.entries(parsed.configFile)) {
    if (key.startsWith(SSO_SESSION_PREFIX)) ssoSessions.set(key.slice(SSO_SESSION_PREFIX.length), strings(values));
    else if (!key.startsWith(SERVICES_PREFIX)) merge(profiles, key, values, 'config');
  }
  // In the credentials file a section name is the profile name, with no "profile " prefix.
  for (const [key, values] of Object.entries(parsed.credentialsFile)) merge(profiles, key, values, 'credentials');
  return { configPath, credentialsPath, profiles, ssoSessions, problems };
}

async function lint(path: string, kind: AwsFileKind, problems: string[]): Promise<void> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code !== 'ENOENT') problems.push(`Could not read ${path}${e.code === 'EISDIR' ? ': it is a folder, not a file' : `: ${e.message}`}. Its profiles are not available.`);
    return;
  }
  for (const p of lintAwsFile(text, kind)) problems.push(`${path}: ${p}`);
}

function strings(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function merge(profiles: Map<string, RawProfile>, name: string, values: Record<string, string | undefined>, source: 'config' | 'credentials'): void {
  const existing = profiles.get(name);
  // Credentials-file values win, key by key (the SDK's mergeConfigFiles).
  if (existing) {
    existing.values = { ...existing.values, ...strings(values) };
    existing.sources.push(source);
  } else {
    profiles.set(name, { name, values: strings(values), sources: [source] });
  }
}
