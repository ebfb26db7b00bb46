import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterEach, describe, expect, test } from 'vitest';
import { recordAdminWrites, SCREENSHOT_DIR, settingsRevert, settingsSave, settingsSaveStatus, startUiWorld, type UiWorld, usePatientPolls } from '../support/ui-world';

let ui: UiWorld | undefined;
usePatientPolls();
afterEach(async () => {
  await ui?.close();
  ui = undefined;
});

async function openSettings(u: UiWorld): Promise<void> {
  await u.open('settings');
  await u.page.getByTestId('section-address').waitFor();
}

const section = (u: UiWorld, id: string) => u.page.getByTestId(`section-${id}`);
const savedFile = (u: UiWorld): Record<string, unknown> => {
  const file = join(u.world.outcropHome, 'settings.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
};
const chat = (u: UiWorld, apiKey: string) =>
  new OpenAI({ baseURL: `${u.core.proxy.url}/v1`, apiKey, maxRetries: 0, timeout: 10_000 }).chat.completions.create({ model: 'claude-sonnet', messages: [{ role: 'user', content: 'hi' }] });

describe('Settings screen', { timeout: 30_000 }, () => {
  test('an edit typed while a save is in flight is kept (not replaced by the saved value), and can be saved next', async () => {
    ui = await startUiWorld();
    await openSettings(ui);
    // Hold the first settings PATCH back so that the user can type while it is in flight.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let patches = 0;
    await ui.page.route('**/admin/api/settings', async (route) => {
      if (route.request().method() === 'PATCH' && ++patches === 1) await held;
      await route.continue();
    });
    const days = ui.page.getByLabel('Keep request logs for (days)', { exact: true });
    const save = settingsSave(ui!.page);
    await days.fill('21');
    await save.click();
    await expect.poll(() => patches).toBe(1);
    await days.fill('45');
    release();
    await expect.poll(() => ui!.core.settings.get().logRetentionDays).toBe(21);
    await expect.poll(() => days.inputValue()).toBe('45');
    await expect.poll(() => save.isEnabled()).toBe(true);
    await save.click();
    await expect.poll(() => ui!.core.settings.get().logRetentionDays).toBe(45);
  });

  test('shows every section with labelled fields; a bad port shows the server’s error in place and saves nothing', async () => {
    ui = await startUiWorld();
    await openSettings(ui);
    for (const id of ['address', 'api-keys', 'limits', 'bedrock', 'general']) await section(ui, id).waitFor();
    for (const label of ['Port', 'Host', 'Require an API key from clients', 'Requests in flight per client', 'Allowed hosts', 'Allowed origins', 'Bedrock runtime endpoint', 'Bedrock API key', 'Keep request logs for (days)', 'Keep request and response bodies', 'Launch Outcrop at login']) {
      await expect.poll(() => ui!.page.getByLabel(label, { exact: true }).count(), { message: label }).toBe(1);
    }
    await ui.page.getByTestId('api-keys-empty').waitFor();
    await ui.shot('settings');

    const port = ui.page.getByLabel('Port', { exact: true });
    const save = settingsSave(ui!.page);
    await expect.poll(() => save.isDisabled()).toBe(true);

    // Not a number at all: the form says so without asking the server.
    await port.fill('80a');
    await save.click();
    await expect.poll(() => ui!.page.getByTestId('settings-port-message').textContent()).toContain('whole number');
    await expect.poll(() => port.getAttribute('aria-invalid')).toBe('true');

    // Out of range: the server's schema rejects it, and its message sits under the field.
    await port.fill('70000');
    await expect.poll(() => port.getAttribute('aria-invalid')).toBeNull();
    await save.click();
    await expect.poll(() => ui!.page.getByTestId('settings-port-message').textContent()).toMatch(/Invalid value for 'port'.*65535/);
    await expect.poll(() => port.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => port.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect.poll(() => settingsSaveStatus(ui!.page).textContent()).toContain('Not saved');
    await section(ui, 'address').screenshot({ path: join(SCREENSHOT_DIR, 'settings-port-error.png') });
    expect(ui.core.settings.get().port).toBe(8797);
    expect(savedFile(ui).port).toBeUndefined();

    // Revert puts the saved value back.
    await settingsRevert(ui!.page).click();
    await expect.poll(() => port.inputValue()).toBe('8797');

    // Other fields: a retention out of range is the server's error too; a good one saves.
    const days = ui.page.getByLabel('Keep request logs for (days)');
    await days.fill('400');
    await settingsSave(ui!.page).click();
    await expect.poll(() => ui!.page.getByTestId('settings-logRetentionDays-message').textContent()).toContain("'logRetentionDays'");
    await days.fill('7');
    await ui.page.getByLabel('Keep request and response bodies').check();
    await settingsSave(ui!.page).click();
    await expect.poll(() => ui!.core.settings.get().logRetentionDays).toBe(7);
    expect(ui.core.settings.get().keepBodies).toBe(true);
    await expect.poll(() => settingsSaveStatus(ui!.page).textContent()).toContain('Saved');
  });

  test('require API key + a key created here: the key gets through, no key gets a 401; delete asks first', async () => {
    ui = await startUiWorld();
    await openSettings(ui);
    const keys = section(ui, 'api-keys');
    const status = ui.page.getByTestId('api-keys-status');

    await ui.page.getByLabel('Require an API key from clients').check();
    await expect.poll(() => ui!.core.settings.get().requireApiKey).toBe(true);
    await expect.poll(() => status.textContent()).toContain('every request is refused');

    // A name is needed; then the key is generated in the page and saved at once.
    await keys.getByRole('button', { name: 'Create key' }).click();
    await expect.poll(() => ui!.page.getByTestId('settings-apiKeyName-message').textContent()).toContain('Give the key a name');
    await ui.page.getByLabel('New key’s name').fill('e2e laptop');
    await keys.getByRole('button', { name: 'Create key' }).click();
    await expect.poll(() => ui!.core.settings.get().apiKeys.length).toBe(1);
    const stored = ui.core.settings.get().apiKeys[0];
    expect(stored.name).toBe('e2e laptop');
    expect(stored.key).toMatch(/^oc-[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(stored.createdAt)).toBeGreaterThan(Date.now() - 60_000);

    // Fresh keys are shown; hiding masks them; copy copies the real one.
    const row = keys.getByTestId('api-key-row');
    const value = row.getByTestId('api-key-value');
    await expect.poll(() => value.textContent()).toBe(stored.key);
    await ui.shot('settings-api-keys');
    await row.getByRole('button', { name: 'Hide key e2e laptop' }).click();
    await expect.poll(() => value.textContent()).not.toContain(stored.key.slice(3, 20));
    await expect.poll(() => value.textContent()).toMatch(/^oc-•+/);
    await row.getByRole('button', { name: 'Copy key e2e laptop' }).click();
    await expect.poll(() => ui!.page.evaluate(() => navigator.clipboard.readText())).toBe(stored.key);

    // A real client with the key gets through; without it, a 401.
    ui.world.bedrock.script({ text: 'hello, key holder' });
    const reply = await chat(ui, stored.key);
    expect(reply.choices[0].message.content).toBe('hello, key holder');
    await expect(chat(ui, 'outcrop')).rejects.toMatchObject({ status: 401 });

    // The Overview's snippets now carry the key, masked until asked.
    await ui.page.getByRole('link', { name: 'Overview' }).click();
    await ui.page.getByRole('tab', { name: 'Python' }).click();
    const code = ui.page.getByTestId('snippet-code');
    await expect.poll(() => code.textContent()).toMatch(new RegExp(`api_key="oc-•+${stored.key.slice(-4)}"`));
    await expect.poll(() => code.textContent()).not.toContain(stored.key);
    await ui.page.getByLabel('Show API key').check();
    await expect.poll(() => code.textContent()).toContain(`api_key="${stored.key}"`);
    await ui.page.getByRole('link', { name: 'Settings' }).click();

    // Delete asks first; Escape backs out; confirming removes it.
    const writes = recordAdminWrites(ui.page);
    await row.getByRole('button', { name: 'Delete key e2e laptop' }).click();
    const confirm = row.getByRole('button', { name: 'Delete key', exact: true });
    await expect.poll(() => confirm.evaluate((el) => el === document.activeElement)).toBe(true);
    await ui.page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    await row.getByRole('button', { name: 'Delete key e2e laptop' }).waitFor();
    // Neither asking nor backing out wrote anything.
    expect(writes).toEqual([]);
    expect(ui.core.settings.get().apiKeys).toHaveLength(1);
    await row.getByRole('button', { name: 'Delete key e2e laptop' }).click();
    await confirm.click();
    await expect.poll(() => ui!.core.settings.get().apiKeys.length).toBe(0);
    await keys.getByTestId('api-keys-empty').waitFor();
  });

  test('a Bedrock API key saved here is used with bearer auth, and removing it goes back to SigV4', async () => {
    ui = await startUiWorld();
    await openSettings(ui);
    const bedrock = section(ui, 'bedrock');
    const pill = ui.page.getByTestId('bedrock-auth');
    await expect.poll(() => pill.textContent()).toContain('Using AWS profile');
    await expect.poll(() => bedrock.getByRole('button', { name: 'Remove key' }).isDisabled()).toBe(true);

    const field = ui.page.getByLabel('Bedrock API key', { exact: true });
    await expect.poll(() => field.getAttribute('type')).toBe('password');
    await field.fill('emulator-bedrock-api-key');
    await bedrock.getByRole('button', { name: 'Save key' }).click();
    await expect.poll(() => pill.textContent()).toContain('Using a Bedrock API key');
    await expect.poll(() => field.inputValue()).toBe('');
    await expect.poll(() => ui!.page.getByTestId('bedrock-key-status').textContent()).toContain('Saved');
    // Write-only: the key is not in the page or the settings file.
    await expect.poll(() => ui!.page.content()).not.toContain('emulator-bedrock-api-key');
    expect(JSON.stringify(savedFile(ui))).not.toContain('emulator-bedrock-api-key');

    ui.world.bedrock.script({ text: 'bearer ok' });
    expect((await chat(ui, 'outcrop')).choices[0].message.content).toBe('bearer ok');
    expect(ui.world.bedrock.lastRequest('Converse')!.auth).toBe('bearer');

    await bedrock.getByRole('button', { name: 'Remove key' }).click();
    await expect.poll(() => pill.textContent()).toContain('Using AWS profile');
    ui.world.bedrock.script({ text: 'sigv4 ok' });
    expect((await chat(ui, 'outcrop')).choices[0].message.content).toBe('sigv4 ok');
    expect(ui.world.bedrock.lastRequest('Converse')!.auth).toBe('sigv4');

    // The endpoint override is checked here first, then saved (and unset when emptied).
    const endpoint = ui.page.getByLabel('Bedrock runtime endpoint');
    await endpoint.fill('not a url');
    await settingsSave(ui!.page).click();
    await expect.poll(() => ui!.page.getByTestId('settings-bedrockEndpoint-message').textContent()).toContain('full URL');
    await endpoint.fill(ui.world.bedrock.url);
    await settingsSave(ui!.page).click();
    await expect.poll(() => ui!.core.settings.get().bedrockEndpoint).toBe(ui.world.bedrock.url);
    await endpoint.fill('');
    await settingsSave(ui!.page).click();
    await expect.poll(() => ui!.core.settings.get().bedrockEndpoint).toBeUndefined();
  });

  test('a non-loopback host warns inline; without keys the server refuses it and the page shows why at the field', async () => {
    ui = await startUiWorld();
    await openSettings(ui);
    const before = ui.core.proxy.url;
    await ui.page.getByLabel('Host', { exact: true }).fill('0.0.0.0');
    await expect.poll(() => ui!.page.getByTestId('settings-host-warning').textContent()).toContain('Require API key');
    await settingsSave(ui!.page).click();
    await expect.poll(() => ui!.page.getByTestId('settings-host-message').textContent(), { timeout: 10_000 }).toContain('require API key');
    expect(ui.core.settings.get().host).toBe('127.0.0.1');
    expect(ui.core.proxy.url).toBe(before);
  });

  test('limits and allowed sources: lists split on commas and lines, origins are checked', async () => {
    ui = await startUiWorld();
    await openSettings(ui);
    await ui.page.getByLabel('Requests in flight per client').fill('4');
    await ui.page.getByLabel('Allowed hosts').fill('a.example.com, b.example.com\nc.example.com');
    await ui.page.getByLabel('Allowed origins').fill('https://app.example.com/path');
    await settingsSave(ui!.page).click();
    await expect.poll(() => ui!.page.getByTestId('settings-allowedOrigins-message').textContent()).toContain('not an origin');
    await ui.page.getByLabel('Allowed origins').fill('https://app.example.com');
    await settingsSave(ui!.page).click();
    await expect.poll(() => ui!.core.settings.get().allowedHosts).toEqual(['a.example.com', 'b.example.com', 'c.example.com']);
    expect(ui.core.settings.get().allowedOrigins).toEqual(['https://app.example.com']);
    expect(ui.core.settings.get().maxConcurrentPerClient).toBe(4);
    await expect.poll(() => ui!.page.getByLabel('Allowed hosts').inputValue()).toBe('a.example.com\nb.example.com\nc.example.com');

    // Keyboard only: Tab from the last field reaches Save, Enter submits.
    await ui.page.getByLabel('Requests in flight per client').fill('5');
    await ui.page.getByLabel('Requests in flight per client').press('Enter');
    await expect.poll(() => ui!.core.settings.get().maxConcurrentPerClient).toBe(5);
  });

  test('the diagnostic log: its path to copy, its level applied live, "Show in folder" only where a file manager can open', async () => {
    ui = await startUiWorld();
    await openSettings(ui);
    const core = ui.core;
    const path = ui.page.getByTestId('diagnostic-log-path');
    await expect.poll(() => path.textContent()).toBe(core.appLog.file);
    expect(core.appLog.file).toBe(join(ui.world.outcropHome, 'logs', 'outcrop-serve.log'));
    // Headless (a browser): no file manager to open, the path is there to copy.
    await expect.poll(() => ui!.page.getByRole('button', { name: 'Show in folder' }).count()).toBe(0);
    await expect.poll(() => ui!.page.getByRole('button', { name: 'Copy log file path' }).count()).toBe(1);

    await ui.page.getByLabel('Diagnostic log', { exact: true }).selectOption('debug');
    await settingsSave(ui!.page).click();
    await expect.poll(() => core.appLog.level).toBe('debug');
    expect(savedFile(ui).logLevel).toBe('debug');

    // The desktop app gives the core a way to show a file: the button appears and uses it.
    const shown: string[] = [];
    core.setFileRevealer((file) => shown.push(file));
    await ui.page.reload();
    await ui.page.getByRole('button', { name: 'Show in folder' }).click();
    await expect.poll(() => shown).toEqual([core.appLog.file]);
  });

  test('one Save sends one PATCH with every section’s changes; leaving with unsaved edits asks first', async () => {
    ui = await startUiWorld();
    await openSettings(ui);
    const page = ui.page;
    const writes = recordAdminWrites(page);
    await page.getByLabel('Keep request logs for (days)', { exact: true }).fill('21');
    await page.getByLabel('Requests in flight per client', { exact: true }).fill('6');
    await page.getByLabel('Responses kept', { exact: true }).fill('50');
    await expect.poll(() => settingsSaveStatus(page).textContent()).toBe('Unsaved changes in Limits and allowed sources, Stored responses and Logs and startup.');

    // The sidebar asks first; "Keep editing" stays with the edits.
    const nav = page.getByRole('navigation', { name: 'Sections' });
    const guard = page.getByRole('dialog', { name: 'Leave without saving?' });
    await nav.getByRole('link', { name: 'Logs' }).click();
    await guard.waitFor();
    await ui.shot('settings-leave-guard');
    await guard.getByRole('button', { name: 'Keep editing' }).click();
    await guard.waitFor({ state: 'hidden' });
    expect(page.url()).toContain('#/settings');
    await expect.poll(() => page.getByLabel('Responses kept', { exact: true }).inputValue()).toBe('50');

    await settingsSave(page).click();
    await expect.poll(() => settingsSaveStatus(page).textContent()).toContain('Saved');
    const saved = ui.core.settings.get();
    expect([saved.logRetentionDays, saved.maxConcurrentPerClient, saved.responsesStore.maxResponses]).toEqual([21, 6, 50]);
    expect(writes).toEqual(['PATCH /admin/api/settings']);

    // Saved: leaving asks nothing. Back, an edit, and the back button asks; "Discard changes" leaves and drops it.
    await nav.getByRole('link', { name: 'Logs' }).click();
    await expect.poll(() => page.url()).toContain('#/logs');
    await nav.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Keep request logs for (days)', { exact: true }).fill('30');
    await page.goBack();
    await guard.waitFor();
    expect(page.url()).toContain('#/settings');
    await guard.getByRole('button', { name: 'Discard changes' }).click();
    await expect.poll(() => page.url()).toContain('#/logs');
    await page.getByRole('heading', { name: 'Logs', level: 1 }).waitFor();
    expect(ui.core.settings.get().logRetentionDays).toBe(21);
    expect(writes).toEqual(['PATCH /admin/api/settings']);

    // Closing the page with an unsaved edit: the browser's own prompt.
    await nav.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Keep request logs for (days)', { exact: true }).fill('31');
    const dialog = new Promise<string>((resolve) => page.once('dialog', (d) => (resolve(d.type()), void d.dismiss())));
    await page.close({ runBeforeUnload: true });
    expect(await dialog).toBe('beforeunload');
  });

  test('dark mode', async () => {
    ui = await startUiWorld({ colorScheme: 'dark' });
    await openSettings(ui);
    await ui.page.getByTestId('api-keys-empty').waitFor();
    await ui.shot('settings-dark');
  });
});
