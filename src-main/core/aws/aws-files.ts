import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseIni, type IniProblem } from './ini';

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
  return env.HOME || env.USERPROFILE || homedir();
}

/** Paths of the AWS config and credentials files, honouring AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE. */
export function awsFilePaths(env: NodeJS.ProcessEnv = process.env): { configPath: string; credentialsPath: string } {
  const home = awsHome(env);
  return {
    configPath: env.AWS_CONFIG_FILE || join(home, '.aws', 'config'),
    credentialsPath: env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
  };
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Reads both files as the AWS CLI does; missing files are simply empty. */
export async function loadAwsFiles(env: NodeJS.ProcessEnv = process.env): Promise<AwsFiles> {
  const { configPath, credentialsPath } = awsFilePaths(env);
  const profiles = new Map<string, RawProfile>();
  const ssoSessions = new Map<string, Record<string, string>>();
  const problems: string[] = [];
  const report = (file: string, list: IniProblem[]) => list.forEach((p) => problems.push(`${file}: ${p.message}`));

  let configText: string | undefined;
  let credentialsText: string | undefined;
  try {
    [configText, credentialsText] = await Promise.all([readOptional(configPath), readOptional(credentialsPath)]);
  } catch (err) {
    problems.push(`Could not read the AWS files: ${(err as Error).message}`);
  }
  if (configText !== undefined) {
    const { sections, problems: p } = parseIni(configText);
    report(configPath, p);
    for (const [header, values] of sections) {
      if (header === 'default') merge(profiles, 'default', values, 'config');
      else if (header.startsWith('profile ')) merge(profiles, header.slice(8).trim(), values, 'config');
      else if (header.startsWith('sso-session ')) ssoSessions.set(header.slice(12).trim(), values);
      // Other sections ([services x], [plugins]) do not define profiles.
    }
  }
  if (credentialsText !== undefined) {
    const { sections, problems: p } = parseIni(credentialsText);
    report(credentialsPath, p);
    // In the credentials file a section name is the profile name, with no "profile " prefix.
    for (const [header, values] of sections) merge(profiles, header, values, 'credentials');
  }
  return { configPath, credentialsPath, profiles, ssoSessions, problems };
}

function merge(profiles: Map<string, RawProfile>, name: string, values: Record<string, string>, source: 'config' | 'credentials'): void {
  const existing = profiles.get(name);
  if (existing) {
    // Credentials-file values win, as in the SDK.
    existing.values = source === 'credentials' ? { ...existing.values, ...values } : { ...values, ...existing.values };
    if (!existing.sources.includes(source)) existing.sources.push(source);
  } else {
    profiles.set(name, { name, values: { ...values }, sources: [source] });
  }
}
