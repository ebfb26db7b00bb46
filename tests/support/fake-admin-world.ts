import { afterAll, beforeAll, beforeEach } from 'vitest';
import { defaultSettings } from '../../src-shared/settings';
import { adminClient } from './admin-client';
import { FakeAdminBackend } from './fake-admin-backend';
import { startHarness, type Harness } from './harness';

export const FAKE_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef0123456789';

export interface FakeAdminWorld {
  readonly h: Harness;
  readonly backend: FakeAdminBackend;
  /** Calls the admin API with the token (see adminClient). */
  call: ReturnType<typeof adminClient>;
}

/**
 * Registers the suite's hooks: a proxy with the admin API over an in-memory backend, started once,
 * with the backend's calls and settings reset before each test.
 */
export function useFakeAdminWorld(): FakeAdminWorld {
  let h: Harness | undefined;
  let backend: FakeAdminBackend | undefined;
  beforeAll(async () => {
    backend = new FakeAdminBackend();
    h = await startHarness({ admin: { backend, token: FAKE_ADMIN_TOKEN } });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    backend!.calls.length = 0;
    backend!.settings = defaultSettings();
  });
  return {
    get h() {
      return h!;
    },
    get backend() {
      return backend!;
    },
    call: adminClient(() => h!.proxy.url, FAKE_ADMIN_TOKEN),
  };
}
