import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { startUiWorld, usePatientPolls, type UiWorld } from '../support/ui-world';

// settings.json going bad while Outcrop runs: the Overview and the Settings screen show a banner
// (Outcrop keeps the last good settings) live, and it goes away once the file is valid again.
let ui: UiWorld | undefined;
usePatientPolls();
afterEach(async () => {
  await ui?.close();
  ui = undefined;
});

describe('Settings file banner', { timeout: 30_000 }, () => {
  test('a corrupt settings.json shows a banner on Overview and Settings; a valid file clears it', async () => {
    ui = await startUiWorld();
    const file = join(ui.world.outcropHome, 'settings.json');
    await ui.open('overview');
    await ui.page.getByRole('heading', { name: 'Overview' }).waitFor();
    const banner = ui.page.getByTestId('settings-file-problem');
    await expect.poll(() => banner.count()).toBe(0);

    writeFileSync(file, '{"version": 2, "requireApiKey": tr');
    await expect.poll(() => banner.textContent().catch(() => '')).toContain('could not be read (the JSON ends too early, as if cut off): Outcrop keeps the last good settings; fix or delete the file.');
    await expect.poll(() => banner.getAttribute('role')).toBe('alert');
    await ui.shot('settings-file-banner-overview');

    await ui.page.evaluate(() => (window.location.hash = '#/settings'));
    await ui.page.getByRole('heading', { name: 'Settings' }).waitFor();
    await expect.poll(() => banner.textContent().catch(() => '')).toContain('keeps the last good settings');
    await ui.shot('settings-file-banner-settings');

    writeFileSync(file, JSON.stringify({ version: 2, defaultModel: 'nova-pro' }));
    await expect.poll(() => banner.count()).toBe(0);
    expect(ui.core.settings.get().defaultModel).toBe('nova-pro');
  });
});
