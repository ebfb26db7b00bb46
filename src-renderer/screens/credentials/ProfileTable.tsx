import { Fragment } from 'react';
import type { ProfileSummary } from '../../../src-shared/aws';
import { formatDateTime, formatRelative } from '../../components/format-metrics';
import { InlineCode } from '../../components/InlineCode';
import { canSignIn, KIND_LABELS, stateLabel, statePill } from './profile-labels';
import { TableHead } from '../../components/TableHead';

interface Props {
  profiles: ProfileSummary[];
  /** The profile requests use now. */
  active?: string;
  /** A profile being made active (saving); radios stay enabled so keyboard focus is not lost. */
  choosing?: string;
  now: number;
  /** Sign-in buttons are off while one runs. */
  signInBusy: boolean;
  startError?: { profile: string; message: string };
  onChoose(name: string): void;
  onSignIn(name: string): void;
}

/** The AWS profiles: choose the active one (radio), see each one's state, sign in to SSO ones. */
export function ProfileTable({ profiles, active, choosing, now, signInBusy, startError, onChoose, onSignIn }: Props) {
  return (
    <table className="cred-profiles" aria-label="AWS profiles">
      <TableHead columns={['Profile', 'Kind', 'Region', 'State']} actions="Actions" />
      <tbody>
        {profiles.map((p) => {
          const id = `cred-profile-${p.name}`;
          const checked = (choosing ?? active) === p.name;
          const status = p.state?.status;
          // An SSO profile's sign-in ends with its session (later than the token when it refreshes itself).
          const sessionEnd = p.state?.sessionEndsAt;
          const expires = sessionEnd ?? p.state?.expiresAt;
          const future = expires !== undefined && Date.parse(expires) > now;
          return (
            <Fragment key={p.name}>
              <tr className={checked ? 'cred-active' : undefined} data-testid="profile-row" data-profile={p.name}>
                <td>
                  <div className="cred-name">
                    <input
                      type="radio"
                      name="active-profile"
                      id={id}
                      checked={checked}
                      onChange={() => onChoose(p.name)}
                      aria-describedby={`${id}-state`}
                    />
                    <label htmlFor={id}>{p.name}</label>
                    {active === p.name && <span className="cred-badge">active</span>}
                  </div>
                </td>
                <td>{KIND_LABELS[p.kind]}</td>
                <td>{p.region ?? <span className="muted">–</span>}</td>
                <td id={`${id}-state`}>
                  <span className={statePill(status)} data-testid="profile-state">
                    {stateLabel(p.kind, status)}
                  </span>
                  {expires && (
                    <span className="cred-expiry" title={formatDateTime(expires)} data-testid="profile-session">
                      {sessionEnd ? (future ? 'session ends' : 'session ended') : future ? 'expires' : 'expired'}{' '}
                      <time dateTime={expires}>{formatRelative(expires, now)}</time>
                      {p.state?.refreshable && future && ' · refreshes automatically'}
                    </span>
                  )}
                </td>
                <td className="cred-actions">
                  {canSignIn(p.kind) && !p.problem && (
                    <button
                      type="button"
                      className={status === 'needs-sign-in' || status === 'expiring' ? 'primary' : undefined}
                      onClick={() => onSignIn(p.name)}
                      disabled={signInBusy}
                      aria-label={`Sign in to ${p.name}`}
                    >
                      {status === 'valid' ? 'Sign in again' : 'Sign in'}
                    </button>
                  )}
                </td>
              </tr>
              {(p.problem || (p.state?.message && status !== 'valid') || startError?.profile === p.name) && (
                <tr className="cred-detail">
                  <td colSpan={5}>
                    {p.problem && (
                      <span className="cred-problem">
                        <InlineCode text={p.problem} />
                      </span>
                    )}
                    {!p.problem && p.state?.message && status !== 'valid' && (
                      <span className="muted">
                        <InlineCode text={p.state.message} />
                      </span>
                    )}
                    {startError?.profile === p.name && (
                      <span className="cred-problem" role="alert">
                        {' '}
                        Could not start signing in: <InlineCode text={startError.message} />
                      </span>
                    )}
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
