import { afterEach, describe, expect, test } from 'vitest';
import { settingsSave, startUiWorld, type UiWorld, usePatientPolls } from '../support/ui-world';

// The Bedrock timeouts in Settings → Limits (issue 17): shown, checked, saved, read back.

let ui: UiWorld | undefined;
usePatientPolls();
afterEach(async () => {
  await ui?.close();
  ui = undefined;
});

describe('Bedrock timeouts in the Limits section', { timeout: 30_000 }, () => {
  test('show the defaults; an out-of-range value is refused in place; valid values are saved and shown after a reload', async () => {
    ui = await startUiWorld();
    await ui.open('settings');
    const limits = ui.page.getByTestId('section-limits');
    await limits.waitFor();
    const connect = ui.page.getByLabel('Connect (seconds)', { exact: true });
    const firstByte = ui.page.getByLabel('First byte (seconds)', { exact: true });
    const idle = ui.page.getByLabel('Stream idle (seconds)', { exact: true });
    await expect.poll(() => connect.inputValue()).toBe('10');
    await expect.poll(() => firstByte.inputValue()).toBe('600');
    await expect.poll(() => idle.inputValue()).toBe('180');

    await connect.fill('0.5');
    await settingsSave(ui!.page).click();
    await expect.poll(() => ui!.page.getByTestId('settings-connectSeconds-message').textContent()).toContain('from 1 to 300');
    expect(ui.core.settings.get().bedrockTimeouts.connectSeconds).toBe(10);

    await connect.fill('5');
    await firstByte.fill('1200');
    await idle.fill('90.5');
    await settingsSave(ui!.page).click();
    await expect.poll(() => ui!.core.settings.get().bedrockTimeouts).toEqual({ connectSeconds: 5, firstByteSeconds: 1200, streamIdleSeconds: 90.5 });
    await ui.shot('settings-timeouts');

    await ui.page.reload();
    await ui.page.getByTestId('section-limits').waitFor();
    await expect.poll(() => ui!.page.getByLabel('Stream idle (seconds)', { exact: true }).inputValue()).toBe('90.5');
    await expect.poll(() => ui!.page.getByLabel('First byte (seconds)', { exact: true }).inputValue()).toBe('1200');
  });
});
