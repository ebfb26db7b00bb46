import OpenAI from 'openai';
import type { Page } from 'playwright-core';
import type { UiWorld } from './ui-world';

/** A few requests through the proxy so Logs, Usage and the Overview have rows and charts: two models, one failure. */
export async function sendSampleTraffic(ui: UiWorld): Promise<void> {
  const openai = new OpenAI({ baseURL: `${ui.core.proxy.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  const turns: Array<[string, { inputTokens: number; outputTokens: number; cacheReadInputTokens?: number }]> = [
    ['claude-sonnet', { inputTokens: 1200, outputTokens: 240, cacheReadInputTokens: 900 }],
    ['claude-sonnet', { inputTokens: 800, outputTokens: 160 }],
    ['nova-pro', { inputTokens: 500, outputTokens: 100 }],
  ];
  for (const [model, usage] of turns) {
    ui.world.bedrock.script({ text: 'ok', usage });
    await openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }] });
  }
  // A request the proxy refuses (no such model) shows an error row.
  await openai.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'hello' }] }).catch(() => undefined);
}

/** Waits until the screen shows its heading and nothing on it is still loading (busy regions, skeletons such as the lazy charts' fallback). */
export async function waitForScreen(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('main [aria-busy="true"], main .skeleton').length === 0);
}
