import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { readSetupFacts } from '../../src-main/core/diagnosis/facts';
import { defaultSettings } from '../../src-shared/settings';

// The keys in the environment count as the credentials in use only when the SDK takes them: with a
// profile named (AWS_PROFILE, the settings, --profile), it skips them.
test('envKeys: keys in the environment are in use only when no profile is named', async () => {
  const home = mkdtempSync(join(tmpdir(), 'outcrop-facts-'));
  const keys = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 's', AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials') };
  const facts = (env: NodeJS.ProcessEnv, profile?: string, settingsProfile?: string) => readSetupFacts({ mode: 'headless', settings: { ...defaultSettings(), ...(settingsProfile ? { profile: settingsProfile } : {}) }, env, profile });
  expect((await facts(keys)).envKeys).toBe(true);
  expect((await facts({ ...keys, AWS_PROFILE: 'corp' })).envKeys).toBe(false);
  expect((await facts(keys, 'corp')).envKeys).toBe(false);
  expect((await facts(keys, undefined, 'corp')).envKeys).toBe(false);
  expect((await facts({ AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_CONFIG_FILE: keys.AWS_CONFIG_FILE })).envKeys).toBe(false);
});
