// ~/.aws files for an assume-role profile (role_arn + source_profile with static keys), written into
// a test's temporary HOME, and the environment that sends the SDK's STS calls to the emulator.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../bedrock-emulator/server';

export const DEFAULT_ROLE_ARN = 'arn:aws:iam::111122223333:role/OutcropDeveloper';

export interface WriteRoleProfileOptions {
  /** The assume-role profile (default 'role-dev'). */
  profile?: string;
  /** Its source_profile, holding static keys in the credentials file (default 'role-source'). */
  sourceProfile?: string;
  roleArn?: string;
  /** role_session_name (default: none, the SDK uses `aws-sdk-js-<ms>`). */
  roleSessionName?: string;
  /** duration_seconds (default: none, the SDK asks for 3600). */
  durationSeconds?: number;
  /** The assume-role profile's `region`, which is also the STS client's region. Default: none. */
  region?: string;
  /** Static keys of the source profile (default: the Bedrock emulator's test key). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Raw ini text appended to the config file. */
  extraConfig?: string;
}

export interface RoleProfileFiles {
  home: string;
  /** `<home>/.aws/config`: point AWS_CONFIG_FILE here (the test setup points it at a missing file). */
  configPath: string;
  /** `<home>/.aws/credentials`: point AWS_SHARED_CREDENTIALS_FILE here. */
  credentialsPath: string;
  profile: string;
  sourceProfile: string;
  roleArn: string;
}

/** Writes `<home>/.aws/config` (the assume-role profile) and `<home>/.aws/credentials` (the source keys). */
export function writeRoleProfile(home: string, opts: WriteRoleProfileOptions = {}): RoleProfileFiles {
  const profile = opts.profile ?? 'role-dev';
  const sourceProfile = opts.sourceProfile ?? 'role-source';
  const roleArn = opts.roleArn ?? DEFAULT_ROLE_ARN;
  const config = [
    `[profile ${profile}]`,
    `role_arn = ${roleArn}`,
    `source_profile = ${sourceProfile}`,
    ...(opts.roleSessionName ? [`role_session_name = ${opts.roleSessionName}`] : []),
    ...(opts.durationSeconds ? [`duration_seconds = ${opts.durationSeconds}`] : []),
    ...(opts.region ? [`region = ${opts.region}`] : []),
    '',
    opts.extraConfig ?? '',
  ].join('\n');
  const credentials = [
    `[${sourceProfile}]`,
    `aws_access_key_id = ${opts.accessKeyId ?? TEST_ACCESS_KEY_ID}`,
    `aws_secret_access_key = ${opts.secretAccessKey ?? TEST_SECRET_ACCESS_KEY}`,
    '',
  ].join('\n');
  const dir = join(home, '.aws');
  mkdirSync(dir, { recursive: true });
  const configPath = join(dir, 'config');
  const credentialsPath = join(dir, 'credentials');
  writeFileSync(configPath, config, { mode: 0o600 });
  writeFileSync(credentialsPath, credentials, { mode: 0o600 });
  return { home, configPath, credentialsPath, profile, sourceProfile, roleArn };
}

/**
 * Environment sending the SDK's STS calls (the credential providers' internal STS client included)
 * to the emulator: the SDK reads `AWS_ENDPOINT_URL_STS` for serviceId "STS".
 */
export function stsEmulatorEnv(url: string): Record<string, string> {
  return { AWS_ENDPOINT_URL_STS: url };
}
