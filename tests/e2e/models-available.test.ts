import { afterEach, describe, expect, test } from 'vitest';
import { invocableModels, type InvocableModel } from '../../src-proxy/models/invocable';
import type { AccountModels } from '../../src-proxy/bedrock/gateway';
import type { ProfilePreference } from '../../src-proxy/models/listing';
import { defaultFoundationModels, defaultInferenceProfiles } from '../support/bedrock-emulator';
import { settingsSave, startUiWorld, usePatientPolls, type UiWorld } from '../support/ui-world';

// The Models screen's "Available in us-east-1" against the real headless core and the Bedrock
// emulator's us-east-1 listing: what the account can invoke, newest first, under the names to type
// (the ones GET /v1/models lists), through the profile the Settings' profile preference chooses.

const SONNET_45 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const NOVA_PRO = 'amazon.nova-pro-v1:0';

let ui: UiWorld | undefined;
usePatientPolls();
afterEach(async () => {
  await ui?.close();
  ui = undefined;
});

/** What the emulator's listing offers in us-east-1, as Outcrop should list it. */
function expected(preference: ProfilePreference = 'geo'): InvocableModel[] {
  const listing = { foundationModels: defaultFoundationModels('us-east-1'), inferenceProfiles: defaultInferenceProfiles('us-east-1') } as AccountModels;
  return invocableModels(listing, 'us-east-1', preference);
}
const named = (list: InvocableModel[], id: string): InvocableModel => list.find((m) => m.id === id)!;

async function openModels(u: UiWorld): Promise<void> {
  await u.open('models');
  await u.page.getByTestId('available-table').waitFor();
}
const row = (u: UiWorld, name: string) => u.page.getByTestId(`available-${name}`);

