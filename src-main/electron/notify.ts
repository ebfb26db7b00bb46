import { Notification } from 'electron';
import type { DesktopNotification } from '../core/desktop/notifications';
import type { TrayAction } from '../core/desktop/state';

// Notifications that are garbage-collected lose their click handlers; keep them until closed.
const live = new Set<Notification>();

/** Shows a notification: buttons where the platform has them (macOS, Windows), a click runs its click action. */
export function showNotification(note: DesktopNotification, opts: { platform: NodeJS.Platform; onAction: (action: TrayAction) => void; icon?: string }): void {
  if (!Notification.isSupported()) return;
  const buttons = opts.platform === 'darwin' || opts.platform === 'win32' ? note.buttons : [];
  const n = new Notification({
    title: note.title,
    body: note.body,
    actions: buttons.map((b) => ({ type: 'button' as const, text: b.label })),
    ...(opts.platform !== 'darwin' && opts.icon ? { icon: opts.icon } : {}),
  });
  n.on('action', (details) => {
    const button = buttons[details.actionIndex];
    if (button) opts.onAction(button.action);
  });
  n.on('click', () => {
    if (note.clickAction) opts.onAction(note.clickAction);
  });
  n.on('close', () => live.delete(n));
  live.add(n);
  n.show();
}
