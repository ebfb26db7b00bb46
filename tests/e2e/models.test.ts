import OpenAI from 'openai';
import { afterEach, describe, expect, test } from 'vitest';
import { recordAdminWrites, startUiWorld, usePatientPolls, type UiWorld } from '../support/ui-world';

// The Models & aliases screen against the real headless core and the Bedrock emulator: an alias
// made in the UI is what a real OpenAI client request resolves through.

const HAIKU = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const SONNET = 'us.anthropic.claude-sonnet-4-6';

let ui: UiWorld | undefined;
usePatientPolls();
afterEach(async () => {
  await ui?.close();
  ui = undefined;
});

async function openModels(u: UiWorld): Promise<void> {
  u.page.setDefaultTimeout(8_000);
  await u.open('models');
  await u.page.getByRole('heading', { name: 'Models & aliases' }).waitFor();
  await u.page.getByTestId('alias-table').waitFor();
}

async function addAlias(u: UiWorld, name: string, target: string): Promise<void> {
  await u.page.getByLabel('Alias', { exact: true }).fill(name);
  const picker = u.page.getByRole('combobox', { name: 'Points to' });
  await picker.fill(target);
  await picker.press('Escape');
  await u.page.getByRole('button', { name: 'Add alias' }).click();
}

function openai(u: UiWorld): OpenAI {
  return new OpenAI({ baseURL: `${u.core.proxy.url}/v1`, apiKey: 'anything-on-loopback', maxRetries: 0 });
}

