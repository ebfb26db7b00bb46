import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, test } from 'vitest';
import { buildCli } from '../../scripts/build-cli.mjs';

// What the headless bundle makes node load before the server listens (the ready time): the
// entry, the rest of the command line that outcrop.mjs imports once the compile cache is on
// (outcrop.ts), and the chunks they import statically. The AWS SDK is loaded after
// (lazy-gateway.ts), and fastify's JSON-schema compilers never (app.ts): neither may creep back
// onto that path.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let outdir: string;
beforeAll(async () => {
  outdir = join(mkdtempSync(join(tmpdir(), 'outcrop-cli-bundle-')), 'cli');
  await buildCli({ root: ROOT, outdir });
}, 60_000);

/**
 * The files node loads for `entry` before the server listens: the entry, the command line's chunk
 * it imports with import(), and their static imports, transitively.
 */
function loadedAtStart(entry: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    const text = readFileSync(file, 'utf8');
    files.set(file, text);
    for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s*"(\.[^"]+)";?$|^import\s*"(\.[^"]+)";?$|\bimport\("(\.\/chunks\/cli-[^"]+)"\)/gms)) {
      visit(join(dirname(file), m[1] ?? m[2] ?? m[3]));
    }
  };
  visit(join(outdir, entry));
  return files;
}

/** The node_modules packages bundled into `text` (esbuild marks each module with a `// path` comment). */
function packagesIn(text: string): Set<string> {
  return new Set([...text.matchAll(/^\s*\/\/ node_modules\/((?:@[^/\s]+\/)?[^/\s]+)\//gm)].map((m) => m[1]));
}

test.each(['outcrop.mjs', 'start.mjs'])('%s loads no AWS SDK and no JSON-schema compiler before it runs', (entry) => {
  const files = loadedAtStart(entry);
  const packages = new Set([...files.values()].flatMap((text) => [...packagesIn(text)]));
  // The bundle does hold dependencies (node would otherwise resolve and read hundreds of files).
  expect(packages).toContain('fastify');
  expect(packages).toContain('zod');
  const slow = [...packages].filter((p) => /^@aws-sdk\/|^@smithy\/|^ajv$|^@fastify\/ajv-compiler$|^@fastify\/fast-json-stringify-compiler$/.test(p));
  expect(slow).toEqual([]);
});

test('the AWS SDK is in the chunks that the entry imports when it needs them', () => {
  const chunks = readdirSync(join(outdir, 'chunks')).filter((f) => f.endsWith('.mjs'));
  const lazy = chunks.map((f) => readFileSync(join(outdir, 'chunks', f), 'utf8')).flatMap((text) => [...packagesIn(text)]);
  expect(lazy).toContain('@aws-sdk/client-bedrock-runtime');
  expect(lazy).toContain('@aws-sdk/credential-providers');
  expect(lazy).toContain('@aws-sdk/client-sso-oidc');
  const loaded = [...loadedAtStart('outcrop.mjs').values()].join('\n');
  expect(loaded).toMatch(/import\("\.\/(?:chunks\/)?gateway-[^"]+\.mjs"\)/);
});

// zod's namespace imported as `import { z } from 'zod'` cannot be tree-shaken: the bundle then
// held all of zod (its 40-odd locales, JSON-schema import) for node to compile before listening.
test.each(['outcrop.mjs', 'start.mjs'])('%s loads only the parts of zod the schemas use', (entry) => {
  const text = [...loadedAtStart(entry).values()].join('\n');
  const zodFiles = [...text.matchAll(/^\s*\/\/ node_modules\/zod\/(\S+)$/gm)].map((m) => m[1]);
  expect(zodFiles).toContain('v4/classic/schemas.js');
  expect(zodFiles.filter((f) => f.startsWith('v4/locales/'))).toEqual(['v4/locales/en.js']);
  expect(zodFiles).not.toContain('v4/classic/from-json-schema.js');
});

// An ES import of one of node's modules reads every export for its facade, and some are getters
// that load more of node (undici on Node 22+ for node:http: ~45 ms before listening); what runs
// before the server listens reaches node's modules through require(). node:module is the one
// imported (for createRequire itself).
test.each(['outcrop.mjs', 'start.mjs'])('%s imports node\'s modules through require(), not as ES modules', (entry) => {
  const text = [...loadedAtStart(entry).values()].join('\n');
  expect(text).toContain('createRequire(import.meta.url)("node:http")');
  const esImports = [...text.matchAll(/^import\s[^;]*?from\s*"((?:node:)?[a-z_/0-9]+)";?$/gms)].map((m) => m[1].replace(/^node:/, ''));
  expect(esImports.length).toBeGreaterThan(0);
  expect(new Set(esImports)).toEqual(new Set(['module']));
});

// The way to Bedrock (TLS, HTTP/2, the proxy tunnel, the SSO sign-in) is loaded after the server
// listens: node's own modules for it are not loaded when the listening line is printed.
test('the headless server listens before node:tls, node:https or node:http2 are loaded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'outcrop-cli-listen-'));
  const hook = join(dir, 'hook.cjs');
  writeFileSync(
    hook,
    `const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (s, ...a) => {
  if (String(s).startsWith('Outcrop listening')) process.stderr.write('LOADED ' + JSON.stringify(process.moduleLoadList) + '\\n');
  return write(s, ...a);
};`,
  );
  const env = { ...process.env, HOME: dir, OUTCROP_HOME: join(dir, 'outcrop'), AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'http://127.0.0.1:9', AWS_ENDPOINT_URL_BEDROCK: 'http://127.0.0.1:9', OUTCROP_PRICE_LIST_URL: 'off' };
  const child = spawn(process.execPath, ['--require', hook, join(outdir, 'outcrop.mjs'), 'serve', '--port', '0', '--quiet'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const loaded = await new Promise<string[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not listen:\n${err}`)), 20_000);
    child.stderr.on('data', (d) => {
      err += d;
      const m = /^LOADED (.*)$/m.exec(err);
      if (!m) return;
      clearTimeout(timer);
      resolve(JSON.parse(m[1]) as string[]);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}):\n${err}`)));
  }).finally(() => child.kill());
  const builtins = loaded.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length));
  expect(builtins).toContain('http');
  expect(builtins.filter((m) => ['tls', '_tls_wrap', 'https', 'http2', 'internal/http2/core'].includes(m))).toEqual([]);
  // Nor does it start with a warning of its own (a deprecated fastify option, say).
  expect(err.split('\n').filter((l) => /Warning/.test(l))).toEqual([]);
});

