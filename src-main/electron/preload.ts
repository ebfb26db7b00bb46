import { contextBridge, ipcRenderer } from 'electron';
import { IPC, isAdminLocation } from '../../src-shared/ipc';

// The settings window's preload (sandboxed, context-isolated). It exposes exactly the admin API's
// address and token as window.outcrop — read by locateAdmin() in src-renderer/api.ts — and
// nothing else: no ipcRenderer, no Node. Everything else goes through the admin API over HTTP.
const reply: unknown = ipcRenderer.sendSync(IPC.adminLocate);
if (isAdminLocation(reply)) {
  contextBridge.exposeInMainWorld('outcrop', { adminUrl: reply.adminUrl, token: reply.token });
}
