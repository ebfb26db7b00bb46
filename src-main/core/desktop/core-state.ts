import type { Settings } from '../../../src-shared/settings';
import type { DesktopCore } from './shell';
import type { DesktopState } from './state';

// Where DesktopState comes from: what it holds before the core answers, and the core's live
// fields, re-read on every update so the tray never shows a stale copy of them.

/** The state before the core has started: the proxy starting, nothing known yet. */
export function initialState(platform: NodeJS.Platform): DesktopState {
  return {
    platform,
    proxy: { status: 'starting' },
    credentials: { profile: '', status: 'unknown' },
    usesApiKey: false,
    activeProfile: '',
    profiles: [],
    settings: { defaultModel: '', aliases: {}, caching: { system: false, tools: false, conversation: false }, launchAtLogin: false },
    warnings: [],
  };
}

/** What the state copies from the core as it is now (credentials, profile, the settings the tray shows). */
export function stateFromCore(core: DesktopCore | undefined): Partial<DesktopState> {
  return core
    ? {
        credentials: core.credentials.state,
        usesApiKey: core.usesApiKey,
        activeProfile: core.activeProfile,
        settings: pickSettings(core.settings.get()),
      }
    : {};
}

function pickSettings(s: Settings): DesktopState['settings'] {
  return { defaultModel: s.defaultModel, aliases: s.aliases, caching: s.caching, launchAtLogin: s.launchAtLogin };
}
