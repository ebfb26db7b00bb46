import type { BackendInfo, DiagnosisCheck } from '../../../src-shared/admin';
import { explainNetworkError } from '../../../src-shared/network-errors';
import type { SetupFacts } from './facts';
import { fixNoAwsSetup, fixNoRegion, fixProfileFile, fixRejectedKeys, fixSignIn, fixUnknownProfile, loginCommand } from './fixes';

// The doctor's checks as pure functions of what was found; the CLI doctor, the Overview, the tray
// and the proxy's setup errors all say the same thing because they all come from here.

const from = (f: SetupFacts): string => (f.profileSource === 'default' ? '' : ` (from ${f.profileSource})`);

/** Credentials as the files and the environment say, before anything calls AWS. */
export function credentialsCheck(f: SetupFacts): DiagnosisCheck {
  const id = 'credentials' as const;
  if (f.apiKey) return { id, state: 'ok', summary: `Requests use a Bedrock API key (${f.apiKey}) instead of AWS credentials.` };
  if (f.envKeys) return { id, state: 'ok', summary: 'Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the environment.' };
  if (!f.details) {
    if (f.knownProfiles.length === 0) {
      const where = f.configExists ? `${f.configPath} defines no profiles` : `${f.configPath} does not exist`;
      return { id, state: 'fail', summary: `No AWS credentials are set up: ${where} and no keys are in the environment.`, fix: fixNoAwsSetup(f) };
    }
    return { id, state: 'fail', summary: `Profile "${f.profile}"${from(f)} is not defined in ${f.configPath}.`, fix: fixUnknownProfile(f) };
  }
  const d = f.details;
  const kind = `${d.kind}${d.accountId ? `, account ${d.accountId}` : ''}${d.roleName ? `, role ${d.roleName}` : ''}`;
  const state = f.state;
  if (state?.status === 'error') return { id, state: 'fail', summary: `Profile "${f.profile}"${from(f)} cannot be used: ${state.message}`, fix: fixProfileFile(f) };
  if (state?.status === 'needs-sign-in') {
    const what = state.expiresAt ? `The AWS SSO session for profile "${f.profile}" expired at ${state.expiresAt}.` : `AWS SSO profile "${f.profile}" needs sign-in: it is not signed in yet.`;
    return { id, state: 'fail', summary: what, fix: fixSignIn(f) };
  }
  if (state?.status === 'valid') return { id, state: 'ok', summary: `Profile "${f.profile}"${from(f)} (${kind})${state.expiresAt ? `, signed in until ${state.expiresAt}` : ''}.` };
  return { id, state: 'unknown', summary: `Profile "${f.profile}"${from(f)} (${kind}): its credentials are checked when first used.` };
}

/** The credentials check after trying to load them: a load failure turns it into a failure with its fix. */
export function loadedCredentialsCheck(f: SetupFacts, result: { ok: true; expiresAt?: string; accessKeyId?: string } | { ok: false; error: unknown }): DiagnosisCheck {
  const before = credentialsCheck(f);
  if (result.ok) {
    // Enough of the key to tell which one it is, never the key itself.
    const key = result.accessKeyId ? `: access key ${result.accessKeyId.slice(0, 4)}…${result.accessKeyId.slice(-4)}` : '';
    const until = result.expiresAt ? `, valid until ${result.expiresAt} (they renew by themselves while the sign-in lasts)` : '';
    return { id: 'credentials', state: 'ok', summary: `Credentials load${key}${until} — ${before.state === 'ok' ? before.summary : `profile "${f.profile}".`}` };
  }
  // No profile, but something else (an instance role, a container) could have answered; it did not.
  if (before.state === 'fail') return before;
  return rejectedCredentialsCheck(f, result.error);
}

/** AWS refused (or the SDK could not load) credentials the files looked fine for. */
export function rejectedCredentialsCheck(f: SetupFacts, error: unknown): DiagnosisCheck {
  const net = explainNetworkError(error, { service: 'AWS SSO', loginCommand: f.mode === 'headless' ? loginCommand(f.profile) : undefined });
  const sso = f.details?.kind === 'sso' || f.details?.kind === 'sso-legacy';
  // Keys in the environment (or an API key) are what AWS refused, expired or not: a sign-in changes nothing.
  const staticKeys = Boolean(f.apiKey || f.envKeys);
  if (!staticKeys && (net?.problem === 'sso-expired' || (sso && !net))) {
    return { id: 'credentials', state: 'fail', summary: `The AWS SSO session for profile "${f.profile}" expired or was revoked.`, fix: fixSignIn(f) };
  }
  if (net && net.problem !== 'sso-expired') return { id: 'credentials', state: 'fail', summary: net.sentence };
  const e = error as { name?: string; message?: string };
  const first = (e?.message ?? String(error)).split(/(?<=\.)\s/)[0];
  const whose = f.apiKey ? 'the Bedrock API key' : f.envKeys ? 'the keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY' : `the credentials of profile "${f.profile}"`;
  return { id: 'credentials', state: 'fail', summary: `AWS refused or could not load ${whose} (${e?.name ?? 'Error'}: ${first})`, fix: fixRejectedKeys(f) };
}

