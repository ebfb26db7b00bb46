import { readFileSync } from 'node:fs';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, describe, expect, test } from 'vitest';
import { OutcropCore } from '../../src-main/core/core';
import { startUiWorld, UI_DIR, usePatientPolls, type UiWorld } from '../support/ui-world';

// The Logs screen against the real headless core: requests sent with the openai SDK show up live.

let ui: UiWorld | undefined;
// A core started in place of the world's own (a restart): the world closes only the one it started.
let restarted: OutcropCore | undefined;
usePatientPolls();
afterEach(async () => {
  await restarted?.close();
  restarted = undefined;
  await ui?.close();
  ui = undefined;
});

function client(u: UiWorld): OpenAI {
  return new OpenAI({ baseURL: `${u.core.proxy.url}/v1`, apiKey: 'not-needed-on-loopback', maxRetries: 0 });
}

const chat = (u: UiWorld, model = 'claude-sonnet') => client(u).chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }] });

async function openLogs(u: UiWorld): Promise<void> {
  await u.open('logs');
  await u.page.getByRole('heading', { name: /Logs/ }).waitFor();
  await u.page.getByTestId('logs-empty').or(u.page.getByTestId('log-row').first()).waitFor();
}

const rows = (u: UiWorld) => u.page.getByTestId('log-row');
const clipboard = (u: UiWorld) => u.page.evaluate(() => navigator.clipboard.readText());
const cell = (u: UiWorld, row: number, col: string) => rows(u).nth(row).locator(`td[data-col="${col}"]`);

