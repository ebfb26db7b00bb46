import { useState } from 'react';
import { useNow } from '../components/use-now';
import { useOutcrop } from '../context';
import { ActiveCredentials } from './credentials/ActiveCredentials';
import { ProfileTable } from './credentials/ProfileTable';
import { RegionField } from './credentials/RegionField';
import { SignInPanel } from './credentials/SignInPanel';
import { useProfiles } from './credentials/use-profiles';
import { useSignIn } from './credentials/use-sign-in';
import './credentials/credentials.css';

/** AWS profiles and sign-in: which profile requests use, its state, SSO sign-in, and the region. */
export function CredentialsScreen() {
  const { status, saveSettings } = useOutcrop();
  const now = useNow(30_000);
  const profiles = useProfiles();
  const signIn = useSignIn(() => void profiles.reload());
  const [deviceCode, setDeviceCode] = useState(false);
  const [choosing, setChoosing] = useState<string>();
  const [chooseError, setChooseError] = useState<string>();

  const choose = async (name: string): Promise<void> => {
    if (choosing) return;
    setChoosing(name);
    setChooseError(undefined);
    try {
      await saveSettings({ profile: name });
      await profiles.reload();
    } catch (err) {
      setChooseError(`Could not switch to profile "${name}": ${(err as Error).message}`);
    } finally {
      setChoosing(undefined);
    }
  };

  const active = profiles.active ?? status?.profile;
  const activeSummary = profiles.profiles?.find((p) => p.name === status?.profile);
  const listed = Boolean(active && profiles.profiles?.some((p) => p.name === active));
  const busy = signIn.starting !== undefined || signIn.view?.state === 'pending';

  return (
    <section aria-labelledby="credentials-title" className="cred">
      <h1 id="credentials-title">Credentials</h1>
      {status && <ActiveCredentials status={status} now={now} listed={listed || profiles.loading} fromDisk={activeSummary?.state} />}
      {signIn.view && (
        <SignInPanel
          view={signIn.view}
          onCancel={signIn.cancel}
          onDismiss={signIn.dismiss}
          onRetry={() => void signIn.start(signIn.view!.profile, signIn.view!.flow === 'device')}
        />
      )}
      <div className="card">
        <div className="cred-profiles-head">
          <h2>AWS profiles</h2>
          <label className="check cred-device">
            <input type="checkbox" checked={deviceCode} onChange={(e) => setDeviceCode(e.target.checked)} aria-describedby="cred-device-hint" />
            Sign in with a device code
          </label>
        </div>
        <p id="cred-device-hint" className="muted cred-hint">
          Choose the profile requests use. SSO profiles sign in through your browser; use a device code when this browser is not on the machine
          running Outcrop (legacy SSO profiles always use one).
        </p>
        {chooseError && (
          <div className="banner banner-bad" role="alert">
            {chooseError}
          </div>
        )}
        {profiles.problems.length > 0 && (
          <div className="banner banner-warn" role="alert">
            <strong>Problems in your AWS config files:</strong>
            <ul>
              {profiles.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        )}
        {profiles.error && (
          <div className="banner banner-bad" role="alert">
            Could not read the AWS profiles: {profiles.error}{' '}
            <button type="button" onClick={() => void profiles.reload()}>
              Try again
            </button>
          </div>
        )}
        {profiles.loading && (
          <p className="skeleton" role="status">
            Reading AWS profiles…
          </p>
        )}
        {profiles.profiles && profiles.profiles.length === 0 && (
          <p className="empty" data-testid="profiles-empty">
            No AWS profiles yet. Run <code>aws configure sso</code> (or <code>aws configure</code>) and they show up here.
          </p>
        )}
        {profiles.profiles && profiles.profiles.length > 0 && (
          <ProfileTable
            profiles={profiles.profiles}
            active={active}
            choosing={choosing}
            now={now}
            signInBusy={busy}
            startError={signIn.startError}
            onChoose={(name) => void choose(name)}
            onSignIn={(name) => void signIn.start(name, deviceCode)}
          />
        )}
      </div>
      <div className="card">
        <h2>Region</h2>
        <RegionField />
      </div>
    </section>
  );
}
