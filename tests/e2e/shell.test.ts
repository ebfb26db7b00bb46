import { afterEach, describe, expect, test } from 'vitest';
import { startUiWorld, usePatientPolls, type UiWorld } from '../support/ui-world';

let ui: UiWorld | undefined;
usePatientPolls();
afterEach(async () => {
  await ui?.close();
  ui = undefined;
});

describe('settings window shell', () => {
  test('opens from the printed link, keeps the token out of the address bar, and navigates by keyboard', async () => {
    ui = await startUiWorld();
    await ui.page.goto(ui.settingsUrl);
    await ui.page.getByRole('navigation', { name: 'Sections' }).waitFor();
    await expect.poll(() => ui!.page.url()).not.toContain('token=');
    const links = ui.page.getByRole('navigation', { name: 'Sections' }).getByRole('link');
    await expect.poll(() => links.allTextContents()).toEqual(['Overview', 'Models & aliases', 'Caching', 'Credentials', 'Logs', 'Usage', 'Settings']);
    await links.nth(4).focus();
    await ui.page.keyboard.press('Enter');
    await expect.poll(() => ui!.page.url()).toContain('#/logs');
    await expect.poll(() => links.nth(4).getAttribute('aria-current')).toBe('page');
  });

  test('a wrong admin token shows how to open settings properly', async () => {
    ui = await startUiWorld();
    await ui.page.goto(`${ui.core.proxy.url}/ui/#token=not-the-token`);
    await ui.page.getByTestId('token-required').waitFor();
    await expect.poll(() => ui!.page.getByTestId('token-required').textContent()).toContain('npm run serve');
    await ui.shot('token-required');
  });

  test('the proxy going away shows the banner; it recovers when the proxy is back', async () => {
    ui = await startUiWorld();
    await ui.open('overview');
    await ui.page.getByRole('navigation', { name: 'Sections' }).waitFor();
    const port = ui.core.proxy.port;
    await ui.core.close();
    await ui.page.getByTestId('connection-banner').waitFor({ timeout: 10_000 });
    await ui.shot('connection-lost');
    // Outcrop comes back on the same address with the same home (as after restarting the app).
    const { OutcropCore } = await import('../../src-main/core/core');
    const { UI_DIR } = await import('../support/ui-world');
    ({ core: ui.core } = await OutcropCore.start({ home: ui.world.outcropHome, port, uiDir: UI_DIR }));
    await ui.page.getByTestId('connection-banner').waitFor({ state: 'detached', timeout: 15_000 });
  });
});
