import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { recordAdminWrites, startUiWorld, usePatientPolls, type UiWorld } from '../support/ui-world';

// The Usage screen's Prices card: each model used, its prices per 1M tokens with source and date
// (the AWS price list from a local stand-in serving the fixture offers, or the built-in table),
// and Edit to set and remove the user's own price, which the card and the next request's cost use.

let ui: UiWorld | undefined;
let server: Server | undefined;
usePatientPolls();
beforeEach(() => vi.unstubAllEnvs());
afterEach(async () => {
  await ui?.close();
  ui = undefined;
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
  vi.unstubAllEnvs();
});

/** Serves tests/fixtures/price-list at the Bulk API's paths; returns its base URL. */
async function priceListStandIn(): Promise<string> {
  server = createServer((req, res) => {
    const m = /^\/offers\/v1\.0\/aws\/(AmazonBedrock|AmazonBedrockFoundationModels)\/current\/us-east-1\/index\.json$/.exec(req.url ?? '');
    if (!m) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(readFileSync(new URL(`../fixtures/price-list/${m[1]}-us-east-1.json`, import.meta.url)));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

// Dates read in the browser's locale: "Dec 5, 2026" (en-US) or "5 Dec 2026".
const DEC5 = '(Dec 5, 2026|5 Dec 2026)';
const fromList = new RegExp(`^AWS price list, ${DEC5}$`);

async function send(u: UiWorld, model: string): Promise<void> {
  u.world.bedrock.script({ text: 'ok', usage: { inputTokens: 1000, outputTokens: 200 } });
  const openai = new OpenAI({ baseURL: `${u.core.proxy.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  await openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'price me' }] });
}

describe('Usage screen: Prices', () => {
  test('shows each used model with source and date; Edit sets and removes your own price', async () => {
    vi.stubEnv('OUTCROP_PRICE_LIST_URL', await priceListStandIn());
    ui = await startUiWorld();
    const { page, core } = ui;
    await vi.waitFor(() => expect(core.prices.status().fetchedAt).toBeDefined(), { timeout: 10_000, interval: 50 });
    await send(ui, 'claude-haiku-4-5');
    await send(ui, 'claude-sonnet-4-5');
    const haiku = core.requestLog.recent({ limit: 2 })[1].bedrockModel!;
    const sonnet = core.requestLog.recent({ limit: 1 })[0].bedrockModel!;
    await ui.open('usage');

    const card = page.getByTestId('usage-prices');
    await card.waitFor();
    await expect.poll(() => page.getByTestId('usage-price-list').textContent()).toMatch(new RegExp(`AWS price list for us-east-1 published ${DEC5}`));
    const row = (id: string) => page.getByTestId('usage-prices-used').locator(`tr[data-model-id="${id}"]`);
    // Haiku 4.5 from the list (its us. or global. price), Sonnet 4.5 (not in the list) from the built-in table.
    await expect.poll(() => row(haiku).locator('td[data-col="source"]').textContent()).toMatch(fromList);
    const listedInput = haiku.startsWith('global.') ? '$1.00' : '$1.10';
    await expect.poll(() => row(haiku).locator('td[data-col="input"]').textContent()).toBe(listedInput);
    await expect.poll(() => row(sonnet).locator('td[data-col="source"]').textContent()).toBe('Built-in, Nov 2025');
    await ui.shot('usage-prices-light-1280');

    // Your own price: saved through the settings PATCH, shown at once, used by the next request.
    const writes = recordAdminWrites(page);
    await row(haiku).getByRole('button', { name: /Edit the price of/ }).click();
    const form = page.getByRole('form', { name: /Your price for/ });
    await form.getByLabel('Input').fill('7');
    await form.getByLabel('Output').fill('11');
    await form.getByLabel('Cache read').fill('');
    await form.getByLabel('Cache write').fill('');
    await ui.shot('usage-prices-edit');
    await form.getByRole('button', { name: 'Save price' }).click();
    await expect.poll(() => row(haiku).locator('td[data-col="source"]').textContent()).toBe('Your price');
    await expect.poll(() => row(haiku).locator('td[data-col="input"]').textContent()).toBe('$7.00');
    await expect.poll(() => row(haiku).locator('td[data-col="output"]').textContent()).toBe('$11.00');
    expect(writes).toEqual(['PATCH /admin/api/settings']);
    const key = haiku.replace(/^(us|eu|global)\./, '');
    expect(core.settings.get().priceOverrides).toEqual({ [key]: { input: 7, output: 11 } });
    await send(ui, 'claude-haiku-4-5');
    expect(core.requestLog.recent({ limit: 1 })[0].costUsd).toBeCloseTo((1000 * 7 + 200 * 11) / 1e6, 10);

    // Remove: back to the AWS price list.
    await row(haiku).getByRole('button', { name: /Edit the price of/ }).click();
    await page.getByRole('form', { name: /Your price for/ }).getByRole('button', { name: 'Remove your price' }).click();
    await expect.poll(() => row(haiku).locator('td[data-col="source"]').textContent()).toMatch(fromList);
    expect(core.settings.get().priceOverrides).toEqual({});

    await page.setViewportSize({ width: 800, height: 820 });
    await card.scrollIntoViewIfNeeded();
    await ui.shot('usage-prices-light-800');
  }, 60_000);

  test('offline (price list off): built-in prices with their date, and "No price" never $0 for a model nothing prices', async () => {
    ui = await startUiWorld({ colorScheme: 'dark' });
    await send(ui, 'claude-haiku-4-5');
    await ui.open('usage');
    await expect.poll(() => ui!.page.getByTestId('usage-price-list').textContent()).toMatch(/not downloaded \(OUTCROP_PRICE_LIST_URL=off\)/);
    const used = ui.page.getByTestId('usage-prices-used');
    await expect.poll(() => used.locator('td[data-col="source"]').first().textContent()).toBe('Built-in, Nov 2025');
    const reply = await ui.core.admin.prices(['acme.mystery-9']);
    expect(reply.data[0]).toEqual({ model: 'acme.mystery-9', asked: true });
    await ui.shot('usage-prices-dark-1280');
    await ui.page.setViewportSize({ width: 800, height: 820 });
    await ui.shot('usage-prices-dark-800');
  }, 60_000);
});
