import { createServer } from 'node:net';

/** True when nothing listens on host:port (checked by listening on it briefly). */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The first free port from `from` on (at most `tries` of them), or undefined when all are taken. */
export async function findFreePort(host: string, from: number, tries = 20): Promise<number | undefined> {
  for (let port = Math.max(1, from); port < from + tries && port <= 65535; port++) {
    if (await isPortFree(host, port)) return port;
  }
  return undefined;
}
