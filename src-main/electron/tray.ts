import { join } from 'node:path';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import type { TrayView } from '../core/desktop/desktop-app';
import type { TrayAction } from '../core/desktop/state';
import type { TrayIcon } from '../core/desktop/tray-icon';
import type { TrayItem } from '../core/desktop/tray-menu';

/** Electron menu items for the tray menu model; a click hands the item's action to `onAction`. */
export function menuTemplate(items: TrayItem[], onAction: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if (item.type === 'separator') return { type: 'separator', id: item.id };
    if (item.type === 'submenu') return { type: 'submenu', id: item.id, label: item.label, enabled: item.enabled, submenu: menuTemplate(item.items, onAction) };
    const base: MenuItemConstructorOptions = { type: item.type, id: item.id, label: item.label, enabled: item.enabled };
    if (item.type === 'checkbox' || item.type === 'radio') base.checked = item.checked;
    const action = item.action;
    if (action) base.click = () => onAction(action);
    return base;
  });
}

/** The tray icon and its menu, re-rendered whole from each TrayView. */
export class TrayRenderer {
  private tray?: Tray;
  private iconFile?: string;

  constructor(private readonly opts: { iconDir: string; platform: NodeJS.Platform; onAction: (action: TrayAction) => void }) {}

  render(view: TrayView): void {
    const image = this.image(view.icon);
    if (!this.tray) {
      this.tray = new Tray(image);
      // Windows opens a tray icon's menu on right-click only; a left click should too.
      if (this.opts.platform === 'win32') this.tray.on('click', () => this.tray?.popUpContextMenu());
    } else if (this.iconFile !== view.icon.file) {
      this.tray.setImage(image);
    }
    this.iconFile = view.icon.file;
    this.tray.setToolTip(view.tooltip);
    // Linux (AppIndicator) only picks menu changes up from a new setContextMenu call; every
    // render sets a freshly built menu, which suits all platforms.
    this.tray.setContextMenu(Menu.buildFromTemplate(menuTemplate(view.items, this.opts.onAction)));
  }

  destroy(): void {
    this.tray?.destroy();
    this.tray = undefined;
  }

  private image(icon: TrayIcon): NativeImage {
    const image = nativeImage.createFromPath(join(this.opts.iconDir, icon.file));
    if (icon.template) image.setTemplateImage(true);
    return image;
  }
}
