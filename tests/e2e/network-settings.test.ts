import OpenAI from 'openai';
import { afterEach, describe, expect, test } from 'vitest';
import { startConnectProxy, type ConnectProxy } from '../support/connect-proxy';
import { startUiWorld, usePatientPolls, type UiWorld } from '../support/ui-world';

// The proxy fields of the Settings screen: checked, saved, applied from the next request.

let ui: UiWorld | undefined;
let proxy: ConnectProxy | undefined;
usePatientPolls();
afterEach(async () => {
  await ui?.close();
  await proxy?.close();
  ui = proxy = undefined;
});

const chat = (u: UiWorld) =>
  new OpenAI({ baseURL: `${u.core.proxy.url}/v1`, apiKey: 'outcrop', maxRetries: 0, timeout: 10_000 }).chat.completions.create({ model: 'claude-sonnet', messages: [{ role: 'user', content: 'hi' }] });

describe('Settings screen: company proxy', { timeout: 30_000 }, () => {
  test('the proxy is checked, saved and used by the next request; "No proxy for" sends a host direct; emptying it unsets it', async () => {
    ui = await startUiWorld();
    proxy = await startConnectProxy();
    ui.world.bedrock.setHandler(() => ({ text: 'ok' }));
    await ui.open('settings');
    const bedrock = ui.page.getByTestId('section-bedrock');
    const save = bedrock.getByRole('button', { name: 'Save', exact: true });
    const field = ui.page.getByLabel('Proxy', { exact: true });
    await expect.poll(() => ui!.page.getByTestId('settings-httpsProxy-message').textContent()).toContain('HTTPS_PROXY');

    await field.fill('proxy.example.com:3128');
    await save.click();
    await expect.poll(() => ui!.page.getByTestId('settings-httpsProxy-message').textContent()).toContain('as a URL');
    expect(ui.core.settings.get().httpsProxy).toBeUndefined();

    const withAuth = proxy.url.replace('http://', 'http://dave:secret@');
    await field.fill(withAuth);
    await save.click();
    await expect.poll(() => ui!.core.settings.get().httpsProxy).toBe(withAuth);
    await ui.shot('settings-proxy');
    // The emulator is http://127.0.0.1: the proxy carries it too (h2c through the tunnel).
    expect((await chat(ui)).choices[0].message.content).toBe('ok');
    const target = `127.0.0.1:${ui.world.bedrock.port}`;
    expect(proxy.targets()).toEqual([target]);
    expect(proxy.connects[0].proxyAuthorization).toBe(`Basic ${Buffer.from('dave:secret').toString('base64')}`);

    await ui.page.getByLabel('No proxy for', { exact: true }).fill('localhost, 127.0.0.1');
    await save.click();
    await expect.poll(() => ui!.core.settings.get().noProxy).toBe('localhost, 127.0.0.1');
    proxy.refuseWith(403);
    expect((await chat(ui)).choices[0].message.content).toBe('ok');
    expect(proxy.targets()).toEqual([target]);

    await field.fill('');
    await save.click();
    await expect.poll(() => ui!.core.settings.get().httpsProxy).toBeUndefined();
  });
});
