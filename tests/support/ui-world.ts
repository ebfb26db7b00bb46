import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterEach, beforeEach, vi } from 'vitest';
import { OutcropCore } from '../../src-main/core/core';
import { emulatorEnv } from './bedrock-emulator';
import { startAwsWorld, type AwsWorld } from './aws-world';

// The settings UI end to end: the real headless core (serving the built UI at /ui/) against the
// Bedrock and SSO emulators, driven by Debian's Chromium through playwright-core.

export const CHROMIUM = process.env.OUTCROP_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const UI_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/screenshots', import.meta.url));

export interface UiWorld {
  world: AwsWorld;
  core: OutcropCore;
  browser: Browser;
  page: Page;
  /** The settings URL with the admin token, as `npm run serve` prints it. */
  settingsUrl: string;
  /** Opens a screen (#/logs …) with the token. */
  open(screen: string): Promise<void>;
  /** Saves a screenshot as a test artifact under test-results/screenshots. */
  shot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts everything; the AWS environment uses static keys accepted by the Bedrock emulator. */
export async function startUiWorld(opts: { colorScheme?: 'light' | 'dark' } = {}): Promise<UiWorld> {
  if (!existsSync(join(UI_DIR, 'index.html'))) throw new Error('The settings UI is not built: run `npm run build:ui` (npm test does it first).');
  const world = await startAwsWorld();
  for (const [k, v] of Object.entries(emulatorEnv(world.bedrock.url))) vi.stubEnv(k, v);
  const { core } = await OutcropCore.start({ home: world.outcropHome, port: 0, uiDir: UI_DIR });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, colorScheme: opts.colorScheme ?? 'light' });
  const page = await context.newPage();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const ui: UiWorld = {
    world,
    core,
    browser,
    page,
    settingsUrl: core.settingsUrl,
    async open(screen) {
      // Fail on the step that is stuck, well before the test's own timeout; copy buttons need the clipboard.
      page.setDefaultTimeout(10_000);
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: core.proxy.url });
      await page.goto(`${core.proxy.url}/ui/#token=${core.adminToken}`);
      await page.evaluate((s) => (window.location.hash = `#/${s}`), screen);
    },
    async shot(name) {
      const file = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await browser.close();
      await core.close();
      await world.close();
    },
  };
  return ui;
}

/**
 * Every e2e file calls this: its UI assertions are `await expect.poll(() => locator.read()).…`,
 * which re-read the page until the matcher passes. Live events cross a real server and a browser,
 * so on a busy machine that takes more than vitest's default second of polling.
 */
export function usePatientPolls(): void {
  beforeEach(() => vi.setConfig({ expect: { poll: { timeout: 10_000, interval: 50 } } }));
  afterEach(() => vi.resetConfig());
}

/**
 * Records the writes (any method but GET) the page sends to the admin API from now on, as
 * "METHOD /path": a step that must not change anything asserts on this list once a positive
 * signal (a confirmation shown, a dialog closed) says the step is done, instead of sleeping.
 */
export function recordAdminWrites(page: Page): string[] {
  const writes: string[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'GET' && request.url().includes('/admin/api/')) writes.push(`${request.method()} ${new URL(request.url()).pathname}`);
  });
  return writes;
}

/** The Settings screen's one Save button (its sections share one form). */
export const settingsSave = (page: Page) => page.getByTestId('settings-savebar').getByRole('button', { name: 'Save', exact: true });
/** The Settings screen's one Revert button. */
export const settingsRevert = (page: Page) => page.getByTestId('settings-savebar').getByRole('button', { name: 'Revert', exact: true });
/** The line beside the one Save: Saving…, Saved., Not saved: …, Unsaved changes in …. */
export const settingsSaveStatus = (page: Page) => page.getByTestId('settings-save-status');
