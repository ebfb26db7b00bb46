// Files the AWS CLI and SDKs read for SSO: ~/.aws/config profiles and the ~/.aws/sso/cache token
// files, written into a test's temporary HOME.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SSO_SCOPES } from './store';

export const DEFAULT_START_URL = 'https://d-1234567890.awsapps.com/start';
export const DEFAULT_SSO_REGION = 'us-east-1';

export interface WriteSsoConfigOptions {
  startUrl?: string;
  /** sso_region (default us-east-1). */
  ssoRegion?: string;
  /** The profiles' `region` (default us-west-2). */
  region?: string;
  /**
   * [sso-session NAME] (default 'outcrop-emulator'). The SDK throttles refreshes per session name for
   * 30 s within a process, so tests that refresh should each use their own name.
   */
  sessionName?: string;
  /** Profile using `sso_session` (default 'sso-dev'). */
  sessionProfile?: string;
  /** Legacy profile with sso_start_url/sso_region on the profile (default 'sso-legacy'). */
  legacyProfile?: string;
  accountId?: string;
  roleName?: string;
  /** sso_registration_scopes of the session (default ['sso:account:access']). */
  registrationScopes?: string[];
  /** Raw ini text appended to the file. */
  extra?: string;
}

export interface SsoConfigFiles {
  home: string;
  /** `<home>/.aws/config`: point AWS_CONFIG_FILE here (the test setup points it at a missing file). */
  configPath: string;
  startUrl: string;
  ssoRegion: string;
  sessionName: string;
  sessionProfile: string;
  legacyProfile: string;
  /** Token cache file the SDK reads for the sso-session profile (sha1 of the session name). */
  sessionCachePath: string;
  /** Token cache file the SDK reads for the legacy profile (sha1 of the start URL). */
  legacyCachePath: string;
}

/** Path of the token cache file for an sso-session name or a legacy start URL: `~/.aws/sso/cache/<sha1 hex>.json`. */
export function ssoCacheFilePath(home: string, sessionNameOrStartUrl: string): string {
  const name = createHash('sha1').update(sessionNameOrStartUrl).digest('hex');
  return join(home, '.aws', 'sso', 'cache', `${name}.json`);
}

/** Writes `<home>/.aws/config` with an sso-session profile and a legacy SSO profile. */
export function writeSsoConfig(home: string, opts: WriteSsoConfigOptions = {}): SsoConfigFiles {
  const startUrl = opts.startUrl ?? DEFAULT_START_URL;
  const ssoRegion = opts.ssoRegion ?? DEFAULT_SSO_REGION;
  const region = opts.region ?? 'us-west-2';
  const sessionName = opts.sessionName ?? 'outcrop-emulator';
  const sessionProfile = opts.sessionProfile ?? 'sso-dev';
  const legacyProfile = opts.legacyProfile ?? 'sso-legacy';
  const accountId = opts.accountId ?? '111122223333';
  const roleName = opts.roleName ?? 'Developer';
  const scopes = (opts.registrationScopes ?? DEFAULT_SSO_SCOPES).join(',');
  const ini = [
    `[profile ${sessionProfile}]`,
    `sso_session = ${sessionName}`,
    `sso_account_id = ${accountId}`,
    `sso_role_name = ${roleName}`,
    `region = ${region}`,
    '',
    `[sso-session ${sessionName}]`,
    `sso_start_url = ${startUrl}`,
    `sso_region = ${ssoRegion}`,
    `sso_registration_scopes = ${scopes}`,
    '',
    `[profile ${legacyProfile}]`,
    `sso_start_url = ${startUrl}`,
    `sso_region = ${ssoRegion}`,
    `sso_account_id = ${accountId}`,
    `sso_role_name = ${roleName}`,
    `region = ${region}`,
    '',
    opts.extra ?? '',
  ].join('\n');
  const configPath = join(home, '.aws', 'config');
  mkdirSync(join(home, '.aws'), { recursive: true });
  writeFileSync(configPath, ini, { mode: 0o600 });
  return {
    home,
    configPath,
    startUrl,
    ssoRegion,
    sessionName,
    sessionProfile,
    legacyProfile,
    sessionCachePath: ssoCacheFilePath(home, sessionName),
    legacyCachePath: ssoCacheFilePath(home, startUrl),
  };
}

/** The fields of an AWS CLI v2 SSO token cache file. */
export interface SsoTokenCacheEntry {
  startUrl: string;
  region: string;
  accessToken: string;
  /** RFC 3339 string or a Date. */
  expiresAt: string | Date;
  clientId?: string;
  clientSecret?: string;
  registrationExpiresAt?: string | Date;
  refreshToken?: string;
}

/** RFC 3339 in UTC without fractional seconds, as the AWS CLI writes cache times; strings pass through. */
export function rfc3339(value: string | Date | number): string {
  return typeof value === 'string' ? value : new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Writes `<home>/.aws/sso/cache/<sha1(key)>.json` (mode 0600), key = the sso-session name or, for a
 * legacy profile, the start URL. Returns the path.
 */
export function writeSsoTokenCache(home: string, key: string, entry: SsoTokenCacheEntry): string {
  const path = ssoCacheFilePath(home, key);
  mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
  const file: Record<string, string> = {
    startUrl: entry.startUrl,
    region: entry.region,
    accessToken: entry.accessToken,
    expiresAt: rfc3339(entry.expiresAt),
  };
  if (entry.clientId !== undefined) file.clientId = entry.clientId;
  if (entry.clientSecret !== undefined) file.clientSecret = entry.clientSecret;
  if (entry.registrationExpiresAt !== undefined) file.registrationExpiresAt = rfc3339(entry.registrationExpiresAt);
  if (entry.refreshToken !== undefined) file.refreshToken = entry.refreshToken;
  writeFileSync(path, JSON.stringify(file, null, 2), { mode: 0o600 });
  return path;
}

/** Environment pointing the SDK's SSO and SSO-OIDC clients (including the credential providers' own) at the emulator. */
export function ssoEmulatorEnv(url: string): Record<string, string> {
  return { AWS_ENDPOINT_URL_SSO: url, AWS_ENDPOINT_URL_SSO_OIDC: url };
}

/** Constructor options for a real SSOClient/SSOOIDCClient talking to the emulator (both are unsigned). */
export function ssoClientConfig(url: string, region = DEFAULT_SSO_REGION) {
  return { endpoint: url, region };
}
