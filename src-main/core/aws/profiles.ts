import type { ProfileKind, ProfileState, ProfileSummary } from '../../../src-shared/aws';
import { loadAwsFiles, type AwsFiles, type RawProfile } from './aws-files';
import { msUntil, readSsoToken } from './sso-cache';

// The SDK treats tokens with less than five minutes left as expired.
export const TOKEN_MARGIN_MS = 5 * 60_000;

/** A profile resolved far enough to sign in with: its kind and, for SSO, where it signs in. */
export interface ProfileDetails extends ProfileSummary {
  /** Token cache key: the sso-session name, or the start URL for a legacy profile. */
  ssoCacheKey?: string;
  ssoRegion?: string;
  ssoScopes?: string[];
}

/** Reads the AWS files and describes one profile; throws a sentence the user can act on when it cannot be used. */
export function describeProfile(files: AwsFiles, name: string): ProfileDetails {
  const raw = files.profiles.get(name);
  if (!raw) {
    const known = [...files.profiles.keys()];
    throw new Error(`AWS profile "${name}" is not defined in ${files.configPath} or ${files.credentialsPath}.${known.length ? ` Known profiles: ${known.join(', ')}.` : ' No profiles are defined yet: run `aws configure sso` or `aws configure`.'}`);
  }
  return classify(files, raw);
}

function classify(files: AwsFiles, raw: RawProfile): ProfileDetails {
  const v = raw.values;
  const base = { name: raw.name, region: v.region, sources: raw.sources };
  if (v.sso_session) {
    const session = files.ssoSessions.get(v.sso_session);
    if (!session) return { ...base, kind: 'sso', problem: `Profile "${raw.name}" uses sso-session "${v.sso_session}", which is not defined in ${files.configPath}.` };
    if (!session.sso_start_url || !session.sso_region) return { ...base, kind: 'sso', problem: `sso-session "${v.sso_session}" needs sso_start_url and sso_region.` };
    return {
      ...base, kind: 'sso', ssoSession: v.sso_session, startUrl: session.sso_start_url, ssoRegion: session.sso_region,
      accountId: v.sso_account_id, roleName: v.sso_role_name, ssoCacheKey: v.sso_session,
      ssoScopes: session.sso_registration_scopes?.split(',').map((s) => s.trim()).filter(Boolean),
      ...(v.sso_account_id && v.sso_role_name ? {} : { problem: `Profile "${raw.name}" needs sso_account_id and sso_role_name.` }),
    };
  }
  if (v.sso_start_url) {
    const missing = ['sso_region', 'sso_account_id', 'sso_role_name'].filter((k) => !v[k]);
    return {
      ...base, kind: 'sso-legacy', startUrl: v.sso_start_url, ssoRegion: v.sso_region, accountId: v.sso_account_id, roleName: v.sso_role_name, ssoCacheKey: v.sso_start_url,
      ...(missing.length ? { problem: `Profile "${raw.name}" needs ${missing.join(', ')}.` } : {}),
    };
  }
  if (v.role_arn) {
    if (v.web_identity_token_file) return { ...base, kind: 'web-identity', roleArn: v.role_arn };
    const source = v.source_profile;
    if (!source && !v.credential_source) return { ...base, kind: 'role', roleArn: v.role_arn, problem: `Profile "${raw.name}" has role_arn but neither source_profile nor credential_source.` };
    if (source && !files.profiles.has(source)) return { ...base, kind: 'role', roleArn: v.role_arn, sourceProfile: source, problem: `Profile "${raw.name}" uses source_profile "${source}", which is not defined.` };
    return { ...base, kind: 'role', roleArn: v.role_arn, sourceProfile: source };
  }
  if (v.credential_process) return { ...base, kind: 'process' };
  if (v.aws_access_key_id || v.aws_secret_access_key) {
    if (!v.aws_access_key_id || !v.aws_secret_access_key) return { ...base, kind: 'static', problem: `Profile "${raw.name}" needs both aws_access_key_id and aws_secret_access_key.` };
    return { ...base, kind: 'static' };
  }
  return { ...base, kind: 'other' satisfies ProfileKind };
}

/** The sign-in state of a profile from what is on disk (token caches, keys); no network. */
export async function profileState(files: AwsFiles, profile: ProfileDetails, env: NodeJS.ProcessEnv = process.env, seen = new Set<string>()): Promise<ProfileState> {
  if (profile.problem) return { status: 'error', message: profile.problem };
  switch (profile.kind) {
    case 'static':
      return { status: 'valid', message: 'Long-term access keys.' };
    case 'sso':
    case 'sso-legacy': {
      const token = await readSsoToken(profile.ssoCacheKey!, env);
      if (!token) return { status: 'needs-sign-in', message: `Not signed in. Sign in to ${profile.startUrl}.` };
      // The SDK (fromSso in @aws-sdk/token-providers) refreshes the token of an sso-session profile
      // with the refresh token and the client registration stored beside it; legacy profiles never
      // refresh. The registration's expiry is the latest the session can last: after it the
      // refresh fails (Identity Center may end the session earlier; the cache does not say when).
      const refreshable = profile.kind === 'sso' && Boolean(token.refreshToken && token.clientId && token.clientSecret) && msUntil(token.registrationExpiresAt) > 0;
      const session = { expiresAt: token.expiresAt, refreshable, sessionEndsAt: refreshable ? token.registrationExpiresAt! : token.expiresAt };
      if (refreshable || msUntil(token.expiresAt) > TOKEN_MARGIN_MS) return { status: 'valid', ...session };
      return { status: 'needs-sign-in', ...session, message: `The SSO session expired at ${token.expiresAt}. Sign in again.` };
    }
    case 'role': {
      if (!profile.sourceProfile) return { status: 'unknown', message: 'Credentials come from the environment (credential_source).' };
      if (seen.has(profile.name)) return { status: 'error', message: `source_profile chain loops back to "${profile.name}".` };
      seen.add(profile.name);
      const source = describeProfile(files, profile.sourceProfile);
      const state = await profileState(files, source, env, seen);
      return state.status === 'valid' ? { status: 'valid', message: `Assumes ${profile.roleArn} from profile "${source.name}".` } : { ...state, message: `Source profile "${source.name}": ${state.message ?? state.status}` };
    }
    default:
      return { status: 'unknown', message: 'Checked when first used.' };
  }
}

/** Every profile in the AWS files with its kind, region and state. */
export async function listProfiles(env: NodeJS.ProcessEnv = process.env): Promise<{ profiles: ProfileSummary[]; problems: string[] }> {
  const files = await loadAwsFiles(env);
  const profiles: ProfileSummary[] = [];
  for (const name of [...files.profiles.keys()].sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)))) {
    const details = describeProfile(files, name);
    const { ssoCacheKey: _k, ssoRegion: _r, ssoScopes: _s, ...summary } = details;
    profiles.push({ ...summary, state: await profileState(files, details, env) });
  }
  return { profiles, problems: files.problems };
}

/**
 * When the sign-in of profile `name` ends: for an SSO profile, the end of its session (the access
 * token's expiry, or for a token that refreshes itself the registration's expiry, after which it
 * cannot); undefined for credentials that renew on their own (or a profile that is not SSO).
 */
export async function sessionEndOf(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const files = await loadAwsFiles(env);
  if (!files.profiles.has(name)) return undefined;
  const details = describeProfile(files, name);
  if (details.kind !== 'sso' && details.kind !== 'sso-legacy') return undefined;
  return (await profileState(files, details, env)).sessionEndsAt;
}
