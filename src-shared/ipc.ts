// IPC between the Electron main process and the settings window's preload: every channel is a
// `namespace:verb` constant in this one map, with its request and reply types. The settings
// window needs exactly one thing from the main process — where the admin API is and its token —
// and everything else goes through the admin API over HTTP (see src-renderer/api.ts).

export const IPC = {
  /** Synchronous (sendSync): the admin API's address and token, or null for a sender that may not have them. */
  adminLocate: 'admin:locate',
} as const;

export type IpcChannel = (typeof IPC)[keyof typeof IPC];

/** What the preload exposes to the settings UI as `window.outcrop` (read by locateAdmin()). */
export interface AdminLocation {
  adminUrl: string;
  token: string;
}

/** Request arguments and reply of each channel. */
export interface IpcContract {
  'admin:locate': { args: []; reply: AdminLocation | null };
}

/** True for a well-formed admin location: an http(s) URL and a non-empty token, nothing else. */
export function isAdminLocation(value: unknown): value is AdminLocation {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (Object.keys(v).sort().join(',') !== 'adminUrl,token') return false;
  if (typeof v.adminUrl !== 'string' || typeof v.token !== 'string' || v.token === '') return false;
  try {
    const url = new URL(v.adminUrl);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