/** The region, from where the SDK will find it. */
export function regionCheck(f: SetupFacts): DiagnosisCheck {
  if (f.region) return { id: 'region', state: 'ok', summary: `Region ${f.region} (from ${f.regionSource}).` };
  return { id: 'region', state: 'fail', summary: `No AWS region is set: not in Outcrop settings, AWS_REGION or profile "${f.profile}".`, fix: fixNoRegion(f) };
}

/** Where Bedrock calls go: the emulator is said out loud (its costs are not real). */
export function backendCheck(backend: BackendInfo, reachable: { ok: true } | { ok: false; error: unknown }, region?: string): DiagnosisCheck {
  if (!reachable.ok) {
    const sentence = explainNetworkError(reachable.error, { service: 'the Bedrock endpoint' })?.sentence ?? `The Bedrock endpoint ${backend.endpoint} does not answer.`;
    return { id: 'backend', state: 'fail', summary: sentence, fix: 'start the emulator (`npm run emulator`), or remove the Bedrock endpoint setting / AWS_ENDPOINT_URL_BEDROCK_RUNTIME to use real AWS' };
  }
  if (backend.kind === 'emulator') return { id: 'backend', state: 'ok', summary: `Emulator (no AWS) at ${backend.endpoint}: nothing is billed, costs shown are simulated.` };
  return { id: 'backend', state: 'ok', summary: `Real AWS: Amazon Bedrock${region ? ` in ${region}` : ''}${backend.endpoint ? ` through ${backend.endpoint}` : ''}.` };
}

/** The port the proxy listens on. */
export function portCheck(port: { listening: true; url: string } | { listening: false; port: number; host: string; taken?: 'outcrop' | 'other'; message?: string }, mode: SetupFacts['mode']): DiagnosisCheck {
  if (port.listening) return { id: 'port', state: 'ok', summary: `Listening on ${port.url}.` };
  if (port.taken === 'outcrop') return { id: 'port', state: 'ok', summary: `Outcrop is already running on ${port.host}:${port.port}.` };
  if (port.taken === 'other') {
    return { id: 'port', state: 'warn', summary: `Port ${port.port} on ${port.host} is taken by another program.`, fix: mode === 'desktop' ? 'choose "Use port … instead" in the tray menu, or change the port in Settings' : `start with \`npm run serve -- --port ${port.port + 1}\`, or stop the other program` };
  }
  if (mode === 'headless') return { id: 'port', state: 'ok', summary: `Port ${port.port} on ${port.host} is free for \`npm run serve\`.` };
  return { id: 'port', state: 'fail', summary: port.message ?? 'The proxy is not listening.', fix: 'choose "Start proxy" in the tray menu' };
}

/** Model access, from the account's listing (skipped until credentials and region work). */
export function modelAccessCheck(
  f: SetupFacts,
  result: { skipped: true } | { ok: true; models: number; profiles: number; region: string; defaultModel: string; resolved: string; listed: boolean } | { ok: false; error: { code?: string; message: string } },
): DiagnosisCheck {
  const id = 'model-access' as const;
  if ('skipped' in result) return { id, state: 'unknown', summary: 'Checked once credentials and region work.' };
  if (!result.ok) {
    const code = result.error.code;
    if (code === 'bedrock_access_denied') return { id, state: 'fail', summary: result.error.message.split(' Make sure')[0], fix: 'give the role bedrock:ListFoundationModels and bedrock:InvokeModel* permissions, and enable model access in the Bedrock console' };
    if (code === 'aws_credentials') return { id, state: 'fail', summary: 'AWS refused the credentials when listing models.', fix: f.details?.kind?.startsWith('sso') ? fixSignIn(f) : fixRejectedKeys(f) };
    return { id, state: 'fail', summary: `Bedrock did not answer: ${result.error.message}` };
  }
  const summary = `Bedrock answers: ${result.models} models and ${result.profiles} inference profiles in ${result.region}.`;
  if (result.listed) return { id, state: 'ok', summary: `${summary} Default model "${result.defaultModel}" is ${result.resolved}.` };
  return { id, state: 'warn', summary: `${summary} Default model "${result.defaultModel}" is ${result.resolved}, which ${result.region} does not list.`, fix: 'pick another default model, or another region' };
}

/** What a setup error tells a client: each failing finding, then its fix. */
export function adviceText(checks: DiagnosisCheck[]): string | undefined {
  const failing = checks.filter((c) => c.state === 'fail');
  if (failing.length === 0) return undefined;
  const fixes = [...new Set(failing.map((c) => c.fix).filter((x): x is string => Boolean(x)))];
  return `${failing.map((c) => c.summary).join(' ')}${fixes.length ? ` To fix: ${fixes.join('; and ')}.` : ''}`;
}