// Compiling the bundle is much of the start-up; the compile cache (Node 22.1+) covers only what
// is loaded after it is turned on, so the entry turns it on and then imports the rest.
test('outcrop.mjs turns on the compile cache before it imports the rest of the command line', () => {
  const entry = readFileSync(join(outdir, 'outcrop.mjs'), 'utf8');
  const on = entry.indexOf('enableCompileCache?.(');
  expect(on).toBeGreaterThan(0);
  expect(entry.slice(on)).toMatch(/import\("\.\/chunks\/cli-[^"]+\.mjs"\)/);
  expect(entry.length).toBeLessThan(4000);
});

const hasCompileCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
test.skipIf(!hasCompileCache)('a run of outcrop.mjs leaves its compiled code in the Outcrop folder, not the shared temp folder', () => {
  const home = mkdtempSync(join(tmpdir(), 'outcrop-compile-cache-'));
  const tmp = mkdtempSync(join(tmpdir(), 'outcrop-compile-tmp-'));
  const { NODE_COMPILE_CACHE: _c, NODE_DISABLE_COMPILE_CACHE: _d, ...env } = process.env;
  const run = spawnSync(process.execPath, [join(outdir, 'outcrop.mjs'), '--version'], { env: { ...env, OUTCROP_HOME: home, TMPDIR: tmp }, encoding: 'utf8' });
  expect(run.status).toBe(0);
  const cached = readdirSync(join(home, 'cache', 'compile'), { recursive: true });
  expect(cached.length).toBeGreaterThan(1);
  expect(readdirSync(tmp)).toEqual([]);
});
