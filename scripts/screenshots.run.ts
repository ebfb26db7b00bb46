import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'vitest';
import { SCREENS } from '../src-renderer/routes';
import { sendSampleTraffic, waitForScreen } from '../tests/support/ui-sample-traffic';
import { startUiWorld } from '../tests/support/ui-world';

// Writes docs/screenshots/<screen>.png and <screen>-dark.png for every screen of the settings
// window at 1280 px, with sample traffic. The world listens on free ports and a throwaway home:
// before each shot the page's text says the defaults instead (port 8797, the emulator's 8798, the
// Linux settings folder), so the pictures do not change with the ports of the run.

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
// Screens whose whole page is worth showing; the others are shot at the window's height.
const FULL_PAGE = new Set(['overview', 'settings']);

test('README screenshots, light and dark', async () => {
  mkdirSync(OUT, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    const ui = await startUiWorld({ colorScheme });
    try {
      await sendSampleTraffic(ui);
      await ui.open('overview');
      const swaps: Array<[string, string]> = [
        [`127.0.0.1:${ui.core.proxy.port}`, '127.0.0.1:8797'],
        [`localhost:${ui.core.proxy.port}`, 'localhost:8797'],
        [`127.0.0.1:${ui.world.bedrock.port}`, '127.0.0.1:8798'],
        [`Port ${ui.core.proxy.port}`, 'Port 8797'],
        [ui.world.outcropHome, '~/.config/outcrop'],
      ];
      for (const screen of SCREENS) {
        await ui.page.evaluate((s) => (window.location.hash = `#/${s}`), screen.id);
        await waitForScreen(ui.page);
        // Charts draw on a canvas once their lazy chunk has loaded.
        if (screen.id === 'usage') await ui.page.locator('main canvas').first().waitFor();
        await ui.page.evaluate((pairs) => {
          const swap = (text: string): string => pairs.reduce((t, [from, to]) => t.split(from).join(to), text);
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) n.nodeValue = swap(n.nodeValue ?? '');
          for (const el of document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')) el.value = swap(el.value);
        }, swaps);
        const name = colorScheme === 'dark' ? `${screen.id}-dark` : screen.id;
        await ui.page.screenshot({ path: `${OUT}${name}.png`, fullPage: FULL_PAGE.has(screen.id), animations: 'disabled', caret: 'hide' });
        console.log(`wrote docs/screenshots/${name}.png`);
      }
    } finally {
      await ui.close();
    }
  }
});
