import { decideNotifications, type NotificationMemory } from './notifications';
import type { DesktopShell } from './shell';
import type { DesktopState } from './state';
import { trayIcon, trayStatus } from './tray-icon';
import { trayMenu, trayTooltip } from './tray-menu';

// What the user sees of a DesktopState: the tray, rebuilt whole on every change, and the
// notifications the state calls for. It remembers which notifications it raised, so a state
// shown again never notifies twice.

export class DesktopView {
  private memory: NotificationMemory = {};

  constructor(private readonly shell: Pick<DesktopShell, 'renderTray' | 'notify'>) {}

  /** Renders the tray for `state` and raises the notifications it calls for that were not raised yet. */
  show(state: DesktopState): void {
    const status = trayStatus(state);
    this.shell.renderTray({ status, icon: trayIcon(status, state.platform), tooltip: trayTooltip(state), items: trayMenu(state) });
    const { notifications, memory } = decideNotifications(state, this.memory);
    this.memory = memory;
    for (const n of notifications) this.shell.notify(n);
  }
}