describe('Models screen: available in the region', { timeout: 45_000 }, () => {
  test('lists what the account can invoke, newest first, with its profile; copy a name, filter, use as default, add an alias', async () => {
    ui = await startUiWorld();
    await openModels(ui);
    const want = expected();
    const card = ui.page.getByTestId('available-models');
    await expect.poll(() => card.getByRole('heading', { level: 2 }).textContent()).toBe('Available in us-east-1');
    await expect.poll(() => card.getByTestId('available-name').allTextContents()).toEqual(want.map((m) => m.name));
    // Newest Claude first; the legacy and embeddings after the chat models.
    expect(want[0].id.startsWith('anthropic.')).toBe(true);

    const sonnet = named(want, SONNET_45);
    const sonnetRow = row(ui, sonnet.name);
    await expect.poll(() => sonnetRow.getByRole('rowheader').textContent()).toContain('Claude Sonnet 4.5');
    const profile = sonnetRow.getByTestId('available-profile');
    await expect.poll(() => profile.textContent()).toBe(`US: us.${SONNET_45}`);
    await expect.poll(() => profile.getAttribute('title')).toContain(`us.${SONNET_45}`);
    await expect.poll(() => sonnetRow.getByRole('rowheader').textContent()).toMatch(/Anthropic.*caching.*reasoning.*images/);
    await expect.poll(() => row(ui!, 'gpt-oss-120b').getByTestId('available-profile').textContent()).toBe('In-region: openai.gpt-oss-120b-1:0');
    await ui.shot('models-available');
    // The default (claude-sonnet, an alias) runs one of these models: its row says so.
    const defaultTarget = (await (await fetch(`${ui.core.proxy.url}/admin/api/models`, { headers: { authorization: `Bearer ${ui.core.adminToken}` } })).json()).data.find((m: { id: string }) => m.id === 'claude-sonnet').target;
    const runsDefault = want.find((m) => m.invokeId === defaultTarget)!;
    await expect.poll(() => row(ui!, runsDefault.name).locator('.mdl-is-default').getAttribute('title')).toContain('the default model is claude-sonnet');

    // Copy puts the name to type on the clipboard.
    await sonnetRow.getByRole('button', { name: `Copy ${sonnet.name}` }).click();
    await expect.poll(() => ui!.page.evaluate(() => navigator.clipboard.readText())).toBe(sonnet.name);

    // The list is long: a filter narrows it.
    const find = card.getByLabel('Find a model');
    await find.fill('nova');
    const novas = want.filter((m) => /nova/i.test(`${m.name} ${m.displayName} ${m.id}`)).map((m) => m.name);
    await expect.poll(() => card.getByTestId('available-name').allTextContents()).toEqual(novas);
    await find.fill('');

    // Use as default saves the name; the row then says so.
    await sonnetRow.getByRole('button', { name: `Use as default: ${sonnet.name}`, exact: true }).click();
    await expect.poll(() => ui!.core.settings.get().defaultModel).toBe(sonnet.name);
    await expect.poll(() => sonnetRow.locator('.mdl-is-default').textContent()).toBe('Default');

    // Add alias starts one in the form, pointing at the name.
    const nova = named(want, NOVA_PRO);
    await row(ui, nova.name).getByRole('button', { name: `Add an alias for ${nova.name}` }).click();
    await expect.poll(() => ui!.page.getByRole('combobox', { name: 'Points to' }).inputValue()).toBe(nova.name);
    await expect.poll(() => ui!.page.evaluate(() => document.activeElement?.id)).toBe('new-alias-name');
    await ui.page.getByLabel('Alias', { exact: true }).fill('my-nova');
    await ui.page.getByRole('button', { name: 'Add alias', exact: true }).click();
    await expect.poll(() => ui!.core.settings.get().aliases).toEqual({ 'my-nova': nova.name });
    await expect.poll(() => ui!.page.getByTestId('alias-target-my-nova').textContent()).toBe(nova.invokeId);

    await ui.page.setViewportSize({ width: 800, height: 820 });
    await ui.shot('models-available-800');
  });

  test('the profile preference chosen in Settings changes the profile each model goes through', async () => {
    ui = await startUiWorld({ colorScheme: 'dark' });
    await openModels(ui);
    const sonnet = named(expected(), SONNET_45);
    const via = (name: string) => row(ui!, name).getByTestId('available-profile').textContent();
    await expect.poll(() => via(sonnet.name)).toBe(`US: us.${SONNET_45}`);
    await expect.poll(() => via(named(expected(), NOVA_PRO).name)).toBe(`US: us.${NOVA_PRO}`);
    await ui.shot('models-available-dark');

    for (const [choice, preference, sonnetVia, novaVia] of [
      ['Global profile (most capacity; lower price for Claude 4.5+)', 'global', `Global: global.${SONNET_45}`, `US: us.${NOVA_PRO}`],
      ['In-region (on-demand models only)', 'in-region', `US: us.${SONNET_45}`, `In-region: ${NOVA_PRO}`],
    ] as const) {
      await ui.open('settings');
      const select = ui.page.getByLabel('Call models through', { exact: true });
      await select.selectOption({ label: choice });
      await settingsSave(ui.page).click();
      await expect.poll(() => ui!.core.settings.get().profilePreference).toBe(preference);
      // The screen hears back after the file is written: leaving before then would ask about unsaved edits.
      await expect.poll(() => ui!.page.getByTestId('settings-save-status').getAttribute('data-state')).toBe('saved');
      await ui.open('models');
      const want = expected(preference);
      expect(named(want, SONNET_45).invokeId).toBe(sonnetVia.slice(sonnetVia.indexOf(' ') + 1));
      await expect.poll(() => via(sonnet.name)).toBe(sonnetVia);
      await expect.poll(() => via(named(want, NOVA_PRO).name)).toBe(novaVia);
      // And requests follow it: the name to type goes where the screen says.
      const res = await fetch(`${ui.core.proxy.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: sonnet.name, max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }) });
      expect(res.status).toBe(200);
      expect(ui.world.bedrock.lastRequest('Converse')?.modelId).toBe(named(want, SONNET_45).invokeId);
    }
    await ui.page.setViewportSize({ width: 800, height: 820 });
    await ui.shot('models-available-dark-800');
  });

  test('without the account listing it says why, and the built-in models stand in', async () => {
    ui = await startUiWorld();
    // The admin API as it answers when Bedrock's model list cannot be read: no ranked models, access unknown.
    await ui.page.route('**/admin/api/models', async (route) => {
      const res = await route.fetch();
      const { data } = (await res.json()) as { data: Array<Record<string, unknown>> };
      const bare = data.filter((m) => m.source !== 'account').map(({ rank: _r, model: _m, legacy: _l, reasoning: _re, images: _i, via: _v, ...m }) => ({ ...m, access: 'unknown' }));
      await route.fulfill({ response: res, json: { data: bare } });
    });
    await ui.open('models');
    const none = ui.page.getByTestId('available-none');
    await expect.poll(() => none.textContent()).toMatch(/could not read this account’s Bedrock model list in us-east-1.*built-in models below/);
    await expect.poll(() => ui!.page.getByTestId('available-table').count()).toBe(0);
    await ui.page.getByTestId('builtin-claude-sonnet').waitFor();
  });
});
