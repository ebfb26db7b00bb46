import type { ReactNode } from 'react';
import type { AdminStatus, Diagnosis } from '../../../src-shared/admin';
import type { StreamState } from '../../api';
import { CopyButton } from '../../components/CopyButton';
import { InlineSignIn } from './InlineSignIn';
import { InlineCode } from '../../components/InlineCode';

/** The address to give tools, and the proxy's state at a glance: listening, credentials, region. */
export function ProxyStatusCard({ status, connection, diagnosis }: { status: AdminStatus; connection: StreamState; diagnosis?: Diagnosis }) {
  const address = `${localUrl(status.url)}/v1`;
  const listening = connection === 'open' ? ['ok', 'Listening'] : connection === 'reconnecting' ? ['bad', 'Not reachable'] : ['muted', 'Connecting…'];
  return (
    <section className="card ov-status" aria-labelledby="ov-address-title">
      <div className="ov-card-head">
        <h2 id="ov-address-title">OpenAI API address</h2>
        <span className={`pill pill-${listening[0]}`} data-testid="listening-state">
          <span className="ov-dot" aria-hidden /> {listening[1]}
        </span>
      </div>
      <div className="ov-address-row">
        <code className="ov-address" data-testid="proxy-address">
          {address}
        </code>
        <CopyButton text={address} what="address" />
      </div>
      <p className="ov-hint">Give your tools this base URL (OpenAI compatible). Any API key works on this machine unless you require one in Settings.</p>
      <div className="ov-divider" />
      <CredentialState status={status} diagnosis={diagnosis} />
      <dl className="ov-facts">
        <div>
          <dt>Profile</dt>
          <dd>{status.profile}</dd>
        </div>
        <div>
          <dt>Region</dt>
          <dd>{status.region ?? 'not set'}</dd>
        </div>
        <div>
          <dt>Credentials</dt>
          <dd>{status.usesApiKey ? 'Bedrock API key' : 'AWS profile'}</dd>
        </div>
        <div>
          <dt>Bedrock</dt>
          <dd data-testid="backend-label">{status.backend.label}</dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd>{status.version}</dd>
        </div>
      </dl>
    </section>
  );
}

function CredentialState({ status, diagnosis }: { status: AdminStatus; diagnosis?: Diagnosis }) {
  const c = status.credentials;
  const profile = <strong>{c.profile || status.profile}</strong>;
  const until = c.expiresAt ? ` until ${clock(c.expiresAt)}` : '';
  const emulator = status.backend.kind === 'emulator';
  // Until credentials have resolved (or when they failed to load) the doctor's finding is the state:
  // nothing configured is never shown as fine, nor as the SDK's "could not load from any providers".
  const setup = (c.status === 'unknown' || c.status === 'error') && !status.usesApiKey ? diagnosis?.checks.find((k) => (k.id === 'credentials' || k.id === 'region') && k.state === 'fail') : undefined;
  if (setup) {
    const signIn = setup.id === 'credentials' && /\bSSO\b/.test(setup.summary);
    return (
      <StateLine tone="bad" label={signIn ? 'Needs sign-in' : 'Not set up'} action={signIn ? <InlineSignIn profile={status.profile} /> : <a href="#/credentials">Open Credentials</a>}>
        <InlineCode text={setup.summary} /> The setup check below says how to fix it.
      </StateLine>
    );
  }
  if (emulator && (c.status === 'valid' || status.usesApiKey)) {
    return (
      <StateLine tone="ok" label="Emulator (no AWS)">
        Requests go to the Bedrock emulator at {status.backend.endpoint}, signed with {status.usesApiKey ? 'a Bedrock API key' : <>profile {profile}</>}; nothing is billed and costs are simulated.
      </StateLine>
    );
  }
  if (status.usesApiKey) {
    return (
      <StateLine tone="ok" label="Bedrock API key">
        Requests use the Bedrock API key saved in Settings{status.region ? ` (region ${status.region})` : ''}.
      </StateLine>
    );
  }
  switch (c.status) {
    case 'valid':
      return (
        <StateLine tone="ok" label="Signed in">
          Signed in as profile {profile}
          {until}.
        </StateLine>
      );
    case 'expiring':
      return (
        <StateLine tone="warn" label="Expires soon" action={<InlineSignIn profile={c.profile} />}>
          The sign-in for profile {profile} ends{c.expiresAt ? ` at ${clock(c.expiresAt)}` : ' soon'}. Sign in again to keep working.
        </StateLine>
      );
    case 'needs-sign-in':
      return (
        <StateLine tone="bad" label="Needs sign-in" action={<InlineSignIn profile={c.profile} />}>
          Profile {profile} needs sign-in. {c.message && <InlineCode text={c.message} />}
        </StateLine>
      );
    case 'error':
      return (
        <StateLine tone="bad" label="Credentials error" action={<a href="#/credentials">Open Credentials</a>}>
          {c.message ? <InlineCode text={c.message} /> : <>The credentials of profile {profile} do not work.</>}
        </StateLine>
      );
    default:
      return (
        <StateLine tone="muted" label="Not checked yet">
          Profile {profile}: credentials are checked on the first request.
        </StateLine>
      );
  }
}

function StateLine({ tone, label, children, action }: { tone: string; label: string; children: ReactNode; action?: ReactNode }) {
  return (
    <div className="ov-state" data-testid="credential-state" data-tone={tone}>
      <span className={`pill pill-${tone}`}>{label}</span>
      <p>{children}</p>
      {action && <div className="ov-state-action">{action}</div>}
    </div>
  );
}

/** The address tools on this machine use: loopback when Outcrop listens on every interface (0.0.0.0, ::). */
export function localUrl(url: string): string {
  return url.replace(/^http:\/\/(0\.0\.0\.0|\[::\]|::)(?=:\d+$)/, 'http://127.0.0.1');
}

/** "14:05" today, or "Mon 14:05" on another day. */
export function clock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return d.toDateString() === new Date().toDateString() ? time : `${d.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' })} ${time}`;
}
