import type { AdminStatus } from '../../../src-shared/admin';
import type { ProfileState } from '../../../src-shared/aws';
import { formatDateTime, formatRelative } from '../../components/format-metrics';
import { InlineCode } from '../../components/InlineCode';
import { STATE_LABELS, statePill } from './profile-labels';

/** What requests use right now: the active profile, its credential state, and whether an API key replaces it. */
export function ActiveCredentials({ status, now, listed, fromDisk }: { status: AdminStatus; now: number; listed: boolean; fromDisk?: ProfileState }) {
  // The core checks credentials when they are first used; until then, what the files on disk say.
  const cred = status.credentials.status === 'unknown' && fromDisk ? { ...status.credentials, ...fromDisk } : status.credentials;
  return (
    <div className="card cred-summary" data-testid="active-credentials">
      <dl className="cred-summary-grid">
        <div>
          <dt>Active profile</dt>
          <dd className="cred-summary-value" data-testid="active-profile">
            {status.profile}
          </dd>
        </div>
        <div>
          <dt>Credentials</dt>
          <dd>
            <span className={statePill(cred.status)} data-testid="active-state">
              {STATE_LABELS[cred.status]}
            </span>
            {cred.expiresAt && (
              <span className="cred-expiry" title={formatDateTime(cred.expiresAt)}>
                {Date.parse(cred.expiresAt) > now ? 'expires' : 'expired'} {formatRelative(cred.expiresAt, now)}
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Region</dt>
          <dd className="cred-summary-value">{status.region ?? '–'}</dd>
        </div>
        <div>
          <dt>Bedrock</dt>
          <dd data-testid="credentials-backend">{status.backend.label}</dd>
        </div>
        <div>
          <dt>Signing</dt>
          <dd data-testid="uses-api-key">{status.usesApiKey ? 'Bedrock API key' : 'AWS credentials (SigV4)'}</dd>
        </div>
      </dl>
      {cred.message && (
        <p className="cred-message">
          <InlineCode text={cred.message} />
        </p>
      )}
      {status.backend.kind === 'emulator' && (
        <p className="muted" data-testid="credentials-emulator">
          Requests go to the Bedrock emulator at <code>{status.backend.endpoint}</code>, not to AWS: nothing is billed, and the account shown is not a real one.
        </p>
      )}
      {status.usesApiKey ? (
        <p className="muted">
          Requests use a Bedrock API key, so the profile's credentials are not used for Bedrock calls. The key is managed in <a href="#/settings">Settings</a>.
        </p>
      ) : (
        !listed && (
          <p className="muted">
            "{status.profile}" is not in your AWS config files: its credentials come from the environment (<code>AWS_ACCESS_KEY_ID</code>…), a container
            or an instance role.
          </p>
        )
      )}
    </div>
  );
}
