import OpenAI from 'openai';
import { afterEach, describe, expect, test } from 'vitest';
import { startUiWorld, usePatientPolls, type UiWorld } from '../support/ui-world';

// The Usage screen: totals and uPlot charts from real requests through the proxy.

let ui: UiWorld | undefined;
usePatientPolls();
afterEach(async () => {
  await ui?.close();
  ui = undefined;
});

async function send(u: UiWorld, model: string, usage: { inputTokens: number; outputTokens: number; cacheReadInputTokens?: number }): Promise<void> {
  u.world.bedrock.script({ text: 'ok', usage });
  const openai = new OpenAI({ baseURL: `${u.core.proxy.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  await openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'count me' }] });
}

const total = (u: UiWorld, id: string) => u.page.getByTestId(`usage-total-${id}`).locator('dd.value');
/** "$0.0123" → 0.0123 */
const dollars = (text: string | null) => Number((text ?? '').replace(/[^0-9.]/g, ''));

describe('Usage screen', () => {
  test('with no requests yet it says so', async () => {
    ui = await startUiWorld();
    await ui.open('usage');
    await ui.page.getByTestId('usage-empty').waitFor();
    await expect.poll(() => total(ui!, 'requests').textContent()).toBe('0');
    await ui.shot('usage-empty');
  }, 30_000);

  test('charts render from real requests, totals match the log, and they refresh as requests arrive', async () => {
    ui = await startUiWorld();
    ui.page.setDefaultTimeout(10_000);
    await send(ui, 'claude-sonnet', { inputTokens: 1000, outputTokens: 200, cacheReadInputTokens: 300 });
    await send(ui, 'claude-sonnet', { inputTokens: 1000, outputTokens: 200, cacheReadInputTokens: 300 });
    await send(ui, 'nova-pro', { inputTokens: 500, outputTokens: 100 });
    await ui.open('usage');
    await ui.page.getByTestId('usage-tokens-chart').locator('canvas').waitFor();
    await ui.page.getByTestId('usage-cost-chart').locator('canvas').waitFor();

    const expected = await ui.core.requestLog.usage(30);
    expect(expected.total.requests).toBe(3);
    await expect.poll(() => total(ui!, 'requests').textContent()).toBe('3');
    await expect.poll(() => total(ui!, 'input').textContent()).toBe('2,500');
    await expect.poll(() => total(ui!, 'output').textContent()).toBe('500');
    await expect.poll(() => total(ui!, 'cached').textContent()).toBe('600');
    expect(expected.total.costUsd).toBeGreaterThan(0);
    await expect.poll(async () => dollars(await total(ui!, 'cost').textContent())).toBeCloseTo(expected.total.costUsd, 3);
    expect(expected.total.cacheSavingsUsd).toBeGreaterThan(0);
    await expect.poll(async () => dollars(await total(ui!, 'savings').textContent())).toBeCloseTo(expected.total.cacheSavingsUsd, 3);

    // Per model: both models, Sonnet (the dearer one) first.
    const models = ui.page.getByTestId('usage-models').locator('tbody tr');
    await expect.poll(() => models.count()).toBe(2);
    await expect.poll(() => models.first().locator('th').textContent()).toContain('claude-sonnet');
    await expect.poll(() => models.nth(1).locator('th').textContent()).toContain('nova-pro');
    await ui.shot('usage');

    // A new request: the totals follow without a reload.
    await send(ui, 'nova-pro', { inputTokens: 50, outputTokens: 10 });
    await expect.poll(() => total(ui!, 'requests').textContent(), { timeout: 8000 }).toBe('4');
    await expect.poll(() => total(ui!, 'input').textContent()).toBe('2,550');

    // The range: 7 days.
    await ui.page.getByRole('radio', { name: '7 days' }).check();
    const expected7 = await ui.core.requestLog.usage(7);
    await expect.poll(() => ui!.page.locator('.usage-range-text').textContent()).toContain(expected7.from);
    await expect.poll(() => total(ui!, 'requests').textContent()).toBe('4');
  }, 30_000);

  test('charts follow dark mode and resize with the window', async () => {
    ui = await startUiWorld();
    ui.page.setDefaultTimeout(10_000);
    await send(ui, 'claude-sonnet', { inputTokens: 1200, outputTokens: 300, cacheReadInputTokens: 900 });
    await send(ui, 'nova-pro', { inputTokens: 400, outputTokens: 80 });
    await ui.open('usage');
    const canvas = ui.page.getByTestId('usage-tokens-chart').locator('canvas');
    await canvas.waitFor();
    const width = () => canvas.evaluate((c) => c.getBoundingClientRect().width);
    const before = await width();

    const box = () => ui!.page.getByTestId('usage-tokens-chart').evaluate((el) => el.clientWidth);
    await expect.poll(async () => Math.abs(before - (await box()))).toBeLessThanOrEqual(2);
    await ui.page.setViewportSize({ width: 1100, height: 820 });
    await expect.poll(width).toBeLessThan(before - 50);
    await expect.poll(async () => Math.abs((await width()) - (await box()))).toBeLessThanOrEqual(2);
    // Narrow: one chart per row, each as wide as the content.
    await ui.page.setViewportSize({ width: 800, height: 820 });
    await expect.poll(async () => Math.abs((await width()) - (await box()))).toBeLessThanOrEqual(2);
    await ui.page.setViewportSize({ width: 1280, height: 820 });
    await expect.poll(width).toBeCloseTo(before, 0);

    // Switching the OS theme rebuilds the charts with the colours of the dark theme.
    const chart = ui.page.getByTestId('usage-tokens-chart');
    await expect.poll(() => chart.getAttribute('data-theme')).toBe('light');
    const legendColour = () => chart.locator('.u-legend').evaluate((el) => getComputedStyle(el).color);
    const light = await legendColour();
    await ui.page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => chart.getAttribute('data-theme')).toBe('dark');
    await expect.poll(() => ui!.page.getByTestId('usage-cost-chart').getAttribute('data-theme')).toBe('dark');
    await expect.poll(() => legendColour()).not.toBe(light);
    await canvas.waitFor();
    await ui.shot('usage-dark');
  }, 30_000);
});