// Each test starts a whole world (emulators, core, Chromium); two suites share the 2-core machines.
describe('Models & aliases screen', { timeout: 45_000 }, () => {
  test('an alias added in the UI carries a real OpenAI chat request to the Bedrock model it names', async () => {
    ui = await startUiWorld();
    await openModels(ui);
    await ui.page.getByTestId('aliases-empty').waitFor();
    await ui.shot('models-empty');

    await addAlias(ui, 'my-coder', 'claude-haiku');
    const row = ui.page.getByTestId('alias-row-my-coder');
    await expect.poll(() => ui!.page.getByTestId('alias-target-my-coder').textContent()).toBe(HAIKU);
    await expect.poll(() => row.getByRole('rowheader').textContent()).toBe('my-coder');
    await expect.poll(() => ui!.core.settings.get().aliases).toEqual({ 'my-coder': 'claude-haiku' });
    // The form clears for the next alias.
    await expect.poll(() => ui!.page.getByLabel('Alias', { exact: true }).inputValue()).toBe('');

    ui.world.bedrock.script({ text: 'Hello from Haiku through my-coder' });
    const completion = await openai(ui).chat.completions.create({ model: 'my-coder', messages: [{ role: 'user', content: 'Hi!' }], max_tokens: 32 });
    expect(completion.choices[0].message.content).toBe('Hello from Haiku through my-coder');
    expect(completion.model).toBe('my-coder');
    expect(ui.world.bedrock.lastRequest('Converse')?.modelId).toBe(HAIKU);
  });

  test('the server refuses an unknown target: its message shows by the form and nothing is saved', async () => {
    ui = await startUiWorld();
    await openModels(ui);
    await addAlias(ui, 'broken', 'not-a-model');
    const error = ui.page.getByTestId('alias-error-new');
    await expect.poll(() => error.textContent()).toContain('"not-a-model"');
    await expect.poll(() => error.textContent()).toContain('not a model Outcrop knows');
    expect(ui.core.settings.get().aliases).toEqual({});
    await expect.poll(() => ui!.page.getByTestId('alias-row-broken').count()).toBe(0);
    // What was typed stays, to be fixed.
    await expect.poll(() => ui!.page.getByRole('combobox', { name: 'Points to' }).inputValue()).toBe('not-a-model');
    await ui.shot('models-invalid');
  });

  test('inline validation: names without spaces, not "default", not taken; a target is required', async () => {
    ui = await startUiWorld();
    await ui.core.settings.update({ aliases: { fast: 'claude-haiku' } });
    await openModels(ui);
    const name = ui.page.getByLabel('Alias', { exact: true });
    const nameMsg = ui.page.locator('#new-alias-name-msg');
    await name.fill('my coder');
    await expect.poll(() => nameMsg.textContent()).toContain('No spaces');
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    await name.fill('default');
    await expect.poll(() => nameMsg.textContent()).toContain('reserved');
    await name.fill('fast');
    await expect.poll(() => nameMsg.textContent()).toContain('already an alias');
    await name.fill('claude-haiku');
    await expect.poll(() => nameMsg.textContent()).toContain('Overrides the built-in alias');
    await name.fill('quick');
    await ui.page.getByRole('button', { name: 'Add alias' }).click();
    await expect.poll(() => ui!.page.locator('#new-alias-target-msg').textContent()).toContain('Choose a model');
    expect(ui.core.settings.get().aliases).toEqual({ fast: 'claude-haiku' });
  });

  test('Test sends a one-line prompt through the proxy and shows the reply and latency in the row', async () => {
    ui = await startUiWorld();
    // With client keys required, Test authenticates with the first key, as a configured tool would.
    const key = { id: 'k1', name: 'laptop', key: 'outcrop-test-key-0123456789', createdAt: new Date().toISOString() };
    await ui.core.settings.update({ aliases: { 'my-coder': 'claude-haiku' }, requireApiKey: true, apiKeys: [key] });
    await openModels(ui);
    ui.world.bedrock.script({ text: 'Hello there, nice to meet!', latencyMs: 120 });
    await ui.page.getByRole('button', { name: 'Test my-coder' }).click();
    const result = ui.page.getByTestId('alias-test-my-coder');
    await expect.poll(() => result.textContent()).toContain('Hello there, nice to meet!');
    const latency = ui.page.getByTestId('alias-latency-my-coder');
    await expect.poll(async () => Number((await latency.textContent())!.replace(/[^0-9]/g, ''))).toBeGreaterThanOrEqual(120);
    const sent = ui.world.bedrock.lastRequest('Converse')!;
    expect(sent.modelId).toBe(HAIKU);
    expect(JSON.stringify(sent.body.messages)).toContain('Say hello in five words.');
    await ui.page.getByTestId('builtin-aliases').getByRole('cell', { name: /claude-sonnet, claude-sonnet-4\.6/ }).waitFor();
    await ui.shot('models');
  });

  test('edit retargets an alias, the default model is saved, delete asks first', async () => {
    ui = await startUiWorld();
    await ui.core.settings.update({ aliases: { 'my-coder': 'claude-haiku', fast: 'nova-micro' } });
    await openModels(ui);
    await ui.page.getByRole('button', { name: 'Edit my-coder' }).click();
    const target = ui.page.getByRole('combobox', { name: 'Model for my-coder' });
    await target.fill('claude-son');
    // The list filters as one types; arrow down + Enter picks.
    await ui.page.getByRole('listbox', { name: 'Models' }).getByRole('option', { name: /^claude-sonnet Claude Sonnet 4\.6/ }).first().waitFor();
    await ui.shot('models-picker');
    await target.press('ArrowDown');
    await target.press('Enter');
    await expect.poll(() => target.inputValue()).toBe('claude-sonnet');
    await target.press('Enter');
    await expect.poll(() => ui!.page.getByTestId('alias-target-my-coder').textContent()).toBe(SONNET);
    await expect.poll(() => ui!.core.settings.get().aliases['my-coder']).toBe('claude-sonnet');
    // Focus is back on the row's Edit button for the next keystroke.
    await expect.poll(() => ui!.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Edit my-coder');

    // The default model saves as soon as it is chosen (the same control as on the Overview).
    const select = ui.page.getByLabel('Default model');
    await select.selectOption('fast');
    await expect.poll(() => ui!.core.settings.get().defaultModel).toBe('fast');
    await expect.poll(() => ui!.page.getByTestId('default-model-msg').textContent()).toContain('Saved');

    // Delete asks first: the confirmation shows, and nothing was written to the server meanwhile.
    const writes = recordAdminWrites(ui.page);
    await ui.page.getByRole('button', { name: 'Delete fast' }).click();
    const confirm = ui.page.getByRole('button', { name: 'Confirm deleting fast' });
    await confirm.waitFor();
    expect(writes).toEqual([]);
    expect(ui.core.settings.get().aliases.fast).toBe('nova-micro');
    await confirm.click();
    await ui.page.getByTestId('alias-row-fast').waitFor({ state: 'detached' });
    await expect.poll(() => ui!.core.settings.get().aliases).toEqual({ 'my-coder': 'claude-sonnet' });
  });

  test("marks what the account's Bedrock listing offers: badges and profiles, the filter, the pickers, an alias", async () => {
    ui = await startUiWorld();
    // The emulator's us-east-1 listing has Claude Sonnet 4.6 (through us. and global. profiles) and
    // gpt-oss-120b on demand, but not Claude Opus 4 or gpt-oss-20b.
    await ui.core.settings.update({ aliases: { 'old-opus': 'claude-opus-4' } });
    await openModels(ui);
    const table = ui.page.getByTestId('builtin-aliases');
    const sonnet = table.getByTestId('builtin-claude-sonnet');
    await expect.poll(() => sonnet.getByTestId('access-badge').textContent()).toBe('Available');
    await expect.poll(() => sonnet.textContent()).toContain('us. profile');
    await expect.poll(() => table.getByTestId('builtin-gpt-oss-120b').textContent()).not.toContain('profile');
    // Only what the account can use, by default; the rest on request, marked.
    const only = table.getByLabel('Only models this account can use');
    await expect.poll(() => only.isChecked()).toBe(true);
    await expect.poll(() => table.getByTestId('builtin-claude-opus-4').count()).toBe(0);
    await expect.poll(() => table.getByTestId('builtin-hidden').textContent()).toMatch(/^\d+ not offered in us-east-1 hidden$/);
    await expect.poll(() => ui!.page.getByTestId('builtin-summary').textContent()).toMatch(/offered to this account in us-east-1/);
    await ui.shot('models-access');
    await only.uncheck();
    await expect.poll(() => table.getByTestId('builtin-claude-opus-4').getByTestId('access-badge').textContent()).toBe('Not offered');
    await expect.poll(() => table.getByTestId('builtin-gpt-oss-20b').getAttribute('data-access')).toBe('not-listed');

    // The user's alias to a model the account lacks says so in its row.
    await expect.poll(() => ui!.page.getByTestId('alias-row-old-opus').getByTestId('access-badge').textContent()).toBe('Not offered');

    // The default model picker marks those models, and warns when the default is one of them.
    const select = ui.page.getByLabel('Default model', { exact: true });
    await expect.poll(() => select.locator('option[value="claude-opus-4"]').textContent()).toContain('not offered in us-east-1');
    await expect.poll(() => select.locator('option[value="claude-sonnet"]').textContent()).not.toContain('not offered');
    await ui.core.settings.update({ defaultModel: 'claude-opus-4' });
    await expect.poll(() => ui!.page.getByTestId('default-model-unavailable').textContent()).toContain('us.anthropic.claude-opus-4-20250514-v1:0');
    await select.selectOption('claude-sonnet');
    await ui.page.getByTestId('default-model-unavailable').waitFor({ state: 'detached' });

    // The alias picker marks them too.
    const picker = ui.page.getByRole('combobox', { name: 'Points to' });
    await picker.fill('gpt-oss');
    const list = ui.page.getByRole('listbox', { name: 'Models' });
    await expect.poll(() => list.getByRole('option', { name: /^gpt-oss-20b/ }).textContent()).toContain('not offered in us-east-1');
    await expect.poll(() => list.getByRole('option', { name: /^gpt-oss-120b/ }).first().textContent()).not.toContain('not offered');
    await ui.shot('models-access-picker');
    await picker.press('Escape');
    await ui.page.setViewportSize({ width: 800, height: 820 });
    await ui.shot('models-access-800');
  });

  test('dark mode', async () => {
    ui = await startUiWorld({ colorScheme: 'dark' });
    await ui.core.settings.update({ aliases: { 'my-coder': 'claude-haiku', 'gpt-4o': 'claude-sonnet' } });
    await openModels(ui);
    ui.world.bedrock.script({ text: 'Hi! Happy to help today.' });
    await ui.page.getByRole('button', { name: 'Test gpt-4o' }).click();
    await expect.poll(() => ui!.page.getByTestId('alias-test-gpt-4o').textContent()).toContain('Happy to help');
    await ui.page.getByTestId('builtin-claude-sonnet').getByTestId('access-badge').waitFor();
    await ui.shot('models-dark');
    await ui.page.getByTestId('builtin-aliases').getByLabel('Only models this account can use').uncheck();
    await ui.page.setViewportSize({ width: 800, height: 820 });
    await ui.shot('models-dark-800');
  });
});
