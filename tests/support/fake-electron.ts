import { EventEmitter } from 'node:events';

// A stand-in for the `electron` module, enough for Outcrop's adapters: it records what they ask
// of Electron so tests can check it. The real package cannot be loaded in tests — its index.js
// downloads the Electron binary. Unit tests use it through vi.mock('electron'); the bundle test
// loads it into a child process (fake-electron-process.ts) in place of the real module.

export interface FakeImage {
  path: string;
  template: boolean;
  setTemplateImage(on: boolean): void;
  isEmpty(): boolean;
}

export interface FakeMenu {
  template: Array<Record<string, unknown>>;
}

export interface FakeElectronOptions {
  /** What requestSingleInstanceLock answers. */
  lock?: boolean;
  encryption?: boolean;
  storageBackend?: string;
  /** What ipcRenderer.sendSync answers (the preload's view of the main process). */
  sendSync?: (channel: string) => unknown;
  onExit?: (code: number) => void;
  /** The button dialog.showMessageBoxSync answers with (its index). */
  messageBoxAnswer?: number;
  /** Called whenever something is recorded. */
  onRecord?: (api: string, args: unknown[]) => void;
}

export function createFakeElectron(opts: FakeElectronOptions = {}) {
  const calls: Array<{ api: string; args: unknown[] }> = [];
  const record = (api: string, ...args: unknown[]): void => {
    calls.push({ api, args });
    opts.onRecord?.(api, args);
  };
  const paths = new Map<string, string>();

  class FakeApp extends EventEmitter {
    isPackaged = false;
    name = 'outcrop';
    readonly dock = { hide: () => record('app.dock.hide') };
    exitCode?: number;
    setName(name: string): void {
      this.name = name;
      record('app.setName', name);
    }
    getName(): string {
      return this.name;
    }
    setPath(name: string, path: string): void {
      paths.set(name, path);
      record('app.setPath', name, path);
    }
    getPath(name: string): string {
      const p = paths.get(name);
      if (!p) throw new Error(`fake electron: no path ${name}`);
      return p;
    }
    getAppPath(): string {
      return process.cwd();
    }
    requestSingleInstanceLock(): boolean {
      record('app.requestSingleInstanceLock');
      return opts.lock ?? true;
    }
    whenReady(): Promise<void> {
      return Promise.resolve();
    }
    setAppUserModelId(id: string): void {
      record('app.setAppUserModelId', id);
    }
    setLoginItemSettings(settings: unknown): void {
      record('app.setLoginItemSettings', settings);
    }
    /** Like Electron: before-quit (which may be prevented), then exit. */
    quit(): void {
      record('app.quit');
      let prevented = false;
      this.emit('before-quit', { preventDefault: () => (prevented = true) });
      if (!prevented) this.exit(0);
    }
    exit(code = 0): void {
      this.exitCode = code;
      record('app.exit', code);
      opts.onExit?.(code);
    }
  }
  const app = new FakeApp();

  const nativeImage = {
    createFromPath(path: string): FakeImage {
      const image: FakeImage = {
        path,
        template: false,
        setTemplateImage(on: boolean) {
          image.template = on;
        },
        isEmpty: () => false,
      };
      return image;
    },
  };

  class Tray extends EventEmitter {
    static instances: Tray[] = [];
    image: FakeImage;
    tooltip = '';
    menu?: FakeMenu;
    destroyed = false;
    constructor(image: FakeImage) {
      super();
      this.image = image;
      Tray.instances.push(this);
      record('Tray.new', image.path);
    }
    setImage(image: FakeImage): void {
      this.image = image;
      record('tray.setImage', image.path);
    }
    setToolTip(text: string): void {
      this.tooltip = text;
      record('tray.setToolTip', text);
    }
    setContextMenu(menu: FakeMenu): void {
      this.menu = menu;
      record('tray.setContextMenu', menu);
    }
    popUpContextMenu(): void {
      record('tray.popUpContextMenu');
    }
    destroy(): void {
      this.destroyed = true;
      record('tray.destroy');
    }
  }

  const Menu = {
    buildFromTemplate(template: Array<Record<string, unknown>>): FakeMenu {
      record('Menu.buildFromTemplate', template);
      return { template };
    },
  };

  class Notification extends EventEmitter {
    static instances: Notification[] = [];
    static isSupported(): boolean {
      return true;
    }
    shown = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      Notification.instances.push(this);
    }
    show(): void {
      this.shown = true;
      record('Notification.show', this.options);
    }
  }

  let nextContentsId = 1;
  class FakeWebContents extends EventEmitter {
    readonly id = nextContentsId++;
    url = '';
    windowOpenHandler?: (details: { url: string }) => { action: string };
    readonly session = {
      permissionRequestHandler: undefined as undefined | ((...args: unknown[]) => void),
      permissionCheckHandler: undefined as undefined | ((...args: unknown[]) => boolean),
      setPermissionRequestHandler(handler: (...args: unknown[]) => void) {
        this.permissionRequestHandler = handler;
      },
      setPermissionCheckHandler(handler: (...args: unknown[]) => boolean) {
        this.permissionCheckHandler = handler;
      },
    };
    getURL(): string {
      return this.url;
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
      this.windowOpenHandler = handler;
    }
    /** Fires will-navigate like Chromium would; true when the navigation went ahead. */
    navigate(url: string, event: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
      let prevented = false;
      this.emit(event, { url, preventDefault: () => (prevented = true) }, url);
      if (!prevented) this.url = url;
      return !prevented;
    }
  }

  class BrowserWindow extends EventEmitter {
    static instances: BrowserWindow[] = [];
    readonly webContents = new FakeWebContents();
    destroyed = false;
    visible = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      BrowserWindow.instances.push(this);
      record('BrowserWindow.new', options);
    }
    loadURL(url: string): Promise<void> {
      this.webContents.url = url;
      record('win.loadURL', url);
      return Promise.resolve();
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    isMinimized(): boolean {
      return false;
    }
    restore(): void {}
    show(): void {
      this.visible = true;
    }
    focus(): void {
      record('win.focus');
    }
    destroy(): void {
      this.destroyed = true;
      this.emit('closed');
    }
  }

  const ipcMain = new EventEmitter();
  const ipcRenderer = {
    sendSync(channel: string): unknown {
      record('ipcRenderer.sendSync', channel);
      return opts.sendSync?.(channel);
    },
  };
  const contextBridge = {
    exposed: new Map<string, unknown>(),
    exposeInMainWorld(name: string, api: unknown) {
      contextBridge.exposed.set(name, api);
      record('contextBridge.exposeInMainWorld', name, api);
    },
  };
  const shell = {
    openExternal: async (url: string) => void record('shell.openExternal', url),
    openPath: async (path: string) => {
      record('shell.openPath', path);
      return '';
    },
    showItemInFolder: (path: string) => void record('shell.showItemInFolder', path),
  };
  const clipboard = { writeText: (text: string) => void record('clipboard.writeText', text) };
  // What dialog.showMessageBoxSync answers (a button's index); tests change it between calls.
  const messageBox = { answer: opts.messageBoxAnswer ?? 0 };
  const dialog = {
    showErrorBox: (title: string, message: string) => void record('dialog.showErrorBox', title, message),
    showMessageBoxSync: (_win: unknown, options: Record<string, unknown>) => {
      record('dialog.showMessageBoxSync', options);
      return messageBox.answer;
    },
  };
  const safeStorage = {
    isEncryptionAvailable: () => opts.encryption ?? false,
    getSelectedStorageBackend: () => opts.storageBackend ?? 'basic_text',
    encryptString: (plain: string) => Buffer.from(`sealed:${plain}`),
    decryptString: (sealed: Buffer) => sealed.toString().replace(/^sealed:/, ''),
  };

  const powerMonitor = new EventEmitter();

  const module = { app, nativeImage, Tray, Menu, Notification, BrowserWindow, ipcMain, ipcRenderer, contextBridge, shell, clipboard, dialog, safeStorage, powerMonitor };
  return { module, calls, messageBox, app, powerMonitor, Tray, Notification, BrowserWindow, ipcMain, contextBridge, paths, callsTo: (api: string) => calls.filter((c) => c.api === api) };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
