import { expect, test } from 'vitest';
import type { Diagnosis } from '../../src-shared/admin';
import { CoreRefresher } from '../../src-main/core/desktop/core-refresh';
import type { DesktopCore } from '../../src-main/core/desktop/shell';
import type { DesktopState } from '../../src-main/core/desktop/state';

// The tray's checklist comes from the doctor, asked again after every change: answers can come
// back out of order, and the older one must not replace the newer.

const diagnosis = (summary: string): Diagnosis => ({ checks: [{ id: 'credentials', state: 'ok', summary }] }) as unknown as Diagnosis;

test('a late checklist never replaces a newer one', async () => {
  const pending: Array<(d: Diagnosis) => void> = [];
  const core = { admin: { diagnose: () => new Promise<Diagnosis>((resolve) => pending.push(resolve)) } } as unknown as DesktopCore;
  const shown: Array<Partial<DesktopState>> = [];
  const refresher = new CoreRefresher({ core: () => core, isQuitting: () => false, update: (change) => shown.push(change) });

  const first = refresher.diagnosis();
  const second = refresher.diagnosis();
  pending[1](diagnosis('newer'));
  await second;
  pending[0](diagnosis('older'));
  await first;
  expect(shown.map((c) => c.diagnosis?.checks[0].summary)).toEqual(['newer']);
});

test('nothing is shown once the app is quitting, and a failed check keeps the last view', async () => {
  let quitting = false;
  let fail = false;
  const core = { admin: { diagnose: async () => (fail ? Promise.reject(new Error('offline')) : diagnosis('ok')) } } as unknown as DesktopCore;
  const shown: Array<Partial<DesktopState>> = [];
  const refresher = new CoreRefresher({ core: () => core, isQuitting: () => quitting, update: (change) => shown.push(change) });
  await refresher.diagnosis();
  fail = true;
  await refresher.diagnosis();
  quitting = true;
  fail = false;
  await refresher.diagnosis();
  expect(shown).toHaveLength(1);
});
