import OpenAI from 'openai';
import { afterEach, describe, expect, test } from 'vitest';
import { startUiWorld, usePatientPolls, type UiWorld } from '../support/ui-world';

// The Caching screen against the real headless core and the Bedrock emulator: a default flipped
// in the UI decides whether the next Converse request carries cache points, and the hit rate comes
// from the request log.

const CACHE_POINT = { cachePoint: { type: 'default' } };
// Past the ~1,024-token threshold under which Outcrop places no cache point.
const LONG_SYSTEM = 'You are a careful senior engineer. Follow the repository conventions. '.repeat(90);

let ui: UiWorld | undefined;
usePatientPolls();
afterEach(async () => {
  await ui?.close();
  ui = undefined;
});

async function openCaching(u: UiWorld): Promise<void> {
  u.page.setDefaultTimeout(8_000);
  await u.open('caching');
  await u.page.getByRole('heading', { name: 'Caching', exact: true }).waitFor();
  await u.page.getByTestId('override-table').waitFor();
}

/** A chat request with a long system prompt, as a coding tool sends it; returns the Converse body Bedrock got. */
async function chat(u: UiWorld, model = 'claude-haiku'): Promise<any> {
  const client = new OpenAI({ baseURL: `${u.core.proxy.url}/v1`, apiKey: 'anything-on-loopback', maxRetries: 0 });
  expect(LONG_SYSTEM.length).toBeGreaterThan(5000);
  u.world.bedrock.script({ text: 'Done.' });
  await client.chat.completions.create({ model, max_tokens: 32, messages: [{ role: 'system', content: LONG_SYSTEM }, { role: 'user', content: 'Rename the function.' }] });
  return u.world.bedrock.lastRequest('Converse')!.body;
}

async function setSwitch(u: UiWorld, name: string, on: boolean): Promise<void> {
  const toggle = u.page.getByRole('switch', { name });
  await toggle.setChecked(on);
  await expect.poll(() => u.page.getByTestId('caching-defaults-msg').textContent()).toContain(`${name}: caching ${on ? 'on' : 'off'}`);
}

