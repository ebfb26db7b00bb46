import { createInterface } from 'node:readline';
import { createFakeElectron, type FakeMenu } from './fake-electron';

// The fake `electron` module for a child process running the bundled main (dist/main/main.js):
// electron-hooks.mjs resolves `electron` here. It reports on stdout, one JSON line each prefixed
// with "FAKE-ELECTRON ", what the app shows (tray, notifications) and takes commands on stdin:
// {"click":"<tray item id>"} clicks a tray menu item, {"quit":true} quits like Cmd+Q.

type Item = Record<string, unknown> & { submenu?: Item[]; click?: () => void };

function report(kind: string, data: unknown): void {
  process.stdout.write(`FAKE-ELECTRON ${JSON.stringify({ kind, data })}\n`);
}

function plain(items: Item[]): unknown[] {
  return items.map(({ click: _click, submenu, ...rest }) => ({ ...rest, ...(submenu ? { submenu: plain(submenu) } : {}) }));
}

function find(items: Item[], id: string): Item | undefined {
  for (const item of items) {
    if (item.id === id) return item;
    const inner = item.submenu && find(item.submenu, id);
    if (inner) return inner;
  }
  return undefined;
}

let menu: Item[] = [];
const fake = createFakeElectron({
  onExit: (code) => {
    report('exit', code);
    process.exit(code);
  },
  onRecord: (api, args) => {
    if (api === 'tray.setContextMenu') {
      menu = (args[0] as FakeMenu).template as Item[];
      report('menu', plain(menu));
    } else if (api === 'Notification.show') {
      report('notification', args[0]);
    } else if (api === 'tray.setToolTip' || api === 'Tray.new' || api === 'tray.setImage' || api === 'app.dock.hide' || api === 'shell.openExternal' || api === 'clipboard.writeText') {
      report(api, args);
    }
  },
});

createInterface({ input: process.stdin }).on('line', (line) => {
  const command = JSON.parse(line) as { click?: string; quit?: boolean };
  if (command.quit) fake.app.quit();
  if (command.click) {
    const item = find(menu, command.click);
    if (item?.click) item.click();
    else report('error', `no clickable item ${command.click}`);
  }
});

export const { app, nativeImage, Tray, Menu, Notification, BrowserWindow, ipcMain, ipcRenderer, contextBridge, shell, clipboard, dialog, safeStorage, powerMonitor } = fake.module;
export default fake.module;
