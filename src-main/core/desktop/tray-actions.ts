import type { Settings } from '../../../src-shared/settings';
import type { TrayAction } from './state';
import { withAliasTarget } from './tray-menu';

// What a tray or notification action means, apart from carrying it out: the settings change an
// action stands for, when it is one, and how an action reads in the warning when it fails.

/** The actions that are a settings change and nothing else. */
export type SettingsAction = Extract<TrayAction, { type: 'set-default-model' | 'set-alias' | 'set-caching' | 'set-profile' | 'set-launch-at-login' }>;

/** The settings patch `action` stands for; `settings` is read only where the patch builds on them. */
export function settingsPatch(action: SettingsAction, settings: { get(): Settings }): Partial<Settings> {
  switch (action.type) {
    case 'set-default-model':
      return { defaultModel: action.model };
    case 'set-alias':
      // From the aliases as they are now, not as the menu saw them: a change made meanwhile in the settings window stays.
      return { aliases: withAliasTarget(settings.get().aliases, action.name, action.target) };
    case 'set-caching':
      return { caching: { system: action.on, tools: action.on, conversation: action.on } };
    case 'set-profile':
      return { profile: action.profile };
    case 'set-launch-at-login':
      return { launchAtLogin: action.on };
  }
}

/** The warning for an action that failed with `err`. */
export function actionFailed(action: TrayAction, err: unknown): string {
  return `Could not ${describe(action)}: ${(err as Error).message}`;
}

function describe(action: TrayAction): string {
  switch (action.type) {
    case 'set-default-model':
      return `make ${action.model} the default model`;
    case 'set-alias':
      return action.target === null ? `remove the alias ${action.name}` : `point ${action.name} at ${action.target}`;
    case 'set-profile':
      return `switch to profile ${action.profile}`;
    case 'sign-in':
      return 'start signing in to AWS';
    case 'use-port':
      return `switch to port ${action.port}`;
    default:
      return action.type.replace(/-/g, ' ');
  }
}
