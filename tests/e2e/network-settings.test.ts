import OpenAI from 'openai';
import { afterEach, describe, expect, test } from 'vitest';
import { startConnectProxy, type ConnectProxy } from '../support/connect-proxy';
import { startImageHost } from '../support/image-host';
import { settingsSave, startUiWorld, type UiWorld, usePatientPolls } from '../support/ui-world';

// The network fields of the Settings screen (company proxy, private image hosts): checked, saved,
// applied from the next request.

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

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
    const save = settingsSave(ui!.page);
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
    // The runtime call and the model listing (a control-plane connection) both go through it.
    expect(new Set(proxy.targets())).toEqual(new Set([target]));
    const carried = proxy.targets().length;
    expect(proxy.connects[0].proxyAuthorization).toBe(`Basic ${Buffer.from('dave:secret').toString('base64')}`);

    await ui.page.getByLabel('No proxy for', { exact: true }).fill('localhost, 127.0.0.1');
    await save.click();
    await expect.poll(() => ui!.core.settings.get().noProxy).toBe('localhost, 127.0.0.1');
    proxy.refuseWith(403);
    expect((await chat(ui)).choices[0].message.content).toBe('ok');
    expect(proxy.targets()).toHaveLength(carried);

    await field.fill('');
    await save.click();
    await expect.poll(() => ui!.core.settings.get().httpsProxy).toBeUndefined();
  });
});

describe('Settings screen: private image hosts', { timeout: 30_000 }, () => {
  test('off by default (a loopback image URL is refused); ticked and saved, the next request fetches it; unticked, refused again', async () => {
    ui = await startUiWorld();
    const images = await startImageHost(PNG);
    try {
      ui.world.bedrock.setHandler(() => ({ text: 'a pixel' }));
      const withImage = () =>
        new OpenAI({ baseURL: `${ui!.core.proxy.url}/v1`, apiKey: 'outcrop', maxRetries: 0, timeout: 10_000 }).chat.completions.create({
          model: 'claude-sonnet',
          messages: [{ role: 'user', content: [{ type: 'text', text: 'what is it?' }, { type: 'image_url', image_url: { url: `${images.url}/cat.png` } }] }],
        });
      const refused = (): Promise<string> => withImage().then(() => 'fetched', (err: Error) => err.message);
      await ui.open('settings');
      const save = settingsSave(ui!.page);
      const box = ui.page.getByLabel('Allow private image hosts', { exact: true });
      await expect.poll(() => box.isChecked()).toBe(false);
      await expect.poll(() => ui!.page.getByTestId('settings-allowPrivateImageHosts-message').textContent()).toContain('private network');
      expect(await refused()).toContain("points to a private or local network address; Outcrop does not fetch those (turn on 'Allow private image hosts'");

      await box.check();
      await save.click();
      await expect.poll(() => ui!.core.settings.get().allowPrivateImageHosts).toBe(true);
      await ui.shot('settings-private-image-hosts');
      expect((await withImage()).choices[0].message.content).toBe('a pixel');

      await box.uncheck();
      await save.click();
      await expect.poll(() => ui!.core.settings.get().allowPrivateImageHosts).toBe(false);
      expect(await refused()).toContain('points to a private or local network address');
    } finally {
      images.close();
    }
  });
});
