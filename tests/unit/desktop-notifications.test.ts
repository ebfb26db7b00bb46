import { describe, expect, test } from 'vitest';
import { decideNotifications, type NotificationMemory } from '../../src-main/core/desktop/notifications';
import type { DesktopState } from '../../src-main/core/desktop/state';
import { desktopState } from '../support/desktop-state';

/** Runs states through the decision one after another, as DesktopApp does; returns the titles shown at each step. */
function play(states: DesktopState[]) {
  let memory: NotificationMemory = {};
  return states.map((s) => {
    const { notifications, memory: next } = decideNotifications(s, memory);
    memory = next;
    return notifications;
  });
}

const creds = (status: 'valid' | 'expiring' | 'needs-sign-in' | 'error', extra: Partial<DesktopState> = {}, expiresAt?: string) =>
  desktopState({ credentials: { profile: 'dev', status, expiresAt, message: status === 'expiring' ? 'Credentials expire in 9 minutes.' : undefined }, ...extra });

describe('notification decisions', () => {
  test('nothing to say while all is well', () => {
    expect(play([desktopState(), desktopState()])).toEqual([[], []]);
  });

  test('credentials expiring soon: once, with a Sign in button; a new expiry time is a new warning', () => {
    const steps = play([creds('expiring', {}, '2030-01-01T10:00:00Z'), creds('expiring', {}, '2030-01-01T10:00:00Z'), creds('expiring', {}, '2030-01-01T18:00:00Z')]);
    expect(steps.map((s) => s.length)).toEqual([1, 0, 1]);
    expect(steps[0][0]).toMatchObject({ title: 'AWS sign-in ends soon', buttons: [{ label: 'Sign in', action: { type: 'sign-in' } }], clickAction: { type: 'sign-in' } });
    expect(steps[0][0].body).toContain('Credentials expire in 9 minutes. Profile dev.');
  });

  test('expired: "AWS sign-in needed" with Sign in; not repeated while it lasts; again after a sign-in and a new expiry', () => {
    const steps = play([creds('needs-sign-in'), creds('needs-sign-in'), creds('valid'), creds('needs-sign-in')]);
    expect(steps.map((s) => s.map((n) => n.title))).toEqual([['AWS sign-in needed'], [], [], ['AWS sign-in needed']]);
    expect(steps[0][0]).toMatchObject({ buttons: [{ action: { type: 'sign-in' } }], clickAction: { type: 'sign-in' } });
  });

  test('expiring then expired are two notifications', () => {
    const steps = play([creds('expiring', {}, '2030-01-01T10:00:00Z'), creds('needs-sign-in')]);
    expect(steps.map((s) => s.map((n) => n.title))).toEqual([['AWS sign-in ends soon'], ['AWS sign-in needed']]);
  });

  test('the body says how to act where there are no buttons; macOS has the buttons', () => {
    const [[linux]] = play([creds('needs-sign-in')]);
    expect(linux.body).toContain('Click to sign in.');
    const [[mac]] = play([creds('needs-sign-in', { platform: 'darwin' })]);
    expect(mac.body).not.toContain('Click');
  });

  test('a profile Outcrop cannot sign in to: no Sign in button, the body says what to do', () => {
    const [[note]] = play([desktopState({ activeProfile: 'prod', credentials: { profile: 'prod', status: 'needs-sign-in' } })]);
    expect(note.buttons).toEqual([]);
    expect(note.clickAction).toEqual({ type: 'open-settings', screen: 'credentials' });
    expect(note.body).toContain('Renew the credentials of profile "prod"');
  });

  test('with a Bedrock API key, AWS sign-in is never nagged about', () => {
    expect(play([creds('needs-sign-in', { usesApiKey: true })])).toEqual([[]]);
  });

  test('an expired SSO sign-in found in the AWS files at start notifies before any request', () => {
    const state = desktopState({ credentials: { profile: 'dev', status: 'unknown' }, profiles: [{ name: 'dev', kind: 'sso', state: { status: 'needs-sign-in' } }] });
    expect(play([state])[0].map((n) => n.title)).toEqual(['AWS sign-in needed']);
  });

  test('sign-in finished: once per sign-in; a failure offers a retry; a device code is shown while pending', () => {
    const base = { id: 's1', profile: 'dev', flow: 'device' as const, url: 'https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH', userCode: 'ABCD-EFGH' };
    const steps = play([
      desktopState({ signIn: { ...base, state: 'pending' } }),
      desktopState({ signIn: { ...base, state: 'pending' } }),
      desktopState({ signIn: { ...base, state: 'done', expiresAt: '2030-01-01T18:00:00Z' } }),
      desktopState({ signIn: { ...base, state: 'done', expiresAt: '2030-01-01T18:00:00Z' } }),
      desktopState({ signIn: { ...base, id: 's2', state: 'failed', message: 'Sign-in was denied in the browser.' } }),
      desktopState({ signIn: { ...base, id: 's3', state: 'cancelled' } }),
    ]);
    expect(steps.map((s) => s.map((n) => n.title))).toEqual([['Finish signing in to AWS'], [], ['Signed in to AWS'], [], ['AWS sign-in failed'], []]);
    expect(steps[0][0].body).toContain('ABCD-EFGH');
    expect(steps[2][0].body).toContain('Profile dev is signed in until');
    expect(steps[4][0]).toMatchObject({ body: 'Sign-in was denied in the browser.', buttons: [{ label: 'Try again', action: { type: 'sign-in' } }] });
  });

  test('port in use: the fix as a button (a free port) and a retry; the body explains', () => {
    const state = desktopState({ platform: 'darwin', proxy: { status: 'port-in-use', host: '127.0.0.1', port: 8797, freePort: 8798, message: 'taken' } });
    const [[note]] = play([state]);
    expect(note).toMatchObject({
      title: 'Port 8797 is already in use',
      buttons: [
        { label: 'Use port 8798', action: { type: 'use-port', port: 8798 } },
        { label: 'Try again', action: { type: 'start-proxy' } },
      ],
      clickAction: { type: 'use-port', port: 8798 },
    });
    expect(note.body).toContain('listens on 127.0.0.1:8797');
    expect(note.body).toContain('Switch Outcrop to port 8798');
  });

  test('port in use without a free port nearby: retry only', () => {
    const [[note]] = play([desktopState({ proxy: { status: 'port-in-use', host: '127.0.0.1', port: 8797, message: 'taken' } })]);
    expect(note.buttons).toEqual([{ label: 'Try again', action: { type: 'start-proxy' } }]);
  });

  test('port in use is not repeated by a failed retry, but is after the proxy ran or was stopped in between', () => {
    const inUse = desktopState({ proxy: { status: 'port-in-use', host: '127.0.0.1', port: 8797, freePort: 8798, message: 'taken' } });
    const starting = desktopState({ proxy: { status: 'starting' } });
    const stopped = desktopState({ proxy: { status: 'stopped' } });
    expect(play([inUse, starting, inUse, stopped, inUse]).map((s) => s.length)).toEqual([1, 0, 0, 0, 1]);
  });

  test('another proxy error: its message, with a retry', () => {
    const [[note]] = play([desktopState({ proxy: { status: 'error', message: 'Refusing to listen on 0.0.0.0: …' } })]);
    expect(note).toMatchObject({ title: 'Outcrop’s proxy could not start', body: 'Refusing to listen on 0.0.0.0: …', clickAction: { type: 'start-proxy' } });
  });

  test('warnings: each one once, in order', () => {
    const one = desktopState({ warnings: [{ id: 1, message: 'settings.json was not valid JSON' }] });
    const two = desktopState({ warnings: [{ id: 1, message: 'settings.json was not valid JSON' }, { id: 2, message: 'Could not move to port 9000' }] });
    expect(play([one, one, two]).map((s) => s.map((n) => n.body))).toEqual([['settings.json was not valid JSON'], [], ['Could not move to port 9000']]);
  });
});
