import { ipcMain, type IpcMainEvent } from 'electron';
import { IPC, type AdminLocation } from '../../src-shared/ipc';

/**
 * Answers the preload's one question — where the admin API is, and its token — to senders the
 * settings window vouches for; anyone else gets null. Returns a function that removes the handler.
 */
export function registerIpc(deps: { locate(): AdminLocation | null; trusted(event: IpcMainEvent): boolean }): () => void {
  const onLocate = (event: IpcMainEvent): void => {
    event.returnValue = deps.trusted(event) ? deps.locate() : null;
  };
  ipcMain.on(IPC.adminLocate, onLocate);
  return () => ipcMain.removeListener(IPC.adminLocate, onLocate);
}
