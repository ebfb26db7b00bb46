import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { settingsSave, settingsSaveStatus, startUiWorld, type UiWorld, usePatientPolls } from '../support/ui-world';

// The Settings screen's "Stored responses" section edits responsesStore: the two limits and the
// opt-in to keep responses on disk; the values are saved to settings.json and read back after a reload.
let ui: UiWorld | undefined;
usePatientPolls();
afterEach(async () => {
  await ui?.close();
  ui = undefined;
});

const savedStore = (u: UiWorld): unknown => {
  const file = join(u.world.outcropHome, 'settings.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { responsesStore?: unknown }).responsesStore : undefined;
};

describe('Settings: stored responses', { timeout: 30_000 }, () => {
  test('the limits and keep-on-disk save, survive a reload, and a bad value is refused in place', async () => {
    ui = await startUiWorld();
    await ui.open('settings');
    const section = ui.page.getByTestId('section-responses-store');
    await section.waitFor();
    const count = ui.page.getByLabel('Responses kept', { exact: true });
    const megabytes = ui.page.getByLabel('Megabytes kept', { exact: true });
    const onDisk = ui.page.getByLabel('Keep stored responses on disk', { exact: true });
    await expect.poll(() => count.inputValue()).toBe('200');
    await expect.poll(() => megabytes.inputValue()).toBe('64');
    await expect.poll(() => onDisk.isChecked()).toBe(false);
    await expect.poll(() => ui!.page.getByTestId('settings-keepOnDisk-message').textContent()).toContain('restart');
    const save = settingsSave(ui!.page);

    // Out of range: the form says so and nothing is saved.
    await megabytes.fill('5000');
    await save.click();
    await expect.poll(() => ui!.page.getByTestId('settings-maxMegabytes-message').textContent()).toContain('1 to 4096');
    await expect.poll(() => megabytes.getAttribute('aria-invalid')).toBe('true');
    expect(ui.core.settings.get().responsesStore.maxMegabytes).toBe(64);

    await count.fill('50');
    await megabytes.fill('16');
    await onDisk.check();
    await save.click();
    await expect.poll(() => ui!.core.settings.get().responsesStore).toEqual({ maxResponses: 50, maxMegabytes: 16, keepOnDisk: true });
    await expect.poll(() => savedStore(ui!)).toEqual({ maxResponses: 50, maxMegabytes: 16, keepOnDisk: true });
    await expect.poll(() => settingsSaveStatus(ui!.page).textContent()).toContain('Saved');
    await ui.shot('settings-responses-store');

    await ui.page.reload();
    await ui.page.getByTestId('section-responses-store').waitFor();
    await expect.poll(() => ui!.page.getByLabel('Responses kept', { exact: true }).inputValue()).toBe('50');
    await expect.poll(() => ui!.page.getByLabel('Megabytes kept', { exact: true }).inputValue()).toBe('16');
    await expect.poll(() => ui!.page.getByLabel('Keep stored responses on disk', { exact: true }).isChecked()).toBe(true);

    // And off again.
    await ui.page.getByLabel('Keep stored responses on disk', { exact: true }).uncheck();
    await settingsSave(ui!.page).click();
    await expect.poll(() => ui!.core.settings.get().responsesStore.keepOnDisk).toBe(false);
  });
});
