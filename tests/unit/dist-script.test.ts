import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { describe, expect, test } from 'vitest';
import { dist, distFailureLine, electronVersion, isDownloadFailure } from '../../scripts/dist.mjs';

// `npm run dist` without the network: electron-builder is replaced by a builder that fails the
// way it does offline, and the download errors are real ones (got, as electron-builder uses it,
// and fetch) from a port nothing listens on.
const got = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'))('got') as (url: string, opts: object) => Promise<unknown>;

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** electron-builder's error offline, as seen from its API: got's RequestError for github.com. */
function offlineError(): Error {
  return Object.assign(new Error('getaddrinfo EAI_AGAIN github.com'), { name: 'RequestError', code: 'EAI_AGAIN' });
}

describe('npm run dist', () => {
  test('offline: one line that says what it needs, exit code 1', async () => {
    const said: string[] = [];
    const code = await dist([], { builder: async () => Promise.reject(offlineError()), say: (line: string) => said.push(line) });
    expect(code).toBe(1);
    expect(said).toHaveLength(1);
    expect(said[0]).not.toContain('\n');
    expect(said[0]).toBe(`Outcrop: npm run dist needs internet access — electron-builder downloads Electron ${electronVersion()} for ${process.platform}-${process.arch} and its packaging tools from GitHub, and that failed (getaddrinfo EAI_AGAIN github.com). Retry online, or set ELECTRON_MIRROR and ELECTRON_BUILDER_BINARIES_MIRROR to mirrors you can reach.`);
    expect(electronVersion()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test('electron-builder gets the config and no publishing, and the options after `--` parsed as its CLI does', async () => {
    const seen: Record<string, unknown>[] = [];
    const code = await dist(['--linux', 'deb', '--x64'], { builder: async (options: Record<string, unknown>) => void seen.push(options), say: () => undefined });
    expect(code).toBe(0);
    expect(seen[0]).toMatchObject({ config: 'electron-builder.yml', publish: 'never', linux: ['deb'], x64: true });
    expect(String(seen[0].projectDir)).toMatch(/\S/);
  });

  test('any other failure: one line with its message, not a stack', async () => {
    const said: string[] = [];
    const err = new Error('Cannot find module "app-builder-bin"\n    at Function.resolve (node:internal)');
    expect(await dist([], { builder: async () => Promise.reject(err), say: (line: string) => said.push(line) })).toBe(1);
    expect(said).toEqual(['Outcrop: npm run dist failed: Cannot find module "app-builder-bin" (run it again with DEBUG=electron-builder for details).']);
  });

  test('real download failures are recognised: got (electron-builder), fetch (@electron/get), an HTTP error', async () => {
    const port = await closedPort();
    const viaGot = await got(`http://127.0.0.1:${port}/electron.zip`, { retry: 0 }).catch((e: Error) => e);
    expect(isDownloadFailure(viaGot)).toBe(true);
    const viaFetch = await fetch(`http://127.0.0.1:${port}/electron.zip`).catch((e: Error) => e);
    expect(isDownloadFailure(viaFetch)).toBe(true);
    expect(distFailureLine(viaFetch, { version: '45.4.1', platform: 'darwin', arch: 'arm64' })).toMatch(/^Outcrop: npm run dist needs internet access — electron-builder downloads Electron 45\.4\.1 for darwin-arm64 .*\(fetch failed\)/);
    expect(isDownloadFailure(Object.assign(new Error('Response code 404 (Not Found)'), { name: 'HTTPError' }))).toBe(true);
    expect(isDownloadFailure(new Error('author is missed'))).toBe(false);
    expect(isDownloadFailure(undefined)).toBe(false);
  });
});
