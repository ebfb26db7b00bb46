import { afterEach, describe, expect, test } from 'vitest';
import { SCREENS } from '../../src-renderer/routes';
import { sendSampleTraffic, waitForScreen } from '../support/ui-sample-traffic';
import { startUiWorld, usePatientPolls, type UiWorld } from '../support/ui-world';

// From a half-screen browser window to a wide screen: the sidebar is a column on wide windows and a
// top bar under 900 px, and no screen makes the page itself scroll sideways (wide tables scroll
// inside their own box).

let ui: UiWorld | undefined;
usePatientPolls();
afterEach(async () => {
  await ui?.close();
  ui = undefined;
});

describe('layout at every width', () => {
  test('sidebar beside the content at 1280 px, a top bar at 800 px; no page-wide sideways scrolling', async () => {
    ui = await startUiWorld();
    await sendSampleTraffic(ui);
    await ui.open('overview');
    const nav = ui.page.getByRole('navigation', { name: 'Sections' });
    const problems: string[] = [];
    for (const width of [1280, 800]) {
      await ui.page.setViewportSize({ width, height: 820 });
      for (const screen of SCREENS) {
        await ui.page.evaluate((s) => (window.location.hash = `#/${s}`), screen.id);
        await waitForScreen(ui.page);
        const overflow = await ui.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) problems.push(`${screen.id} at ${width} px: the page scrolls ${overflow} px sideways`);
        const box = (await nav.boundingBox())!;
        const main = (await ui.page.locator('main').boundingBox())!;
        const beside = box.x + box.width <= main.x && box.height >= 700;
        const above = box.y + box.height <= main.y && box.width === width && box.height < 140;
        if (width === 1280 ? !beside : !above) problems.push(`${screen.id} at ${width} px: the sections are not ${width === 1280 ? 'beside' : 'above'} the content`);
      }
    }
    expect(problems).toEqual([]);
  }, 90_000);
});
