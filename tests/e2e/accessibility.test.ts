import { afterEach, describe, expect, test } from 'vitest';
import { SCREENS } from '../../src-renderer/routes';
import { axeViolations, describeViolations } from '../support/axe';
import { sendSampleTraffic, waitForScreen } from '../support/ui-sample-traffic';
import { startUiWorld, usePatientPolls, type UiWorld } from '../support/ui-world';

// axe-core's WCAG 2 A/AA rules (contrast, names, labels, landmarks…) on every screen, with sample
// traffic so tables and charts are filled, in both themes and at a desktop and a half-screen width.

let ui: UiWorld | undefined;
usePatientPolls();
afterEach(async () => {
  await ui?.close();
  ui = undefined;
});

describe.each(['light', 'dark'] as const)('accessibility, %s theme', (colorScheme) => {
  test('every screen passes axe (WCAG 2 A and AA) at 1280 and 800 px', async () => {
    ui = await startUiWorld({ colorScheme });
    await sendSampleTraffic(ui);
    await ui.open('overview');
    const found: string[] = [];
    for (const width of [1280, 800]) {
      await ui.page.setViewportSize({ width, height: 820 });
      for (const screen of SCREENS) {
        await ui.page.evaluate((s) => (window.location.hash = `#/${s}`), screen.id);
        await waitForScreen(ui.page);
        const violations = await axeViolations(ui.page);
        if (violations.length) found.push(`${screen.id} at ${width} px:\n${describeViolations(violations)}`);
        await ui.shot(`a11y-${screen.id}-${colorScheme}-${width}`);
      }
    }
    expect(found.join('\n\n'), 'axe found violations').toBe('');
  }, 120_000);
});
