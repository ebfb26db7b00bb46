import type { CredentialStatus, Diagnosis, DiagnosisCheck, SignInView } from '../../../src-shared/admin';
import type { ProfileKind, ProfileState } from '../../../src-shared/aws';
import type { Settings } from '../../../src-shared/settings';

// What the desktop app shows — tray icon, tray menu, notifications — is a function of this state.
// DesktopApp keeps it up to date from the core's events; everything else here only reads it.

/** The proxy as the tray sees it. */
export type ProxyState =
  | { status: 'starting' }
  | { status: 'running'; url: string }
  | { status: 'stopped' }
  | { status: 'port-in-use'; host: string; port: number; message: string; /** A free port nearby, offered as the fix. */ freePort?: number }
  | { status: 'error'; message: string };

/** An AWS profile as a menu choice. */
export interface ProfileChoice {
  name: string;
  kind: ProfileKind;
  /** Why the profile cannot be used as written. */
  problem?: string;
  /** Its sign-in state from the AWS files (known before any request). */
  state?: ProfileState;
}

export interface DesktopWarning {
  id: number;
  message: string;
}

export interface DesktopState {
  platform: NodeJS.Platform;
  proxy: ProxyState;
  /** The credentials in use, as the core last reported them. */
  credentials: CredentialStatus;
  /** Requests use a Bedrock API key, so AWS sign-in does not matter. */
  usesApiKey: boolean;
  activeProfile: string;
  profiles: ProfileChoice[];
  settings: Pick<Settings, 'defaultModel' | 'aliases' | 'caching' | 'launchAtLogin'>;
  /** The latest AWS sign-in started from the tray or the settings window. */
  signIn?: SignInView;
  /** Recent warnings from the core (settings file problems, a listener that could not move). */
  warnings: DesktopWarning[];
  /** The doctor's latest checklist (the same the Overview shows); undefined until the first one. */
  diagnosis?: Diagnosis;
}

/** Something the user can do from the tray or a notification; DesktopApp.perform carries it out. */
export type TrayAction =
  | { type: 'copy-address'; text: string }
  | { type: 'set-default-model'; model: string }
  /** Points the user alias `name` at `target`; null removes the alias. */
  | { type: 'set-alias'; name: string; target: string | null }
  | { type: 'set-caching'; on: boolean }
  | { type: 'set-profile'; profile: string }
  | { type: 'sign-in' }
  | { type: 'start-proxy' }
  | { type: 'stop-proxy' }
  | { type: 'use-port'; port: number }
  | { type: 'open-settings'; screen?: string }
  | { type: 'open-logs' }
  | { type: 'set-launch-at-login'; on: boolean }
  | { type: 'quit' };

/**
 * The credential state worth showing: the core's, or — before the first request has resolved
 * credentials — the active profile's state read from the AWS files (an expired SSO sign-in shows
 * at start, not at the first failed request).
 */
export function effectiveCredentials(state: DesktopState): CredentialStatus {
  if (state.credentials.status !== 'unknown') return state.credentials;
  const profile = state.profiles.find((p) => p.name === state.activeProfile);
  if (!profile?.state || profile.state.status === 'unknown') return state.credentials;
  return { profile: profile.name, status: profile.state.status, expiresAt: profile.state.expiresAt, message: profile.state.message };
}

/** True when requests will fail (or soon will) until the user signs in to AWS. */
export function needsSignIn(state: DesktopState): boolean {
  if (state.usesApiKey) return false;
  const status = effectiveCredentials(state).status;
  if (status === 'needs-sign-in' || status === 'expiring') return true;
  // The doctor found an SSO session to sign in to before any request did.
  const creds = state.diagnosis?.checks.find((c) => c.id === 'credentials');
  return creds?.state === 'fail' && /\bSSO\b/.test(creds.summary) && /sign in/i.test(creds.fix ?? '');
}

/**
 * The first setup problem the doctor found (credentials, region, model access, the Bedrock
 * endpoint) while the proxy runs; the port is the proxy state's business.
 */
export function setupProblem(state: DesktopState): DiagnosisCheck | undefined {
  if (state.proxy.status !== 'running') return undefined;
  return state.diagnosis?.checks.find((c) => c.state === 'fail' && c.id !== 'port');
}

/** True when Bedrock calls go to the emulator (nothing is billed). */
export function onEmulator(state: DesktopState): boolean {
  return state.diagnosis?.backend.kind === 'emulator';
}

/** True when Outcrop itself can sign the active profile in (an SSO profile, or one it does not know yet). */
export function canSignIn(state: DesktopState): boolean {
  const profile = state.profiles.find((p) => p.name === state.activeProfile);
  return !profile || profile.kind === 'sso' || profile.kind === 'sso-legacy';
}

/** The address tools use: the proxy's URL with /v1, as OpenAI-compatible clients expect. */
export function clientBaseUrl(proxyUrl: string): string {
  return `${proxyUrl.replace(/\/$/, '')}/v1`;
}
