import { findFreePort as defaultFindFreePort } from './free-port';
import type { DesktopCore } from './shell';
import type { ProxyState } from './state';

// Starting the proxy, as the tray sees the outcome: running at its address, or why not. A taken
// port is the one failure with a fix to offer, so it comes with a free port nearby when one is found.

/** Starts the core's proxy and returns the proxy state it ends in; never throws. */
export async function startProxyState(
  core: DesktopCore,
  findFreePort: (host: string, from: number) => Promise<number | undefined> = defaultFindFreePort,
): Promise<ProxyState> {
  try {
    return { status: 'running', url: await core.startProxy() };
  } catch (err) {
    const e = err as { code?: string; host?: string; port?: number; message: string };
    if (e.code === 'port-in-use' && e.host !== undefined && e.port !== undefined) {
      const freePort = await findFreePort(e.host, e.port + 1).catch(() => undefined);
      return { status: 'port-in-use', host: e.host, port: e.port, message: e.message, ...(freePort !== undefined ? { freePort } : {}) };
    }
    return { status: 'error', message: e.message };
  }
}
