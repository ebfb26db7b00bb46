import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterEach, describe, expect, test } from 'vitest';
import { OutcropCore } from '../../src-main/core/core';
import { CHROMIUM, CHROMIUM_ARGS, SCREENSHOT_DIR, startUiWorld, UI_DIR, usePatientPolls, type UiWorld } from '../support/ui-world';

// The Overview's setup checklist (the doctor's checks) and the emulator said out loud, in the
// real settings UI against the real headless core.

let ui: UiWorld | undefined;
let cleanup: (() => Promise<void>) | undefined;
usePatientPolls();
afterEach(async () => {
  await ui?.close();
  await cleanup?.();
  ui = undefined;
  cleanup = undefined;
});

describe('Overview setup checklist', { timeout: 45_000 }, () => {
  test('on the emulator: every check passes, "Emulator (no AWS)" where the account shows, costs labelled simulated', async () => {
    ui = await startUiWorld();
    await ui.open('overview');
    const page = ui.page;
    for (const id of ['credentials', 'region', 'model-access', 'port', 'backend']) {
      await expect.poll(() => page.getByTestId(`check-${id}`).getAttribute('data-state'), { timeout: 15_000 }).toBe('ok');
    }
    await expect.poll(() => page.getByTestId('check-backend').textContent()).toContain(`Emulator (no AWS) at ${ui.world.bedrock.url}`);
    await expect.poll(() => page.getByTestId('check-model-access').textContent()).toMatch(/Bedrock answers: \d+ models/);
    await expect.poll(() => page.getByTestId('backend-label').textContent()).toBe('Emulator (no AWS)');
    await expect.poll(() => page.getByTestId('sidebar-state').textContent()).toContain('Emulator (no AWS)');
    // The credentials resolved during the check: the state names the emulator, not "signed in".
    await expect.poll(() => page.getByTestId('credential-state').textContent()).toContain('Emulator (no AWS)');
    await expect.poll(() => page.getByTestId('credential-state').textContent()).not.toContain('Signed in as');
    await expect.poll(() => page.locator('.ov-today').textContent()).toContain('Cost (simulated)');
    await ui.shot('overview-checklist-emulator');

    await ui.page.evaluate(() => (window.location.hash = '#/credentials'));
    await expect.poll(() => page.getByTestId('credentials-backend').textContent()).toBe('Emulator (no AWS)');
    await ui.page.evaluate(() => (window.location.hash = '#/usage'));
    await expect.poll(() => page.locator('.usage').textContent()).toContain('Costs are simulated');
    await ui.page.evaluate(() => (window.location.hash = '#/logs'));
    await expect.poll(() => page.locator('table').first().textContent()).toContain('Cost (simulated)');
  });

  test('nothing configured: no green state; credentials and region fail, each with its fix', async () => {
    // setup-env leaves no AWS_* variables and points the AWS files at paths that do not exist.
    const home = mkdtempSync(join(tmpdir(), 'outcrop-e2e-empty-'));
    const { core } = await OutcropCore.start({ home, port: 0, uiDir: UI_DIR });
    const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    cleanup = async () => {
      await browser.close();
      await core.close();
    };
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${core.proxy.url}/ui/#token=${core.adminToken}`);
    await page.evaluate(() => (window.location.hash = '#/overview'));

    await expect.poll(() => page.getByTestId('check-credentials').getAttribute('data-state'), { timeout: 15_000 }).toBe('fail');
    await expect.poll(() => page.getByTestId('check-credentials').textContent()).toContain('No AWS credentials are set up');
    await expect.poll(() => page.getByTestId('fix-credentials').textContent()).toContain('aws configure sso');
    await expect.poll(() => page.getByTestId('check-region').getAttribute('data-state')).toBe('fail');
    await expect.poll(() => page.getByTestId('fix-region').textContent()).toContain('--region us-east-1');
    await expect.poll(() => page.getByTestId('check-model-access').getAttribute('data-state')).toBe('unknown');
    await expect.poll(() => page.getByTestId('setup-checklist').getAttribute('data-failing')).toBe('2');
    // The state at the top is not green, and offers no sign-in for a profile that does not exist.
    await expect.poll(() => page.getByTestId('credential-state').getAttribute('data-tone')).toBe('bad');
    await expect.poll(() => page.getByTestId('credential-state').textContent()).toContain('Not set up');
    await expect.poll(() => page.getByTestId('credential-state').getByRole('button', { name: 'Sign in' }).count()).toBe(0);
    await expect.poll(() => page.getByTestId('backend-label').textContent()).toBe('AWS');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'overview-checklist-nothing-configured.png'), fullPage: true });
  });
});
