import { createServer } from 'node:net';

/** Whether a port is free, taken by a running Outcrop (it answers /healthz), or taken by something else. */
export async function probePort(host: string, port: number): Promise<{ taken?: 'outcrop' | 'other' }> {
  const free = await new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
  if (free) return {};
  try {
    const res = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${port}/healthz`, { signal: AbortSignal.timeout(1500) });
    const body = (await res.json().catch(() => ({}))) as { name?: string };
    return { taken: res.ok && body.name === 'outcrop' ? 'outcrop' : 'other' };
  } catch {
    return { taken: 'other' };
  }
}
