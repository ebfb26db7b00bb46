#!/usr/bin/env node
// Runs electron-builder for `npm run dist` (after the UI and main-process builds), through its API
// rather than its CLI so that a failure is one line saying what to do, not a stack. The common
// one: electron-builder downloads Electron and its packaging tools (AppImage, fpm, NSIS…) from
// GitHub on the first build, so a machine without internet access fails there.
// Usage: node scripts/dist.mjs [electron-builder build options, e.g. --linux deb]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

// Error codes of a request that never reached its server (DNS, refused, reset, timed out, TLS).
const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'EPIPE', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'CERT_HAS_EXPIRED', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN']);

/** True when `err` (or its cause) is a download that could not reach its server or got an HTTP error. */
export function isDownloadFailure(err) {
  for (let e = err; e; e = e.cause) {
    if (NETWORK_CODES.has(e.code)) return true;
    // got (electron-builder's downloads) names its errors; @electron/get uses fetch.
    if (e.name === 'RequestError' || e.name === 'HTTPError' || e.name === 'TimeoutError') return true;
    if (/fetch failed|getaddrinfo|socket hang up|status code (4|5)\d\d/i.test(String(e.message ?? ''))) return true;
  }
  return false;
}

/** The installed Electron's version, read without loading the package (loading it would download the binary). */
export function electronVersion() {
  try {
    return JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** The one line `npm run dist` prints when electron-builder fails: what it needs when offline, else the error itself. */
export function distFailureLine(err, { version = electronVersion(), platform = process.platform, arch = process.arch } = {}) {
  const message = String(err?.message ?? err).split('\n')[0];
  if (isDownloadFailure(err)) {
    const electron = version ? `Electron ${version}` : 'Electron';
    return `Outcrop: npm run dist needs internet access — electron-builder downloads ${electron} for ${platform}-${arch} and its packaging tools from GitHub, and that failed (${message}). Retry online, or set ELECTRON_MIRROR and ELECTRON_BUILDER_BINARIES_MIRROR to mirrors you can reach.`;
  }
  return `Outcrop: npm run dist failed: ${message} (run it again with DEBUG=electron-builder for details).`;
}

/**
 * Builds the installers with electron-builder.yml; resolves with the exit code. `builder` is
 * electron-builder's build function (replaced in tests); `say` prints the failure line.
 */
export async function dist(args, { builder, say = (line) => process.stderr.write(`${line}\n`) } = {}) {
  // electron-builder's own argument parser, so `npm run dist -- --linux deb` means what its docs say.
  const cli = require('electron-builder/out/builder.js');
  const options = cli.configureBuildCommand(cli.createYargs()).parseSync(['--config', 'electron-builder.yml', '--publish', 'never', ...args]);
  try {
    await (builder ?? cli.build)({ ...options, projectDir: ROOT });
    return 0;
  } catch (err) {
    say(distFailureLine(err));
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // exit(), not exitCode: electron-builder's leftover handles and hooks must not decide the status.
  process.exit(await dist(process.argv.slice(2)));
}
