import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { afterEach, describe, expect, test } from 'vitest';
import type { UsageSummary } from '../../src-shared/admin';
import { startUiWorld, usePatientPolls, type UiWorld } from '../support/ui-world';

// The Usage screen: totals, per-model names and costs, per-model uPlot charts by hour or day,
// and the CSV export, from real requests through the proxy.

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
/** The usage summary as the screen gets it (with model names), from the admin API. */
async function adminUsage(u: UiWorld, days: number): Promise<UsageSummary> {
  const res = await fetch(`${u.core.proxy.url}/admin/api/usage?days=${days}`, { headers: { authorization: `Bearer ${u.core.adminToken}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as UsageSummary;
}

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

    // Per model: both models by name, Sonnet (the dearer one) first, the Bedrock id on hover
    // and for screen readers.
    const models = ui.page.getByTestId('usage-models').locator('tbody tr');
    await expect.poll(() => models.count()).toBe(2);
    const [sonnet, nova] = expected.byModel;
    expect(sonnet.key).toMatch(/anthropic\.claude-sonnet-4-6/);
    expect(nova.key).toMatch(/amazon\.nova-pro/);
    await expect.poll(() => models.first().locator('.usage-model-label').textContent()).toBe('Claude Sonnet 4.6');
    await expect.poll(() => models.nth(1).locator('.usage-model-label').textContent()).toBe('Nova Pro');
    expect(await models.first().locator('th').getAttribute('title')).toBe(sonnet.key);
    expect(await models.nth(1).locator('th').getAttribute('title')).toBe(nova.key);
    await expect.poll(() => ui!.page.getByRole('rowheader', { name: `Claude Sonnet 4.6 (${sonnet.key})` }).count()).toBe(1);
    // Costs with the precision their amount needs: no run of zeros.
    for (const cell of await ui.page.getByTestId('usage-models').locator('td[data-col="cost"]').allTextContents()) {
      expect(cell).toMatch(/^\$(\d[\d,]*\.\d\d|0\.0*[1-9]\d?)$/);
    }
    // The charts: a series per model, named as the table names them, the id on hover.
    const legend = ui.page.getByTestId('usage-cost-chart').locator('.u-legend .u-series');
    await expect.poll(() => legend.allTextContents()).toEqual([expect.stringContaining('Day'), expect.stringContaining('Claude Sonnet 4.6'), expect.stringContaining('Nova Pro')]);
    expect(await legend.nth(1).getAttribute('title')).toBe(sonnet.key);
    await expect.poll(() => ui!.page.getByTestId('usage-tokens-chart').locator('.u-legend .u-series').count()).toBe(3);
    await ui.page.getByRole('radio', { name: 'Cached' }).check();
    // Only Sonnet read from the cache.
    await expect.poll(() => ui!.page.getByTestId('usage-tokens-chart').locator('.u-legend .u-series').count()).toBe(2);
    await ui.shot('usage');

    // A new request: the totals follow without a reload.
    await send(ui, 'nova-pro', { inputTokens: 50, outputTokens: 10 });
    await expect.poll(() => total(ui!, 'requests').textContent(), { timeout: 8000 }).toBe('4');
    await expect.poll(() => total(ui!, 'input').textContent()).toBe('2,550');

    // The range: 7 days, by day.
    await ui.page.getByRole('radio', { name: '7 days' }).check();
    const expected7 = await ui.core.requestLog.usage(7);
    await expect.poll(() => ui!.page.locator('.usage-range-text').textContent()).toContain(expected7.from);
    await expect.poll(() => total(ui!, 'requests').textContent()).toBe('4');
    expect(await ui.page.locator('.usage-charts').getAttribute('data-bucket')).toBe('day');

    // Today: by hour, so a day of requests is spread over its hours rather than one bar.
    await ui.page.getByRole('radio', { name: 'Today' }).check();
    await expect.poll(() => ui!.page.locator('.usage-charts').getAttribute('data-bucket')).toBe('hour');
    await expect.poll(() => ui!.page.locator('.usage-range-text').textContent()).toContain('by hour');
    await expect.poll(() => ui!.page.getByTestId('usage-cost-chart').locator('.u-legend .u-series').first().textContent()).toContain('Hour');
    const today = await ui.core.requestLog.usage(1);
    // Today's hours up to the current one, none in the future.
    expect(today.timeline[0].key).toBe(`${today.from}T00:00Z`);
    expect(today.timeline.at(-1)!.start).toBeLessThanOrEqual(Date.now());
    await ui.page.locator('.usage-days summary').click();
    const hours = ui.page.getByTestId('usage-timeline-table').locator('tbody tr');
    await expect.poll(() => hours.count()).toBe(today.timeline.filter((b) => b.total.requests > 0).length);
    await ui.shot('usage-today');
  }, 30_000);

  test('a model without a price says so instead of $0, and the table exports as CSV', async () => {
    ui = await startUiWorld();
    await send(ui, 'claude-sonnet', { inputTokens: 1000, outputTokens: 200, cacheReadInputTokens: 300 });
    // A Bedrock model Outcrop has no price for.
    await send(ui, 'writer.palmyra-x5-v1:0', { inputTokens: 700, outputTokens: 70 });
    await ui.open('usage');
    const models = ui.page.getByTestId('usage-models').locator('tbody tr');
    await expect.poll(() => models.count()).toBe(2);
    const unpriced = ui.page.getByTestId('usage-models').locator('tr', { has: ui.page.locator('th[data-model-id="writer.palmyra-x5-v1:0"]') });
    await expect.poll(() => unpriced.locator('td[data-col="cost"]').textContent()).toBe('no price');
    await expect.poll(() => ui!.page.getByTestId('usage-total-cost').textContent()).toContain('1 request without a price not included');

    const summary = await adminUsage(ui, 30);
    const [download] = await Promise.all([ui.page.waitForEvent('download'), ui.page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`outcrop-usage-${summary.from}-to-${summary.to}.csv`);
    const lines = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(lines[0]).toBe('Model,Bedrock model id,Requests,Failed,Requests without a price,Input tokens,Output tokens,Cache read tokens,Cache write tokens,Cost (USD),Saved by caching (USD)');
    expect(lines.slice(1)).toEqual([
      ...summary.byModel.map((r) => {
        const cost = r.unpriced === r.requests ? ',' : `${r.costUsd},${r.cacheSavingsUsd}`;
        return `${r.displayName ?? r.key},${r.key},${r.requests},${r.errors},${r.unpriced},${r.inputTokens},${r.outputTokens},${r.cacheReadTokens},${r.cacheWriteTokens},${cost}`;
      }),
      '',
    ]);
    expect(lines[1]).toMatch(/^Claude Sonnet 4\.6,/);
    expect(lines[2]).toMatch(/^[^,]+,writer\.palmyra-x5-v1:0,1,0,1,700,70,0,0,,$/);
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
    // Nothing wider than the window at 800 px (the per-model table scrolls inside its card).
    await expect.poll(() => ui!.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
    await ui.shot('usage-800');
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
    await ui.page.setViewportSize({ width: 800, height: 820 });
    await expect.poll(async () => Math.abs((await width()) - (await box()))).toBeLessThanOrEqual(2);
    await ui.shot('usage-dark-800');
  }, 30_000);
});
