import type { ReactNode } from 'react';
import { LeaveGuardProvider } from './components/LeaveGuard';
import { useOutcrop } from './context';
import { SCREENS, useScreen, type ScreenId } from './routes';
import { CachingScreen } from './screens/Caching';
import { CredentialsScreen } from './screens/Credentials';
import { LogsScreen } from './screens/Logs';
import { ModelsScreen } from './screens/Models';
import { OverviewScreen } from './screens/Overview';
import { SettingsScreen } from './screens/Settings';
import { UsageScreen } from './screens/Usage';

const VIEWS: Record<ScreenId, () => ReactNode> = {
  overview: () => <OverviewScreen />,
  models: () => <ModelsScreen />,
  caching: () => <CachingScreen />,
  credentials: () => <CredentialsScreen />,
  logs: () => <LogsScreen />,
  usage: () => <UsageScreen />,
  settings: () => <SettingsScreen />,
};

/** The settings window: navigation, connection banner, and the current screen. */
export function App({ hasToken }: { hasToken: boolean }) {
  const { connection, status } = useOutcrop();
  const [screen, go] = useScreen();
  if (!hasToken || connection === 'unauthorized') return <TokenRequired />;
  const state = status?.credentials.status;
  return (
    <LeaveGuardProvider>
      <div className="app">
        <nav className="sidebar" aria-label="Sections">
          <div className="brand">
            <span className="logo" aria-hidden>▲</span> Outcrop
          </div>
          <ul>
            {SCREENS.map((s) => (
              <li key={s.id}>
                <a href={`#/${s.id}`} aria-current={screen === s.id ? 'page' : undefined} onClick={(e) => (e.preventDefault(), go(s.id))}>
                  {s.label}
                </a>
              </li>
            ))}
          </ul>
          {status && (
            <div className={`pill pill-${state === 'valid' ? 'ok' : state === 'expiring' ? 'warn' : state === 'unknown' ? 'muted' : 'bad'}`} data-testid="sidebar-state">
              {status.profile}: {labelFor(state)}
              {status.backend.kind === 'emulator' && ' · Emulator (no AWS)'}
            </div>
          )}
        </nav>
        <main className="content">
          {(connection === 'reconnecting') && (
            <div className="banner banner-bad" role="alert" data-testid="connection-banner">
              Lost the connection to Outcrop at {status?.url ?? 'this address'} — reconnecting…
            </div>
          )}
          {VIEWS[screen]()}
        </main>
      </div>
    </LeaveGuardProvider>
  );
}

function labelFor(state: string | undefined): string {
  switch (state) {
    case 'valid':
      return 'signed in';
    case 'expiring':
      return 'expires soon';
    case 'needs-sign-in':
      return 'needs sign-in';
    case 'error':
      return 'credentials error';
    default:
      return 'not checked yet';
  }
}

/** Shown without a valid admin token: how to get one. */
function TokenRequired() {
  return (
    <div className="token-required" data-testid="token-required">
      <h1>Open Outcrop's settings from its own link</h1>
      <p>
        This page needs Outcrop's admin token. Open settings from the Outcrop tray, or open the <code>Settings:</code> link
        that <code>npm run serve</code> prints — it carries the token.
      </p>
      <p className="muted">The token is also stored in Outcrop's home folder, in the file <code>admin-token</code>.</p>
    </div>
  );
}