// Each test starts a whole world (emulators, core, Chromium); two suites share the 2-core machines.
describe('Caching screen', { timeout: 45_000 }, () => {
  test('caching defaults flipped in the UI decide the cache points of the next Converse request', async () => {
    ui = await startUiWorld();
    await openCaching(ui);
    for (const name of ['Tool definitions', 'System prompt', 'Conversation so far']) {
      await expect.poll(() => ui!.page.getByRole('switch', { name }).isChecked()).toBe(true);
    }
    // Caching off entirely: no cache point anywhere.
    for (const name of ['Tool definitions', 'System prompt', 'Conversation so far']) await setSwitch(ui, name, false);
    expect(ui.core.settings.get().caching).toEqual({ system: false, tools: false, conversation: false });
    const off = await chat(ui);
    expect(JSON.stringify(off).includes('cachePoint')).toBe(false);

    // The system prompt only: one point, at the end of the system blocks.
    await setSwitch(ui, 'System prompt', true);
    expect(ui.core.settings.get().caching).toEqual({ system: true, tools: false, conversation: false });
    const system = await chat(ui);
    expect(system.system.at(-1)).toEqual(CACHE_POINT);
    expect(JSON.stringify(system.messages).includes('cachePoint')).toBe(false);

    // Keyboard: Space on a focused switch flips it as well.
    await ui.page.getByRole('switch', { name: 'Conversation so far' }).focus();
    await ui.page.keyboard.press('Space');
    await expect.poll(() => ui!.core.settings.get().caching.conversation).toBe(true);
    const both = await chat(ui);
    expect(both.messages.at(-1).content.at(-1)).toEqual(CACHE_POINT);
  });

  test('a per-model override wins over the defaults for that model only, and can be removed', async () => {
    ui = await startUiWorld();
    await openCaching(ui);
    await ui.page.getByTestId('overrides-empty').waitFor();
    const picker = ui.page.getByRole('combobox', { name: 'Add an override for' });
    await picker.fill('claude-haiku');
    await picker.press('Escape');
    await ui.page.getByRole('button', { name: 'Add override' }).click();
    const row = ui.page.getByTestId('override-row-claude-haiku');
    await row.waitFor();
    await expect.poll(() => ui!.core.settings.get().cachingPerModel).toEqual({ 'claude-haiku': {} });
    // Adding the same model twice is refused in place.
    await picker.fill('claude-haiku');
    await picker.press('Escape');
    await ui.page.getByRole('button', { name: 'Add override' }).click();
    await expect.poll(() => ui!.page.locator('#override-model-msg').textContent()).toContain('already has an override');

    await row.getByRole('radiogroup', { name: 'System prompt for claude-haiku' }).getByLabel('Off').check();
    await expect.poll(() => ui!.core.settings.get().cachingPerModel).toEqual({ 'claude-haiku': { system: false } });
    // Haiku: no point after the system prompt, the conversation point still follows the defaults.
    const haiku = await chat(ui, 'claude-haiku');
    expect(haiku.system.some((b: object) => 'cachePoint' in b)).toBe(false);
    expect(haiku.messages.at(-1).content.at(-1)).toEqual(CACHE_POINT);
    // Other models keep the defaults.
    expect((await chat(ui, 'claude-sonnet')).system.at(-1)).toEqual(CACHE_POINT);
    await ui.shot('caching-overrides');

    await row.getByRole('radiogroup', { name: 'System prompt for claude-haiku' }).getByLabel('Inherit').check();
    await expect.poll(() => ui!.core.settings.get().cachingPerModel).toEqual({ 'claude-haiku': {} });
    await ui.page.getByRole('button', { name: 'Remove the override for claude-haiku' }).click();
    await row.waitFor({ state: 'detached' });
    await expect.poll(() => ui!.core.settings.get().cachingPerModel).toEqual({});
  });

  test('the hit rate and savings come from the request log and follow live requests', async () => {
    ui = await startUiWorld();
    await openCaching(ui);
    await ui.page.getByTestId('cache-hit-rate-empty').waitFor();
    await ui.shot('caching-empty');
    const client = new OpenAI({ baseURL: `${ui.core.proxy.url}/v1`, apiKey: 'anything-on-loopback', maxRetries: 0 });
    ui.world.bedrock.script({ text: 'Cached answer.', usage: { inputTokens: 100, outputTokens: 10, cacheReadInputTokens: 900 } });
    await client.chat.completions.create({ model: 'claude-haiku', messages: [{ role: 'user', content: 'Again, please.' }] });
    // No reload: the screen hears the request on the live event stream.
    await expect.poll(() => ui!.page.getByTestId('cache-hit-rate-total').textContent(), { timeout: 8_000 }).toBe('90%');
    const row = ui.page.getByTestId('cache-rate-row-us.anthropic.claude-haiku-4-5-20251001-v1:0');
    await expect.poll(() => row.textContent()).toContain('90%');
    await expect.poll(() => row.textContent()).toContain('Claude Haiku 4.5');
    await expect.poll(() => ui!.page.getByTestId('cache-savings').textContent()).toMatch(/^\$0\.000\d+|^\$\d/);
    await expect.poll(() => ui!.page.getByTestId('cache-savings').textContent()).not.toBe('$0.00');
    await ui.shot('caching');
  });

  test('dark mode', async () => {
    ui = await startUiWorld({ colorScheme: 'dark' });
    await ui.core.settings.update({ caching: { system: true, tools: false, conversation: true }, cachingPerModel: { 'claude-sonnet': { conversation: false }, 'nova-pro': { tools: true, system: false } } });
    await openCaching(ui);
    const client = new OpenAI({ baseURL: `${ui.core.proxy.url}/v1`, apiKey: 'anything-on-loopback', maxRetries: 0 });
    ui.world.bedrock.script(
      { text: 'One.', usage: { inputTokens: 1200, outputTokens: 40, cacheWriteInputTokens: 3000 } },
      { text: 'Two.', usage: { inputTokens: 80, outputTokens: 30, cacheReadInputTokens: 3000 } },
    );
    await client.chat.completions.create({ model: 'claude-sonnet', messages: [{ role: 'user', content: 'One' }] });
    await client.chat.completions.create({ model: 'claude-sonnet', messages: [{ role: 'user', content: 'Two' }] });
    await expect.poll(() => ui!.page.getByTestId('cache-hit-rate-total').textContent(), { timeout: 8_000 }).toBe('41%');
    await ui.shot('caching-dark');
  });
});
