import type { SetupFacts } from './facts';

// The one action that fixes each setup problem, for the way Outcrop runs: a command for the
// headless user (who has no tray), a click for the desktop user. Sentences end without a period
// so callers can embed them.

/** The headless sign-in command for a profile. */
export function loginCommand(profile: string): string {
  return `npm run outcrop -- login --profile ${profile}`;
}

/** No profile and no keys at all: set up AWS access first. */
export function fixNoAwsSetup(f: SetupFacts): string {
  return f.mode === 'desktop'
    ? 'run `aws configure sso` (IAM Identity Center) or `aws configure` (access keys) in a terminal, then pick the profile in the tray menu (AWS profile) — or save a Bedrock API key in Settings'
    : 'run `aws configure sso` (IAM Identity Center) or `aws configure` (access keys), then restart Outcrop with `--profile <name>` — or set AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key';
}

/** The active profile is not defined, but others are. */
export function fixUnknownProfile(f: SetupFacts): string {
  const known = f.knownProfiles.join(', ');
  return f.mode === 'desktop'
    ? `pick one of ${known} in the tray menu (AWS profile) or on the Credentials screen`
    : `restart with \`--profile ${f.knownProfiles[0]}\` (defined: ${known})`;
}

/** An SSO profile needs (another) sign-in. */
export function fixSignIn(f: SetupFacts): string {
  return f.mode === 'desktop' ? `click Sign in on the Overview screen, or "Sign in to AWS…" in the tray menu` : `run \`${loginCommand(f.profile)}\``;
}

/** The profile is written wrongly. */
export function fixProfileFile(f: SetupFacts): string {
  return `correct profile "${f.profile}" in ${f.configPath}`;
}

/** No region anywhere. */
export function fixNoRegion(f: SetupFacts): string {
  return f.mode === 'desktop'
    ? 'choose a region on the Credentials screen'
    : 'restart with `--region us-east-1` (or set AWS_REGION, or add `region = us-east-1` to the profile)';
}

/** AWS refused credentials that are not from an SSO sign-in. */
export function fixRejectedKeys(f: SetupFacts): string {
  if (f.apiKey === 'AWS_BEARER_TOKEN_BEDROCK') return 'set AWS_BEARER_TOKEN_BEDROCK to a valid Bedrock API key and restart Outcrop';
  if (f.apiKey) return 'save a valid Bedrock API key in Settings (or remove it to use the AWS profile)';
  if (f.envKeys) return 'renew AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) in the environment and restart Outcrop';
  return `renew the keys of profile "${f.profile}" with \`aws configure --profile ${f.profile}\``;
}
