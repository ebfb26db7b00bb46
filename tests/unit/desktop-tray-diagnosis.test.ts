import { describe, expect, test } from 'vitest';
import type { Diagnosis, DiagnosisCheck } from '../../src-shared/admin';
import { DesktopApp } from '../../src-main/core/desktop/desktop-app';
import { needsSignIn, setupProblem } from '../../src-main/core/desktop/state';
import { trayStatus } from '../../src-main/core/desktop/tray-icon';
import { statusLine, trayMenu, trayTooltip } from '../../src-main/core/desktop/tray-menu';
import { desktopState } from '../support/desktop-state';
import { FakeCore, fakeShell } from '../support/fake-desktop';
import { until } from '../support/wait';

// The tray shows the doctor's state: no green icon when nothing is configured, the way to the
// fix in the menu, and the emulator said out loud.

const check = (c: Partial<DiagnosisCheck> & Pick<DiagnosisCheck, 'id' | 'state'>): DiagnosisCheck => ({ summary: `${c.id} ${c.state}`, ...c });
const diagnosis = (checks: DiagnosisCheck[], backend: Diagnosis['backend'] = { kind: 'aws', label: 'AWS' }): Diagnosis => ({ mode: 'desktop', backend, checks, checkedAt: '2026-01-01T00:00:00Z' });
const nothingConfigured = diagnosis([
  check({ id: 'credentials', state: 'fail', summary: 'No AWS credentials are set up: ~/.aws/config does not exist and no keys are in the environment.', fix: 'run `aws configure sso` …' }),
  check({ id: 'region', state: 'fail', fix: 'choose a region on the Credentials screen' }),
  check({ id: 'model-access', state: 'unknown' }),
  check({ id: 'port', state: 'ok' }),
  check({ id: 'backend', state: 'ok' }),
]);
const emulator = diagnosis([check({ id: 'credentials', state: 'ok' }), check({ id: 'backend', state: 'ok' })], { kind: 'emulator', label: 'Emulator (no AWS)', endpoint: 'http://127.0.0.1:8798' });

describe('tray state from the diagnosis', () => {
  test('nothing configured: error icon, "setup needed" and a Fix setup item opening the Overview', () => {
    const state = desktopState({ credentials: { profile: 'default', status: 'unknown' }, activeProfile: 'default', profiles: [], diagnosis: nothingConfigured });
    expect(setupProblem(state)?.id).toBe('credentials');
    expect(trayStatus(state)).toBe('error');
    expect(statusLine(state)).toBe('Running — setup needed: no usable AWS credentials');
    expect(trayMenu(state).find((i) => i.id === 'fix-setup')).toMatchObject({ label: 'Fix setup…', action: { type: 'open-settings', screen: 'overview' } });
    // Without the diagnosis the same state would look green: that is what this guards.
    expect(trayStatus({ ...state, diagnosis: undefined })).toBe('running');
  });

  test('a region problem alone is named; a port finding is the proxy state\'s business, not this', () => {
    const state = desktopState({ diagnosis: diagnosis([check({ id: 'credentials', state: 'ok' }), check({ id: 'region', state: 'fail' })]) });
    expect(statusLine(state)).toBe('Running — setup needed: no AWS region set');
    expect(setupProblem(desktopState({ diagnosis: diagnosis([check({ id: 'port', state: 'fail' })]) }))).toBeUndefined();
    expect(setupProblem(desktopState({ proxy: { status: 'stopped' }, diagnosis: nothingConfigured }))).toBeUndefined();
  });

  test('an SSO profile the doctor found signed out: the sign-in icon and item, before any request', () => {
    const state = desktopState({ diagnosis: diagnosis([check({ id: 'credentials', state: 'fail', summary: 'AWS SSO profile "dev" needs sign-in: it is not signed in yet.', fix: 'click Sign in on the Overview screen, or "Sign in to AWS…" in the tray menu' })]) });
    expect(needsSignIn(state)).toBe(true);
    expect(trayStatus(state)).toBe('needs-sign-in');
    expect(statusLine(state)).toBe('Running — AWS sign-in needed (dev)');
    expect(trayMenu(state).find((i) => i.id === 'sign-in')).toMatchObject({ label: 'Sign in to AWS…' });
  });

  test('the emulator: "Emulator (no AWS)" where the account shows, in the menu and the tooltip', () => {
    const state = desktopState({ diagnosis: emulator });
    expect(trayStatus(state)).toBe('running');
    expect(statusLine(state)).toBe('Running — Emulator (no AWS)');
    expect(trayTooltip(state)).toBe('Outcrop — Running — Emulator (no AWS) on http://127.0.0.1:8797');
    expect(statusLine({ ...state, usesApiKey: true })).toBe('Running — Emulator (no AWS), with a Bedrock API key');
  });
});

describe('DesktopApp keeps the diagnosis fresh', () => {
  test('diagnosed after start and again on a credentials or settings change', async () => {
    const core = new FakeCore();
    core.diagnosis = nothingConfigured;
    const { shell, lastView } = fakeShell();
    const app = new DesktopApp({ shell, platform: 'linux', startCore: async () => ({ core, warnings: [] }), findFreePort: async (_h, from) => from });
    await app.start();
    expect(lastView().status).toBe('error');
    expect(lastView().tooltip).toContain('setup needed');
    core.diagnosis = emulator;
    core.setCredentials({ profile: 'dev', status: 'valid' });
    await until('the diagnosis to be taken again', () => lastView().status === 'running', { everyMs: 5 });
    expect(lastView().tooltip).toBe('Outcrop — Running — Emulator (no AWS) on http://127.0.0.1:8797');
  });
});