describe('Logs screen', () => {
  test('a chat request sent with the openai SDK appears live with its tokens and cost', async () => {
    ui = await startUiWorld();
    await openLogs(ui);
    await ui.page.getByTestId('logs-empty').waitFor();
    await ui.shot('logs-empty');

    ui.world.bedrock.script({ text: 'hi', usage: { inputTokens: 123, outputTokens: 45, cacheReadInputTokens: 6 } });
    const answer = await chat(ui);
    expect(answer.choices[0].message.content).toBe('hi');

    await expect.poll(() => rows(ui!).count()).toBe(1);
    await expect.poll(() => cell(ui!, 0, 'in').textContent()).toBe('123');
    await expect.poll(() => cell(ui!, 0, 'out').textContent()).toBe('45');
    await expect.poll(() => cell(ui!, 0, 'cached').textContent()).toBe('6');
    await expect.poll(() => cell(ui!, 0, 'cost').textContent()).toMatch(/^\$0\.\d+$/);
    await expect.poll(() => cell(ui!, 0, 'status').textContent()).toContain('200');
    await expect.poll(() => cell(ui!, 0, 'model').textContent()).toContain('claude-sonnet');
    await expect.poll(() => cell(ui!, 0, 'model').textContent()).toContain('anthropic.claude-sonnet');
    await expect.poll(() => cell(ui!, 0, 'client').textContent()).toMatch(/OpenAI/);
    await ui.shot('logs');
  }, 30_000);

  test('pause and reading further down hold new rows back behind an "N new entries" button', async () => {
    ui = await startUiWorld();
    await openLogs(ui);
    await chat(ui);
    await expect.poll(() => rows(ui!).count()).toBe(1);

    await ui.page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => ui!.page.getByTestId('logs-live-state').textContent()).toBe('Paused');
    await chat(ui);
    await chat(ui);
    const newEntries = ui.page.getByTestId('logs-new-entries');
    await expect.poll(() => newEntries.textContent(), { timeout: 5000 }).toContain('2 new entries');
    await expect.poll(() => rows(ui!).count()).toBe(1);

    await ui.page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => rows(ui!).count()).toBe(3);
    await newEntries.waitFor({ state: 'detached' });

    // Enough rows to scroll; the user scrolls down to read, a new request arrives: nothing moves.
    await Promise.all(Array.from({ length: 30 }, () => chat(ui!)));
    await expect.poll(() => rows(ui!).count()).toBe(33);
    const scroller = ui.page.locator('.logs-scroll');
    await scroller.evaluate((el) => el.scrollTo({ top: 300 }));
    await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBeGreaterThan(200);
    const firstVisibleId = await rows(ui).nth(10).getAttribute('data-id');
    await chat(ui);
    await expect.poll(() => newEntries.textContent()).toContain('1 new entry');
    await expect.poll(() => rows(ui!).count()).toBe(33);
    await expect.poll(() => rows(ui!).nth(10).getAttribute('data-id')).toBe(firstVisibleId);
    await ui.shot('logs-new-entries');

    await newEntries.click();
    await expect.poll(() => rows(ui!).count()).toBe(34);
    await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBe(0);
    // Keyboard focus lands on the newest row.
    const newest = await rows(ui).first().getAttribute('data-id');
    await expect.poll(() => ui!.page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe(newest);
  }, 40_000);

  test('filters apply on the server and to live entries', async () => {
    ui = await startUiWorld();
    await openLogs(ui);
    await chat(ui, 'claude-sonnet');
    await chat(ui, 'nova-pro');
    ui.world.bedrock.script({ error: { type: 'ValidationException', message: 'The model rejected the request.' } });
    await expect(chat(ui, 'nova-pro')).rejects.toThrow();
    await expect.poll(() => rows(ui!).count()).toBe(3);

    await ui.page.getByLabel('Model').fill('nova-pro');
    await expect.poll(() => rows(ui!).count()).toBe(2);
    await ui.page.getByLabel('Status').selectOption('error');
    await expect.poll(() => rows(ui!).count()).toBe(1);
    await expect.poll(() => cell(ui!, 0, 'status').textContent()).toMatch(/^4\d\d/);

    // Live: a success does not match the filters, another error does.
    await chat(ui, 'nova-pro');
    ui.world.bedrock.script({ error: { type: 'ValidationException', message: 'Rejected again.' } });
    await expect(chat(ui, 'nova-pro')).rejects.toThrow();
    await expect.poll(() => rows(ui!).count()).toBe(2);

    await ui.page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows(ui!).count()).toBe(5);
    await ui.page.emulateMedia({ colorScheme: 'dark' });
    await ui.shot('logs-dark');
    await ui.page.getByLabel('Search').fill('rejected again');
    await expect.poll(() => rows(ui!).count()).toBe(1);
    await ui.page.getByLabel('Search').fill('no such thing');
    await expect.poll(() => ui!.page.getByTestId('logs-empty').textContent()).toContain('No requests match');
  }, 30_000);

  test('the API column and filter; a call to a route that does not exist shows with its client', async () => {
    ui = await startUiWorld();
    await openLogs(ui);
    await chat(ui);
    ui.world.bedrock.script({ text: 'hi' });
    const anthropic = new Anthropic({ baseURL: ui.core.proxy.url, apiKey: 'not-needed-on-loopback', maxRetries: 0 });
    await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hello' }] });
    const res = await fetch(`${ui.core.proxy.url}/v1/xyz?beta=true`, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'claude-cli/2.1.3 (external, sdk-cli)' }, body: '{}' });
    expect(res.status).toBe(404);
    await expect.poll(() => rows(ui!).count()).toBe(3);
    await expect.poll(() => cell(ui!, 0, 'protocol').textContent()).toBe('No such route');
    await expect.poll(() => cell(ui!, 0, 'client').textContent()).toBe('claude-cli/2.1.3');
    await expect.poll(() => cell(ui!, 0, 'status').textContent()).toContain('404');
    await expect.poll(() => cell(ui!, 1, 'protocol').textContent()).toBe('Messages');
    await expect.poll(() => cell(ui!, 1, 'client').textContent()).toMatch(/^Anthropic\/JS \d/);
    await expect.poll(() => cell(ui!, 2, 'protocol').textContent()).toBe('Chat Completions');
    await expect.poll(() => cell(ui!, 2, 'client').textContent()).toMatch(/^OpenAI\/JS \d/);

    await ui.page.getByLabel('API').selectOption('unknown');
    await expect.poll(() => rows(ui!).count()).toBe(1);
    await expect.poll(() => cell(ui!, 0, 'client').textContent()).toBe('claude-cli/2.1.3');
    await rows(ui).first().click();
    const drawer = ui.page.getByRole('dialog');
    await expect.poll(() => drawer.textContent()).toContain('POST /v1/xyz');
    await expect.poll(() => drawer.textContent()).toContain('claude-cli/2.1.3 (external, sdk-cli)');
    await ui.shot('logs-unrouted');
    await ui.page.keyboard.press('Escape');

    await ui.page.getByLabel('API').selectOption('chat');
    await expect.poll(() => cell(ui!, 0, 'protocol').textContent()).toBe('Chat Completions');
    await expect.poll(() => rows(ui!).count()).toBe(1);
    await ui.page.getByLabel('API').selectOption('messages');
    await expect.poll(() => cell(ui!, 0, 'protocol').textContent()).toBe('Messages');
    await expect.poll(() => rows(ui!).count()).toBe(1);
    await ui.page.getByLabel('API').selectOption('responses');
    await expect.poll(() => ui!.page.getByTestId('logs-empty').textContent()).toContain('No requests match');
  }, 30_000);

  test('the details drawer shows every field, the error and kept bodies; export downloads JSONL', async () => {
    ui = await startUiWorld();
    await openLogs(ui);
    ui.world.bedrock.script({ text: 'hi', usage: { inputTokens: 123, outputTokens: 45, cacheReadInputTokens: 6 } });
    await chat(ui);
    await expect.poll(() => rows(ui!).count()).toBe(1);

    await rows(ui).first().click();
    const drawer = ui.page.getByRole('dialog');
    await drawer.waitFor();
    for (const label of ['Bedrock model', 'Time to first token', 'Cache read tokens', 'Estimated cost', 'Finish reason', '123']) await expect.poll(() => drawer.textContent(), { message: label }).toContain(label);
    await ui.page.getByTestId('log-bodies-off').waitFor();
    await expect.poll(() => ui!.page.getByTestId('log-bodies-off').getByRole('link', { name: 'Settings' }).getAttribute('href')).toBe('#/settings');
    await ui.shot('logs-detail');
    await ui.page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    await expect.poll(() => ui!.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('log-row');

    // Bodies kept: the translated request and response are there; an error shows its code.
    await ui.core.settings.update({ keepBodies: true });
    ui.world.bedrock.script({ text: 'with bodies' });
    await chat(ui);
    ui.world.bedrock.script({ error: { type: 'ValidationException', message: 'Input is too long for requested model.' } });
    await expect(chat(ui)).rejects.toThrow();
    await expect.poll(() => rows(ui!).count()).toBe(3);

    await rows(ui).nth(1).focus();
    await ui.page.keyboard.press('Enter');
    await drawer.waitFor();
    await expect.poll(() => ui!.page.getByTestId('log-body').textContent()).toContain('hello');
    // Copy buttons: the id, and each body whole (as JSON).
    const id = await rows(ui).nth(1).getAttribute('data-id');
    await expect.poll(() => ui!.page.getByTestId('log-drawer-id').textContent()).toBe(id);
    await drawer.getByRole('button', { name: 'Copy request id' }).click();
    await expect.poll(() => clipboard(ui!)).toBe(id);
    await drawer.getByRole('button', { name: 'Copy request body' }).click();
    await expect.poll(() => clipboard(ui!)).toContain('"hello"');
    expect(JSON.parse(await clipboard(ui))).toMatchObject({ messages: [{ role: 'user' }] });
    await ui.page.getByRole('tab', { name: 'Response' }).click();
    await expect.poll(() => ui!.page.getByTestId('log-body').textContent()).toContain('with bodies');
    await drawer.getByRole('button', { name: 'Copy response body' }).click();
    await expect.poll(() => clipboard(ui!)).toContain('with bodies');
    await ui.shot('logs-detail-bodies');
    await ui.page.getByRole('button', { name: 'Close details' }).click();

    await rows(ui).first().focus();
    await ui.page.keyboard.press('Enter');
    await expect.poll(() => ui!.page.getByTestId('log-drawer-error').textContent()).toContain('too long');
    await ui.page.keyboard.press('Escape');

    const [download] = await Promise.all([ui.page.waitForEvent('download'), ui.page.getByRole('button', { name: 'Export JSONL' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^outcrop-requests-.*\.jsonl$/);
    const lines = readFileSync((await download.path())!, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatchObject({ inputTokens: 123, outputTokens: 45, cacheReadTokens: 6, status: 200 });
    expect(lines[1].bodies).toBeTruthy();

    await ui.page.emulateMedia({ colorScheme: 'dark' });
    await rows(ui).nth(2).click();
    await drawer.waitFor();
    await ui.shot('logs-detail-dark');
  }, 30_000);

  test('after the proxy restarts, the new run\'s requests appear live and after a reload, beside the old ones', async () => {
    ui = await startUiWorld();
    // Sent before the page asks for anything: with per-process ids these were req-1 … req-8, the
    // ids the next run hands out again.
    for (let i = 0; i < 8; i++) await chat(ui);
    await openLogs(ui);
    await expect.poll(() => rows(ui!).count()).toBe(8);
    const oldIds = await rows(ui).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')));

    // The same home and port: the open page's event stream reconnects to the new process.
    const port = new URL(ui.core.proxy.url).port;
    await ui.core.close();
    restarted = (await OutcropCore.start({ home: ui.world.outcropHome, port: Number(port), uiDir: UI_DIR })).core;
    ui.core = restarted;
    ui.world.bedrock.script({ text: 'after the restart' });
    await chat(ui);
    await expect.poll(() => rows(ui!).count()).toBe(9);
    const ids = await rows(ui).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')));
    expect(ids.slice(1)).toEqual(oldIds);
    expect(oldIds).not.toContain(ids[0]);

    await ui.page.reload();
    await expect.poll(() => rows(ui!).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')))).toEqual(ids);
  }, 40_000);

  test('details: the model of a rejected request, whole error codes, time to first token for streams only, client and time filters', async () => {
    ui = await startUiWorld();
    await openLogs(ui);
    // A body that does not validate (400): the model it named is shown all the same.
    const bad = await fetch(`${ui.core.proxy.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'curl/8.5.0' }, body: JSON.stringify({ model: 'claude-sonnet', messages: 'hello' }) });
    expect(bad.status).toBe(400);
    await expect.poll(() => rows(ui!).count()).toBe(1);
    await expect.poll(() => cell(ui!, 0, 'model').textContent()).toContain('claude-sonnet');
    await expect.poll(() => cell(ui!, 0, 'client').textContent()).toBe('curl/8.5.0');
    // The error code is there whole, not cut with an ellipsis.
    const code = cell(ui, 0, 'status').locator('.logs-code');
    await expect.poll(() => code.textContent()).toBe('invalid_request');
    await expect.poll(() => code.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    // A code longer than the column breaks after an underscore instead of being cut.
    ui.world.bedrock.script({ error: { type: 'AccessDeniedException', message: 'You do not have access to the model.' } });
    await expect(chat(ui)).rejects.toThrow();
    await expect.poll(() => rows(ui!).count()).toBe(2);
    const longCode = cell(ui, 0, 'status').locator('.logs-code');
    await expect.poll(() => longCode.textContent()).toBe('bedrock_access_denied');
    await expect.poll(() => longCode.evaluate((el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().height > 20)).toBe(true);

    ui.world.bedrock.script({ text: 'whole' });
    await chat(ui);
    ui.world.bedrock.script({ text: 'streamed', chunkDelayMs: 5 });
    const stream = await client(ui).chat.completions.create({ model: 'nova-pro', stream: true, messages: [{ role: 'user', content: 'hello' }] });
    for await (const _ of stream) void _;
    await expect.poll(() => rows(ui!).count()).toBe(4);
    await expect.poll(() => cell(ui!, 0, 'ttft').textContent()).toMatch(/\d+ ms|\d\.\d+ s/);
    await expect.poll(() => cell(ui!, 1, 'ttft').textContent()).toBe('–');
    await rows(ui).nth(1).click();
    await expect.poll(() => ui!.page.getByRole('dialog').textContent()).toContain('not streamed');
    await ui.page.keyboard.press('Escape');

    await ui.page.getByLabel('Client').fill('curl');
    await expect.poll(() => rows(ui!).count()).toBe(1);
    await ui.page.getByLabel('Client').fill('');
    await ui.page.getByLabel('Status').selectOption('4xx');
    await expect.poll(() => rows(ui!).count()).toBe(2);
    await ui.page.getByLabel('Status').selectOption('');
    await ui.page.getByLabel('Time', { exact: true }).selectOption('15m');
    await expect.poll(() => rows(ui!).count()).toBe(4);
    // A custom range that ended before these requests: none; then live entries obey it too.
    await ui.page.getByLabel('Time', { exact: true }).selectOption('custom');
    await ui.page.getByLabel('To').fill('2020-01-01T00:00');
    await expect.poll(() => ui!.page.getByTestId('logs-empty').textContent()).toContain('No requests match');
    await chat(ui);
    await ui.page.getByLabel('To').fill('');
    await expect.poll(() => rows(ui!).count()).toBe(5);
    await ui.page.getByLabel('From').fill('2020-01-01T00:00');
    await expect.poll(() => rows(ui!).count()).toBe(5);
    await ui.page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => ui!.page.getByLabel('Time', { exact: true }).inputValue()).toBe('');

    for (const scheme of ['light', 'dark'] as const) {
      await ui.page.emulateMedia({ colorScheme: scheme });
      for (const width of [1280, 800]) {
        await ui.page.setViewportSize({ width, height: 820 });
        // The table scrolls inside its frame instead of being cut or squeezed.
        const scroller = ui.page.locator('.logs-scroll');
        await expect.poll(() => scroller.evaluate((el) => el.getBoundingClientRect().right <= document.documentElement.clientWidth)).toBe(true);
        await expect.poll(() => ui!.page.locator('.logs-table').evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThanOrEqual(1000);
        await ui.shot(`logs-${width}-${scheme}`);
      }
    }
    await ui.page.setViewportSize({ width: 800, height: 820 });
    await rows(ui).nth(2).click();
    const idBox = ui.page.getByTestId('log-drawer-id');
    await expect.poll(() => idBox.evaluate((el) => el.getBoundingClientRect().height)).toBeLessThan(30);
    await ui.shot('logs-detail-800-dark');
  }, 60_000);
});

