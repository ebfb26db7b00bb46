import OpenAI from 'openai';
import { afterEach, describe, expect, test } from 'vitest';
import { startUiWorld, usePatientPolls, type UiWorld } from '../support/ui-world';

let ui: UiWorld | undefined;
usePatientPolls();
afterEach(async () => {
  await ui?.close();
  ui = undefined;
});

async function openOverview(u: UiWorld): Promise<string> {
  await u.open('overview');
  const address = `${u.core.proxy.url}/v1`;
  await expect.poll(() => u.page.getByTestId('proxy-address').textContent()).toBe(address);
  // The model list has loaded when the picker offers the built-in aliases.
  await u.page.locator('#default-model option[value="nova-pro"]').waitFor({ state: 'attached' });
  return address;
}

// A calm page for screenshots: no focus ring, no pointer hover, copy buttons back to "Copy".
async function settle(u: UiWorld): Promise<void> {
  await u.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await u.page.mouse.move(0, 0);
  await expect.poll(() => u.page.locator('.copy-button:not([data-state="idle"])').count()).toBe(0);
}

const clipboard = (u: UiWorld) => u.page.evaluate(() => navigator.clipboard.readText());

describe('Overview screen', { timeout: 30_000 }, () => {
  test('shows the address with a copy button, the state, today’s usage and filled-in snippets', async () => {
    ui = await startUiWorld();
    const address = await openOverview(ui);

    await ui.page.getByRole('button', { name: 'Copy address' }).click();
    await expect.poll(() => clipboard(ui!)).toBe(address);
    await expect.poll(() => ui!.page.getByTestId('listening-state').textContent()).toContain('Listening');
    await expect.poll(() => ui!.page.getByTestId('credential-state').textContent()).toMatch(/credentials are checked on the first request|Emulator \(no AWS\)/);

    // A real request through the proxy shows up in today's numbers (the 'request' live event).
    await expect.poll(() => ui!.page.getByTestId('today-requests').textContent()).toBe('0');
    ui.world.bedrock.script({ text: 'hello from the emulator' });
    const client = new OpenAI({ baseURL: address, apiKey: 'outcrop', maxRetries: 0, timeout: 10_000 });
    const reply = await client.chat.completions.create({ model: 'claude-sonnet', messages: [{ role: 'user', content: 'hi' }] });
    expect(reply.choices[0].message.content).toBe('hello from the emulator');
    await expect.poll(() => ui!.page.getByTestId('today-requests').textContent(), { timeout: 10_000 }).toBe('1');
    await expect.poll(async () => Number((await ui!.page.getByTestId('today-tokens-in').textContent())!.replace(/\D/g, ''))).toBeGreaterThan(0);
    // The credentials were resolved by that request: the state says so.
    await expect.poll(() => ui!.page.getByTestId('credential-state').getAttribute('data-tone')).toBe('ok');

    // Every supported tool's snippet carries the real address and the default model.
    const tab = (name: string) => ui!.page.getByRole('tab', { name });
    const panel = ui.page.getByRole('tabpanel');
    for (const name of ['Continue', 'Cline', 'Codex CLI', 'Python', 'JavaScript', 'curl']) {
      await tab(name).click();
      await expect.poll(() => tab(name).getAttribute('aria-selected')).toBe('true');
      for (const part of [address, 'claude-sonnet', 'outcrop']) await expect.poll(() => panel.textContent(), { message: name }).toContain(part);
    }
    await tab('Continue').click();
    const snippet = ui.page.getByTestId('snippet-code');
    await expect.poll(() => snippet.textContent()).toContain(`apiBase: ${address}`);
    await expect.poll(() => snippet.textContent()).toContain('provider: openai');
    const yaml = (await snippet.textContent())!;
    await ui.page.getByRole('button', { name: 'Copy Continue snippet' }).click();
    await expect.poll(() => clipboard(ui!)).toBe(yaml);

    await tab('Cursor').click();
    await expect.poll(() => panel.textContent()).toMatch(/tunnel/i);
    await expect.poll(() => panel.textContent()).toContain('Require API key');
    await tab('Codex CLI').click();
    // Supported now: no "not yet" badge, the provider block to copy.
    await expect.poll(() => tab('Codex CLI').textContent()).toBe('Codex CLI');
    await expect.poll(() => snippet.textContent()).toContain(`base_url = "${address}"`);
    await expect.poll(() => snippet.textContent()).toContain('wire_api = "responses"');
    const toml = (await snippet.textContent())!;
    await ui.page.getByRole('button', { name: 'Copy Codex CLI snippet' }).click();
    await expect.poll(() => clipboard(ui!)).toBe(toml);
    await tab('Claude Code').click();
    await expect.poll(() => tab('Claude Code').textContent()).toBe('Claude Code');
    // Claude Code adds /v1/messages to the base URL itself.
    await expect.poll(() => snippet.textContent()).toContain(`export ANTHROPIC_BASE_URL=${ui.core.proxy.url}\n`);
    await expect.poll(() => snippet.textContent()).toContain('export ANTHROPIC_AUTH_TOKEN=outcrop\n');
    // The default model is the alias claude-sonnet: Claude Code gets the Claude name it recognises.
    await expect.poll(() => snippet.textContent()).toContain('export ANTHROPIC_MODEL=claude-sonnet-4-6\n');
    await expect.poll(() => snippet.textContent()).toContain('export ANTHROPIC_DEFAULT_HAIKU_MODEL=claude-haiku-4-5\n');
    await expect.poll(() => snippet.textContent()).toContain('export CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1\n');
    const env = (await snippet.textContent())!;
    await expect.poll(() => panel.textContent()).toContain('background calls');
    await ui.page.getByRole('button', { name: 'Copy Claude Code snippet' }).click();
    await expect.poll(() => clipboard(ui!)).toBe(env);

    // The tabs follow the arrow keys.
    await tab('Continue').focus();
    await ui.page.keyboard.press('ArrowRight');
    await expect.poll(() => tab('Cline').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => ui!.page.evaluate(() => document.activeElement?.textContent)).toBe('Cline');
    await ui.page.keyboard.press('ArrowLeft');
    await settle(ui);
    await ui.shot('overview');
  });

  test('the default model picker saves the setting, and the snippets follow', async () => {
    ui = await startUiWorld();
    const address = await openOverview(ui);
    const picker = ui.page.getByLabel('Default model', { exact: true });
    await expect.poll(() => picker.inputValue()).toBe('claude-sonnet');
    await picker.selectOption('nova-pro');
    await expect.poll(() => ui!.core.settings.get().defaultModel).toBe('nova-pro');
    await ui.page.getByText('Saved: requests without a model now go to nova-pro.').waitFor();
    await ui.page.getByRole('tab', { name: 'Python' }).click();
    const code = ui.page.getByTestId('snippet-code');
    await expect.poll(() => code.textContent()).toContain(`base_url="${address}"`);
    await expect.poll(() => code.textContent()).toContain('model="nova-pro"');

    // A change made elsewhere (the settings file, the tray) shows up live.
    await ui.core.settings.update({ defaultModel: 'claude-haiku' });
    await expect.poll(() => picker.inputValue()).toBe('claude-haiku');
  });

  test('one default-model control: Overview and Models show the same value, in this window and another, and follow the admin API', async () => {
    ui = await startUiWorld();
    await openOverview(ui);
    const page = ui.page;
    const picker = (p = page) => p.getByLabel('Default model', { exact: true });
    const show = (p: typeof page, screen: string) => p.evaluate((s) => (window.location.hash = `#/${s}`), screen);

    // Chosen on the Overview: saved at once, and the Models screen shows it.
    await picker().selectOption('nova-pro');
    await expect.poll(() => ui!.core.settings.get().defaultModel).toBe('nova-pro');
    await show(page, 'models');
    await page.getByRole('heading', { name: 'Models & aliases' }).waitFor();
    await expect.poll(() => picker().inputValue()).toBe('nova-pro');
    // Chosen on Models: saved at once too (no separate Save), and the Overview shows it.
    await picker().selectOption('nova-lite');
    await expect.poll(() => ui!.core.settings.get().defaultModel).toBe('nova-lite');
    await show(page, 'overview');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await expect.poll(() => picker().inputValue()).toBe('nova-lite');

    // Another window on Models follows a choice made on this window's Overview.
    const other = await page.context().newPage();
    await other.goto(`${ui.core.proxy.url}/ui/#token=${ui.core.adminToken}`);
    await show(other, 'models');
    await other.locator('#default-model option[value="nova-pro"]').waitFor({ state: 'attached' });
    await expect.poll(() => picker(other).inputValue()).toBe('nova-lite');
    // The other window hears of a change through its events stream: on a loaded machine (two
    // browser pages, the CI's other suites) that can take longer than expect.poll's 1 s default.
    const across = { timeout: 5000 };
    await picker().selectOption('claude-haiku');
    await expect.poll(() => picker(other).inputValue(), across).toBe('claude-haiku');

    // A change through the admin API (a script, the tray) shows in both at once.
    const res = await fetch(`${ui.core.proxy.url}/admin/api/settings`, { method: 'PATCH', headers: { authorization: `Bearer ${ui.core.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ defaultModel: 'nova-micro' }) });
    expect(res.status).toBe(200);
    await expect.poll(() => picker().inputValue(), across).toBe('nova-micro');
    await expect.poll(() => picker(other).inputValue(), across).toBe('nova-micro');
    // This window's "Saved: … claude-haiku" no longer stands.
    await expect.poll(() => page.getByTestId('default-model-msg').getAttribute('data-state')).toBe('idle');
    await other.close();
    await page.setViewportSize({ width: 800, height: 820 });
    await settle(ui);
    await ui.shot('overview-800');
  });

  test('Claude Code setup with a required key: masked on screen, the real key copied, revealed on request', async () => {
    ui = await startUiWorld();
    const key = { id: 'k1', name: 'laptop', key: 'outcrop-claude-key-0123456789', createdAt: new Date().toISOString() };
    await ui.core.settings.update({ requireApiKey: true, apiKeys: [key] });
    await openOverview(ui);
    await ui.page.getByLabel('Model', { exact: true }).selectOption('nova-pro');
    await ui.page.getByRole('tab', { name: 'Claude Code' }).click();
    const code = ui.page.getByTestId('snippet-code');
    await expect.poll(() => code.textContent()).toContain('export ANTHROPIC_MODEL=nova-pro\n');
    // Masked: the key's last four characters, never the key itself.
    await expect.poll(() => code.textContent()).not.toContain(key.key);
    await expect.poll(() => code.textContent()).toContain('ANTHROPIC_AUTH_TOKEN=');
    await expect.poll(() => code.textContent()).toContain('6789');
    await ui.page.getByRole('button', { name: 'Copy Claude Code snippet' }).click();
    await expect.poll(() => clipboard(ui!)).toContain(`export ANTHROPIC_AUTH_TOKEN=${key.key}\n`);
    await expect.poll(() => clipboard(ui!)).toContain('export ANTHROPIC_MODEL=nova-pro\n');
    await ui.page.getByLabel('Show API key').check();
    await expect.poll(() => code.textContent()).toContain(`export ANTHROPIC_AUTH_TOKEN=${key.key}\n`);
    await settle(ui);
    await ui.shot('overview-claude-code');
  });

  test('a profile that needs sign-in offers it inline and follows it to the end', async () => {
    ui = await startUiWorld();
    await ui.core.settings.update({ profile: ui.world.files.sessionProfile });
    const address = await openOverview(ui);
    // The first request finds no SSO session: the state turns to "needs sign-in".
    const client = new OpenAI({ baseURL: address, apiKey: 'outcrop', maxRetries: 0, timeout: 10_000 });
    await expect(client.chat.completions.create({ model: 'nova-pro', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 401 });
    const state = ui.page.getByTestId('credential-state');
    await expect.poll(() => state.textContent()).toContain('needs sign-in');

    // Sign in opens the SSO page in a new window; the emulator approves and redirects to Outcrop.
    const popup = ui.page.waitForEvent('popup');
    await state.getByRole('button', { name: 'Sign in' }).click();
    await (await popup).waitForLoadState();
    await expect.poll(() => state.getAttribute('data-tone'), { timeout: 10_000 }).toBe('ok');
    // The world's Bedrock is the emulator: the state says so, with the profile that signs.
    await expect.poll(() => state.textContent()).toContain(`Emulator (no AWS)`);
    await expect.poll(() => state.textContent()).toContain(`signed with profile ${ui.world.files.sessionProfile}`);
  });

  test('dark mode', async () => {
    ui = await startUiWorld({ colorScheme: 'dark' });
    await openOverview(ui);
    await ui.page.getByTestId('today-stats').waitFor();
    await ui.page.getByText('No requests yet today').waitFor();
    await settle(ui);
    await ui.shot('overview-dark');
  });
});
