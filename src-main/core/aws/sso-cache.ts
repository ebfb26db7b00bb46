import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { awsHome } from './aws-files';

/** The AWS CLI's SSO token cache file, shared with the AWS CLI and the SDK both ways. */
export interface SsoTokenFile {
  startUrl: string;
  region: string;
  accessToken: string;
  /** RFC 3339. */
  expiresAt: string;
  clientId?: string;
  clientSecret?: string;
  registrationExpiresAt?: string;
  refreshToken?: string;
}

/**
 * Where the token for an SSO profile is cached: sha1 of the sso-session name, or of the start URL
 * for a legacy profile, under ~/.aws/sso/cache.
 */
export function ssoTokenPath(key: string, env: NodeJS.ProcessEnv = process.env): string {
  const hash = createHash('sha1').update(key).digest('hex');
  return join(awsHome(env), '.aws', 'sso', 'cache', `${hash}.json`);
}

/** Reads a cached token; undefined when there is none or it cannot be read. */
export async function readSsoToken(key: string, env: NodeJS.ProcessEnv = process.env): Promise<SsoTokenFile | undefined> {
  try {
    const parsed = JSON.parse(await readFile(ssoTokenPath(key, env), 'utf8')) as SsoTokenFile;
    return typeof parsed.accessToken === 'string' && typeof parsed.expiresAt === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a token the way the AWS CLI does: atomically, readable by the user only (0600). */
export async function writeSsoToken(key: string, token: SsoTokenFile, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const path = ssoTokenPath(key, env);
  const dir = join(path, '..');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(token, null, 2), { mode: 0o600 });
  await rename(temp, path);
  await chmod(path, 0o600);
  return path;
}

/** Milliseconds until an RFC 3339 time (negative when past; -Infinity when unreadable). */
export function msUntil(time: string | undefined, now = Date.now()): number {
  const t = time ? Date.parse(time) : NaN;
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t - now;
}
