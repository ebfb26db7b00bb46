import OpenAI from 'openai';
import { afterEach, describe, expect, test } from 'vitest';
import { recordAdminWrites, startUiWorld, usePatientPolls, type UiWorld } from '../support/ui-world';

// The Models & aliases screen against the real headless core and the Bedrock emulator: an alias
// made in the UI is what a real OpenAI client request resolves through.

const HAIKU = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const SONNET = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

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
    await ui.page.getByText('Built-in aliases', { exact: true }).click();
    await ui.page.getByTestId('builtin-aliases').getByRole('cell', { name: /claude-sonnet, claude-sonnet-4\.5/ }).waitFor();
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
    await ui.page.getByRole('listbox', { name: 'Models' }).getByRole('option', { name: /^claude-sonnet Claude Sonnet 4\.5/ }).first().waitFor();
    await ui.shot('models-picker');
    await target.press('ArrowDown');
    await target.press('Enter');
    await expect.poll(() => target.inputValue()).toBe('claude-sonnet');
    await target.press('Enter');
    await expect.poll(() => ui!.page.getByTestId('alias-target-my-coder').textContent()).toBe(SONNET);
    await expect.poll(() => ui!.core.settings.get().aliases['my-coder']).toBe('claude-sonnet');
    // Focus is back on the row's Edit button for the next keystroke.
    await expect.poll(() => ui!.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Edit my-coder');

    const select = ui.page.getByLabel('Default model');
    await select.selectOption('fast');
    await ui.page.getByRole('button', { name: 'Save', exact: true }).click();
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

  test('dark mode', async () => {
    ui = await startUiWorld({ colorScheme: 'dark' });
    await ui.core.settings.update({ aliases: { 'my-coder': 'claude-haiku', 'gpt-4o': 'claude-sonnet' } });
    await openModels(ui);
    ui.world.bedrock.script({ text: 'Hi! Happy to help today.' });
    await ui.page.getByRole('button', { name: 'Test gpt-4o' }).click();
    await expect.poll(() => ui!.page.getByTestId('alias-test-gpt-4o').textContent()).toContain('Happy to help');
    await ui.shot('models-dark');
  });
});
