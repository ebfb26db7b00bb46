import { existsSync } from 'node:fs';
import type { ProfileState } from '../../../src-shared/aws';
import type { Settings } from '../../../src-shared/settings';
import { loadAwsFiles } from '../aws/aws-files';
import { envKeysInUse } from '../aws/credentials';
import { describeProfile, profileState, type ProfileDetails } from '../aws/profiles';

/** How Outcrop runs: the fix for a problem is a command headless, a click on the desktop. */
export type RunMode = 'headless' | 'desktop';

/** What the checks need to know, read from settings, the environment and the AWS files (no network). */
export interface SetupFacts {
  mode: RunMode;
  profile: string;
  profileSource: '--profile' | 'Outcrop settings' | 'AWS_PROFILE' | 'default';
  /** Requests use a Bedrock API key: from the environment or saved in Outcrop. */
  apiKey?: 'AWS_BEARER_TOKEN_BEDROCK' | 'Outcrop settings';
  /** The keys in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are what the SDK uses (envKeysInUse). */
  envKeys: boolean;
  configPath: string;
  configExists: boolean;
  knownProfiles: string[];
  fileProblems: string[];
  /** The active profile as the files describe it (undefined when it is not defined). */
  details?: ProfileDetails;
  /** Its sign-in state from the files (token caches). */
  state?: ProfileState;
  region?: string;
  regionSource?: '--region' | 'Outcrop settings' | 'AWS_REGION' | 'AWS_DEFAULT_REGION' | 'the profile';
  /** The Bedrock runtime endpoint override (setting or AWS_ENDPOINT_URL_BEDROCK_RUNTIME). */
  endpoint?: string;
}

export interface FactsInput {
  mode: RunMode;
  settings: Settings;
  env: NodeJS.ProcessEnv;
  /** Command-line overrides (--profile, --region). */
  profile?: string;
  region?: string;
  /** A Bedrock API key saved in Outcrop. */
  savedApiKey?: boolean;
}

/** Reads the facts the way the AWS SDK will resolve them (profile, region, keys), without calling AWS. */
export async function readSetupFacts(input: FactsInput): Promise<SetupFacts> {
  const { env, settings } = input;
  const files = await loadAwsFiles(env);
  const profile = input.profile ?? settings.profile ?? env.AWS_PROFILE ?? 'default';
  const profileSource = input.profile ? '--profile' : settings.profile ? 'Outcrop settings' : env.AWS_PROFILE ? 'AWS_PROFILE' : 'default';
  let details: ProfileDetails | undefined;
  let state: ProfileState | undefined;
  if (files.profiles.has(profile)) {
    details = describeProfile(files, profile);
    state = await profileState(files, details, env).catch((err: Error) => ({ status: 'error' as const, message: err.message }));
  }
  const regions: Array<[SetupFacts['regionSource'], string | undefined]> = [
    ['--region', input.region],
    ['Outcrop settings', settings.region],
    ['AWS_REGION', env.AWS_REGION],
    ['AWS_DEFAULT_REGION', env.AWS_DEFAULT_REGION],
    ['the profile', files.profiles.get(profile)?.values.region],
  ];
  const [regionSource, region] = regions.find(([, r]) => Boolean(r)) ?? [undefined, undefined];
  return {
    mode: input.mode,
    profile,
    profileSource,
    apiKey: env.AWS_BEARER_TOKEN_BEDROCK ? 'AWS_BEARER_TOKEN_BEDROCK' : input.savedApiKey ? 'Outcrop settings' : undefined,
    envKeys: envKeysInUse(env, input.profile ?? settings.profile),
    configPath: files.configPath,
    configExists: existsSync(files.configPath),
    knownProfiles: [...files.profiles.keys()],
    fileProblems: files.problems,
    details,
    state,
    region,
    regionSource,
    endpoint: settings.bedrockEndpoint ?? env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ?? env.AWS_ENDPOINT_URL,
  };
}
