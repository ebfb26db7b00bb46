// GET /admin/api/diagnosis and status.backend from the real core: the doctor's checklist that the
// Overview and the tray show, against the emulators (and through the fake backend for the route).
import { afterEach, describe, expect, test, vi } from 'vitest';
import { OutcropCore } from '../../src-main/core/core';
import type { Diagnosis } from '../../src-shared/admin';
import { emulatorEnv } from '../support/bedrock-emulator';
import { startAwsWorld, type AwsWorld } from '../support/aws-world';
import { FAKE_ADMIN_TOKEN, useFakeAdminWorld } from '../support/fake-admin-world';

let world: AwsWorld | undefined;
let core: OutcropCore | undefined;
afterEach(async () => {
  await core?.close();
  await world?.close();
  core = undefined;
  world = undefined;
});

const admin = async (c: OutcropCore, path: string) => (await fetch(`${c.proxy.url}/admin/api${path}`, { headers: { authorization: `Bearer ${c.adminToken}` } })).json();
const states = (d: Diagnosis) => Object.fromEntries(d.checks.map((c) => [c.id, c.state]));

describe('the real core', () => {
  test('on the emulator: all checks pass, the backend is "Emulator (no AWS)" in the diagnosis and the status', async () => {
    world = await startAwsWorld();
    for (const [k, v] of Object.entries(emulatorEnv(world.bedrock.url))) vi.stubEnv(k, v);
    ({ core } = await OutcropCore.start({ home: world.outcropHome, port: 0 }));
    const d: Diagnosis = await admin(core, '/diagnosis');
    expect(states(d)).toEqual({ credentials: 'ok', region: 'ok', 'model-access': 'ok', port: 'ok', backend: 'ok' });
    expect(d.backend).toEqual({ kind: 'emulator', label: 'Emulator (no AWS)', endpoint: world.bedrock.url });
    expect(d.mode).toBe('headless');
    expect((await admin(core, '/status')).backend.label).toBe('Emulator (no AWS)');
    // Loading the credentials for the check told the core: the state is known before any request.
    expect(core.credentials.state.status).toBe('valid');
  });

  test('desktop, an SSO profile not signed in: the fix is a click; model access waits for it', async () => {
    world = await startAwsWorld();
    ({ core } = await OutcropCore.start({ home: world.outcropHome, port: 0, mode: 'desktop', profile: world.files.sessionProfile }));
    const d: Diagnosis = await admin(core, '/diagnosis');
    expect(states(d)).toMatchObject({ credentials: 'fail', region: 'ok', 'model-access': 'unknown', port: 'ok' });
    expect(d.checks[0].fix).toBe('click Sign in on the Overview screen, or "Sign in to AWS…" in the tray menu');
    expect(d.backend.kind).toBe('emulator');
  });

  test('a Bedrock endpoint that does not answer: the backend check fails with one sentence and the fix', async () => {
    world = await startAwsWorld();
    ({ core } = await OutcropCore.start({ home: world.outcropHome, port: 0, region: 'us-east-1' }));
    const url = world.bedrock.url;
    await world.bedrock.close();
    const d: Diagnosis = await admin(core, '/diagnosis');
    const backend = d.checks.find((c) => c.id === 'backend')!;
    expect(backend.state).toBe('fail');
    expect(backend.summary).toBe(`The Bedrock endpoint (${url.replace('http://', '')}) refused the connection: nothing is listening there — check the endpoint setting (or start the emulator), then try again.`);
    expect(backend.fix).toContain('npm run emulator');
  });
});

describe('the route', () => {
  const w = useFakeAdminWorld();
  test('GET /admin/api/diagnosis needs the admin token and returns the backend\'s checklist', async () => {
    expect((await fetch(`${w.h.proxy.url}/admin/api/diagnosis`)).status).toBe(401);
    const res = await fetch(`${w.h.proxy.url}/admin/api/diagnosis`, { headers: { authorization: `Bearer ${FAKE_ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect((await res.json()).checks[0]).toMatchObject({ id: 'region', state: 'fail' });
    expect(w.backend.callsOf('diagnose')).toHaveLength(1);
  });
});
