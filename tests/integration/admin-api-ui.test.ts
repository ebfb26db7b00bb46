import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeAdminBackend } from '../support/fake-admin-backend';
import { startHarness, type Harness } from '../support/harness';

// The settings UI's static files at /ui/: the placeholder page, the built renderer with the
// right content types, the CSP, the redirects, and paths that try to leave the folder.

const TOKEN = 'ui-token-0123456789abcdef0123456789abcdef';
const SECRET = 'top-secret-outside-the-ui-folder';
const CSP_PARTS = ["default-src 'self'", "connect-src 'self'", "img-src 'self' data:", "style-src 'self' 'unsafe-inline'"];

/** A GET whose path is sent exactly as written (fetch would normalise `..` away). */
function rawGet(base: string, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function expectCsp(csp: string | null | undefined): void {
  for (const part of CSP_PARTS) expect(csp).toContain(part);
}

describe('settings UI without a built renderer', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ admin: { backend: new FakeAdminBackend(), token: TOKEN, uiDir: join(tmpdir(), 'outcrop-no-such-renderer') } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('serves the placeholder page without a token, with the CSP', async () => {
    const res = await fetch(`${h.proxy.url}/ui/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expectCsp(res.headers.get('content-security-policy'));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).toContain('Outcrop settings — the settings window arrives in a coming release; the admin API is at <code>/admin/api</code>');
    expect(html).not.toContain('<script');
  });

  it('answers the UI’s own pages with it, and unknown files with 404', async () => {
    expect((await fetch(`${h.proxy.url}/ui/logs`)).status).toBe(200);
    const missing = await fetch(`${h.proxy.url}/ui/app.js`);
    expect(missing.status).toBe(404);
    expectCsp(missing.headers.get('content-security-policy'));
  });

  it('redirects / and /ui to /ui/', async () => {
    for (const path of ['/', '/ui']) {
      const res = await fetch(`${h.proxy.url}${path}`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/ui/');
    }
    const followed = await fetch(`${h.proxy.url}/`);
    expect(followed.url).toBe(`${h.proxy.url}/ui/`);
    expect(await followed.text()).toContain('Outcrop settings');
  });
});

describe('settings UI from a built renderer', () => {
  let h: Harness;
  let root: string;
  let ui: string;
  const files: Record<string, [string, string]> = {
    'index.html': ['<!doctype html><title>Outcrop</title><script type="module" src="./assets/app-1a2b.js"></script>', 'text/html; charset=utf-8'],
    'assets/app-1a2b.js': ['console.log("ui")', 'text/javascript; charset=utf-8'],
    'assets/app-1a2b.css': ['body{margin:0}', 'text/css; charset=utf-8'],
    'logo.svg': ['<svg xmlns="http://www.w3.org/2000/svg"/>', 'image/svg+xml'],
    'icon.png': ['\x89PNG\r\n\x1a\n', 'image/png'],
    'favicon.ico': ['\x00\x00\x01\x00', 'image/x-icon'],
    'manifest.json': ['{"name":"Outcrop"}', 'application/json; charset=utf-8'],
    'assets/inter.woff2': ['wOF2', 'font/woff2'],
    'notes.xyz': ['?', 'application/octet-stream'],
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'outcrop-ui-'));
    ui = join(root, 'renderer');
    mkdirSync(join(ui, 'assets'), { recursive: true });
    for (const [name, [content]] of Object.entries(files)) writeFileSync(join(ui, name), content, 'latin1');
    writeFileSync(join(root, 'secret.txt'), SECRET);
    writeFileSync(join(ui, '.env'), SECRET);
    symlinkSync(join(root, 'secret.txt'), join(ui, 'linked.txt'));
    symlinkSync(root, join(ui, 'up'));
    h = await startHarness({ admin: { backend: new FakeAdminBackend(), token: TOKEN, uiDir: ui } });
  });
  afterAll(async () => {
    await h.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html at /ui/ and for the UI’s own pages', async () => {
    for (const path of ['/ui/', '/ui/index.html', '/ui/settings/aliases']) {
      const res = await fetch(`${h.proxy.url}${path}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(files['index.html'][0]);
      expectCsp(res.headers.get('content-security-policy'));
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it.each(Object.entries(files))('serves %s with its content type', async (name, [content, type]) => {
    const res = await fetch(`${h.proxy.url}/ui/${name}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(Buffer.from(await res.arrayBuffer()).toString('latin1')).toBe(content);
    expectCsp(res.headers.get('content-security-policy'));
  });

  it('lets browsers keep hashed assets for good', async () => {
    const res = await fetch(`${h.proxy.url}/ui/assets/app-1a2b.js`);
    expect(res.headers.get('cache-control')).toContain('immutable');
  });

  it('answers a missing file with 404', async () => {
    expect((await fetch(`${h.proxy.url}/ui/assets/gone.js`)).status).toBe(404);
  });

  it.each([
    '/ui/../secret.txt',
    '/ui/assets/../../secret.txt',
    '/ui/%2e%2e/secret.txt',
    '/ui/%2E%2E/%2e%2e/secret.txt',
    '/ui/..%2fsecret.txt',
    '/ui/assets/..%2f..%2fsecret.txt',
    '/ui/..%5csecret.txt',
    '/ui/%2e%2e%5csecret.txt',
    `/ui/${encodeURIComponent(join(tmpdir(), 'x', '..', 'secret.txt'))}`,
    '/ui//etc/passwd',
    '/ui/.env',
    '/ui/assets/%2e%2e/.env',
    '/ui/linked.txt',
    '/ui/up/secret.txt',
    '/ui/index.html%00.txt',
  ])('refuses %s', async (path) => {
    const res = await rawGet(h.proxy.url, path);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body).not.toContain(SECRET);
    expect(res.body).not.toContain('root:');
  });

  it('does not need the admin token, while the admin API does', async () => {
    expect((await fetch(`${h.proxy.url}/ui/`)).status).toBe(200);
    expect((await fetch(`${h.proxy.url}/admin/api/status`)).status).toBe(401);
  });
});
