import type { DesktopShell } from './shell';

// Keeps the system's launch-at-login entry in step with the setting: the shell is asked only when
// the setting differs from what was last applied, and a failure is handed on as a warning.

export class LaunchAtLoginSync {
  private applied?: boolean;

  constructor(
    private readonly shell: Pick<DesktopShell, 'setLaunchAtLogin'>,
    private readonly warn: (message: string) => void,
  ) {}

  /** Applies `on` unless it is what was applied last; never throws. */
  async apply(on: boolean): Promise<void> {
    if (on === this.applied) return;
    this.applied = on;
    try {
      await this.shell.setLaunchAtLogin(on);
    } catch (err) {
      this.warn(`Could not ${on ? 'turn on' : 'turn off'} launch at login: ${(err as Error).message}`);
    }
  }
}
