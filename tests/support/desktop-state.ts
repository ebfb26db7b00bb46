import type { DesktopState } from '../../src-main/core/desktop/state';

/** A desktop state for tests: running on 127.0.0.1:8797 with valid credentials for profile dev, on Linux. */
export function desktopState(overrides: Partial<DesktopState> = {}): DesktopState {
  return {
    platform: 'linux',
    proxy: { status: 'running', url: 'http://127.0.0.1:8797' },
    credentials: { profile: 'dev', status: 'valid' },
    usesApiKey: false,
    activeProfile: 'dev',
    profiles: [
      { name: 'dev', kind: 'sso' },
      { name: 'prod', kind: 'role' },
    ],
    settings: { defaultModel: 'claude-sonnet', aliases: {}, caching: { system: true, tools: true, conversation: true }, launchAtLogin: false },
    warnings: [],
    ...overrides,
  };
}
