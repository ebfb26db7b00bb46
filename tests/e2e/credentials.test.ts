import { afterEach, describe, expect, test } from 'vitest';
import { followAuthorize } from '../support/aws-world';
import { startUiWorld, usePatientPolls, type UiWorld } from '../support/ui-world';

// The Credentials screen against the real core and the SSO emulator. window.open is recorded
// instead of opening a tab, and the test plays the browser with the recorded URL.

let ui: UiWorld | undefined;
usePatientPolls();
afterEach(async () => {
  await ui?.close();
  ui = undefined;
});

async function openCredentials(u: UiWorld): Promise<void> {
  u.page.setDefaultTimeout(10_000);
  await u.page.addInitScript(() => {
    const w = window as unknown as { __opened: string[] };
    w.__opened = [];
    window.open = (url?: string | URL) => {
      w.__opened.push(String(url));
      return null;
    };
  });
  await u.open('credentials');
  await u.page.getByTestId('profile-row').first().waitFor();
}

const opened = (u: UiWorld) => u.page.evaluate(() => (window as unknown as { __opened: string[] }).__opened);
const row = (u: UiWorld, name: string) => u.page.locator(`[data-testid="profile-row"][data-profile="${name}"]`);

describe('Credentials screen', () => {
  test('lists the SSO profiles as needing sign-in; signing in through the browser marks the profile signed in', async () => {
    ui = await startUiWorld();
    await openCredentials(ui);
    const { sessionProfile, legacyProfile } = ui.world.files;
    for (const name of [sessionProfile, legacyProfile]) {
      await expect.poll(() => row(ui!, name).getByTestId('profile-state').textContent()).toBe('needs sign-in');
    }
    await expect.poll(() => row(ui!, sessionProfile).textContent()).toContain('IAM Identity Center');
    await expect.poll(() => row(ui!, legacyProfile).textContent()).toContain('IAM Identity Center (legacy)');
    await expect.poll(() => ui!.page.getByTestId('uses-api-key').textContent()).toBe('AWS credentials (SigV4)');
    await ui.shot('credentials');

    await ui.page.getByRole('button', { name: `Sign in to ${sessionProfile}` }).click();
    const panel = ui.page.getByTestId('sign-in-panel');
    await panel.waitFor();
    await expect.poll(() => panel.getAttribute('data-state')).toBe('pending');
    await expect.poll(() => opened(ui!)).toHaveLength(1);
    const [url] = await opened(ui);
    expect(url.startsWith(`${ui.world.sso.url}/authorize?`)).toBe(true);
    await expect.poll(() => panel.getByRole('link', { name: 'Open the sign-in page again' }).getAttribute('href')).toBe(url);
    await ui.shot('credentials-signing-in');

    const callback = await followAuthorize(url);
    expect(callback.status).toBe(200);
    await expect.poll(() => panel.getAttribute('data-state')).toBe('done');
    await expect.poll(() => ui!.page.getByTestId('sign-in-result').textContent()).toContain(`Signed in to ${sessionProfile}`);
    await expect.poll(() => row(ui!, sessionProfile).getByTestId('profile-state').textContent()).toBe('signed in');
    // The sso-session profile refreshes its token, so its session lasts as long as the client registration.
    await expect.poll(() => row(ui!, sessionProfile).getByTestId('profile-session').textContent()).toMatch(/^session ends in \d+ (days|weeks|months) · refreshes automatically$/);
    await expect.poll(() => row(ui!, sessionProfile).getByRole('button', { name: `Sign in to ${sessionProfile}` }).textContent()).toBe('Sign in again');
    await ui.shot('credentials-signed-in');
  }, 30_000);

  test('switching the active profile persists in settings and survives a reload', async () => {
    ui = await startUiWorld();
    await openCredentials(ui);
    const { legacyProfile } = ui.world.files;
    await ui.page.getByRole('radio', { name: legacyProfile }).check();
    await expect.poll(() => ui!.core.settings.get().profile).toBe(legacyProfile);
    await expect.poll(() => ui!.page.getByTestId('active-profile').textContent()).toBe(legacyProfile);
    await expect.poll(() => ui!.page.getByTestId('active-state').textContent()).toBe('needs sign-in');
    await expect.poll(() => ui!.page.getByTestId('sidebar-state').textContent()).toContain(legacyProfile);

    await ui.page.reload();
    await ui.page.getByTestId('profile-row').first().waitFor();
    await expect.poll(() => ui!.page.getByRole('radio', { name: legacyProfile }).isChecked()).toBe(true);
  }, 30_000);

  test('the device flow of a legacy profile shows the user code; approving it signs in, cancelling stops it', async () => {
    ui = await startUiWorld();
    ui.world.sso.configure({ autoApprove: false });
    await openCredentials(ui);
    const { legacyProfile, sessionProfile } = ui.world.files;

    await ui.page.getByRole('button', { name: `Sign in to ${legacyProfile}` }).click();
    const code = ui.page.getByTestId('sign-in-code');
    await code.waitFor();
    const pending = await ui.world.sso.waitForPending();
    expect(pending.kind).toBe('device');
    await expect.poll(() => code.textContent()).toBe(pending.userCode);
    await expect.poll(() => opened(ui!)).toHaveLength(1);
    await expect.poll(async () => (await opened(ui!))[0]).toContain(ui.world.sso.url);
    // The other sign-in buttons wait for this one.
    await expect.poll(() => ui!.page.getByRole('button', { name: `Sign in to ${sessionProfile}` }).isDisabled()).toBe(true);
    await ui.shot('credentials-device-code');

    ui.world.sso.approve(pending.userCode!);
    const panel = ui.page.getByTestId('sign-in-panel');
    await expect.poll(() => panel.getAttribute('data-state'), { timeout: 10_000 }).toBe('done');
    await expect.poll(() => row(ui!, legacyProfile).getByTestId('profile-state').textContent()).toBe('signed in');
    await ui.page.getByRole('button', { name: 'Dismiss' }).click();
    await panel.waitFor({ state: 'detached' });

    // A device code on request for an sso-session profile, then cancelled.
    await ui.page.getByLabel('Sign in with a device code').check();
    await ui.page.getByRole('button', { name: `Sign in to ${sessionProfile}` }).click();
    await code.waitFor();
    await ui.page.getByRole('button', { name: 'Cancel sign-in' }).click();
    await expect.poll(() => panel.getAttribute('data-state')).toBe('cancelled');
    await expect.poll(() => ui!.page.getByTestId('sign-in-result').textContent()).toContain('cancelled');
    await expect.poll(() => row(ui!, sessionProfile).getByTestId('profile-state').textContent()).toBe('needs sign-in');
  }, 30_000);

  test('a sign-in denied in the browser shows why, and can be tried again', async () => {
    ui = await startUiWorld();
    ui.world.sso.configure({ autoApprove: false });
    await openCredentials(ui);
    const { sessionProfile } = ui.world.files;
    await ui.page.getByRole('button', { name: `Sign in to ${sessionProfile}` }).click();
    await expect.poll(() => opened(ui!)).toHaveLength(1);
    const [url] = await opened(ui);
    const page = fetch(url, { redirect: 'manual' });
    const pending = await ui.world.sso.waitForPending();
    ui.world.sso.deny(pending.key);
    await fetch((await page).headers.get('location')!);

    const panel = ui.page.getByTestId('sign-in-panel');
    await expect.poll(() => panel.getAttribute('data-state')).toBe('failed');
    await expect.poll(() => ui!.page.getByTestId('sign-in-result').textContent()).toMatch(/Sign-in failed: .*denied/);
    await ui.shot('credentials-sign-in-failed');
    await ui.page.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => panel.getAttribute('data-state')).toBe('pending');
    await expect.poll(() => opened(ui!)).toHaveLength(2);
  }, 30_000);

  test('the region is saved with suggestions; a bad name is refused with a message', async () => {
    ui = await startUiWorld({ colorScheme: 'dark' });
    await openCredentials(ui);
    const region = ui.page.getByLabel('Bedrock region');
    await expect.poll(() => region.getAttribute('list')).toBeTruthy();
    await expect.poll(async () => ui!.page.locator(`datalist#${await region.getAttribute('list')} option`).count()).toBeGreaterThan(10);

    await region.fill('nowhere');
    await ui.page.getByRole('button', { name: 'Save region' }).click();
    await ui.page.getByRole('alert').filter({ hasText: 'such as us-east-1' }).waitFor();
    await expect.poll(() => region.getAttribute('aria-invalid')).toBe('true');

    await region.fill('eu-west-1');
    await ui.page.getByRole('button', { name: 'Save region' }).click();
    await expect.poll(() => ui!.core.settings.get().region).toBe('eu-west-1');
    await expect.poll(() => ui!.page.getByRole('status').filter({ hasText: 'Saved' }).count()).toBe(1);
    await ui.shot('credentials-dark');
  }, 30_000);
});
