#!/usr/bin/env node
// Bundles the headless entry points with esbuild, for `npm start` and `npm run serve` to run on
// plain node (no TypeScript loader in the process: about 35 MB less memory, faster start):
//   dist/cli/outcrop.mjs  src-main/outcrop.ts  (serve, login, profiles, doctor: runs cli.ts's main)
//   dist/cli/start.mjs    src-main/start.ts    (desktop app when possible, else headless)
//   dist/cli/chunks/      what the entries import with import(): the AWS SDK and the Bedrock
//                         gateway, loaded once the server listens (or when a command needs them)
// The dependencies are bundled too: node resolving, reading and (for CommonJS packages)
// pre-parsing some 1,000 files from node_modules took longer than everything else before the
// server listened. Kept out, loaded from node_modules if ever needed: electron (found by path),
// and fastify's JSON-schema compilers (the routes validate with zod; see app.ts).
// Takes about a second, so the npm scripts run it every time: the bundle never lags behind the sources.
// Usage: node scripts/build-cli.mjs
import { mkdir, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { createRequire, isBuiltin } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Packages left in node_modules (see above). */
export const CLI_EXTERNAL = ['electron', '@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler'];

// Bundled CommonJS packages call require() for node's modules; an ES module has none of its own.
const REQUIRE_SHIM = "import { createRequire as __outcropCreateRequire } from 'node:module'; const require = __outcropCreateRequire(import.meta.url);";

// A chunk no current entry imports is removed only after this long: a server started from an
// older build may still import its chunks lazily.
const STALE_CHUNK_MS = 7 * 24 * 3600_000;

// The sources import zod as `import { z } from 'zod'`: `z` is then zod's whole namespace as one
// value, which esbuild cannot tree-shake, so the entry carried all of zod (750 KB of the 2.1 MB:
// its 40-odd locales, JSON-schema conversion, ...) for node to compile before the server listened.
// Imported as `import * as z from 'zod'` (the same exports, read as z.object and so on), only
// what the schemas use is bundled: about 170 KB. The sources keep the import their editors and
// the zod docs know; the bundle reads it the other way.
const ZOD_NAMED_IMPORT = /^import \{ z \} from 'zod';$/m;
const zodNamespaceImport = {
  name: 'zod-namespace-import',
  setup(b) {
    b.onLoad({ filter: /[\\/]src-(?:main|proxy|shared)[\\/].*\.ts$/ }, async ({ path }) => {
      const text = await readFile(path, 'utf8');
      if (!ZOD_NAMED_IMPORT.test(text)) return undefined;
      return { contents: text.replace(ZOD_NAMED_IMPORT, "import * as z from 'zod';"), loader: 'ts' };
    });
  },
};

// An ES import of one of node's modules makes node build an ES module facade for it, reading
// every export, and some exports are getters that load more of node: node:fs's ReadStream loads
// its streams, node:http's WebSocket and friends load undici on Node 22+ (30–45 ms), all before
// the server could listen. Our sources' imports of node's modules are
// served by require() instead, which builds no facade. Each such module re-exports the module's
// exports as node lists them when the build runs (on the node that will run the bundle), each read
// in a pure call, so that only the ones our sources import are in the bundle and read.
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const builtinsViaRequire = {
  name: 'builtins-via-require',
  setup(b) {
    const load = createRequire(import.meta.url);
    const ours = (importer) => /[\\/]src-(?:main|proxy|shared)[\\/]/.test(importer);
    // node:module stays an ES import: these modules import createRequire from it.
    const served = (path) => isBuiltin(path) && path.replace(/^node:/, '') !== 'module';
    b.onResolve({ filter: /^(node:)?[a-z_/0-9]+$/ }, ({ path, importer }) => (served(path) && ours(importer) ? { path: `node:${path.replace(/^node:/, '')}`, namespace: 'outcrop-builtin' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'outcrop-builtin' }, ({ path }) => {
      const names = Object.keys(Object.getOwnPropertyDescriptors(load(path))).filter((name) => name !== 'default' && IDENTIFIER.test(name));
      return {
        contents: [
          "import { createRequire } from 'node:module';",
          `const m = createRequire(import.meta.url)(${JSON.stringify(path)});`,
          'export default m;',
          ...names.map((name) => `export const ${name} = /* @__PURE__ */ (() => m.${name})();`),
        ].join('\n'),
        loader: 'js',
      };
    });
  },
};

// fastify's server.js requires node:https and node:http2 when it loads, for servers we never make
// (TLS, HTTP/2), and with them node:tls, before the server listens. They are required when first
// used instead (the Bedrock connections load them after the server listens). A fastify whose server.js no longer reads them this way fails the build,
// so that an upgrade is looked at rather than silently slower.
const FASTIFY_EAGER = ["const https = require('node:https')", "const http2 = require('node:http2')"];
const fastifyLazyServers = {
  name: 'fastify-lazy-servers',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]fastify[\\/]lib[\\/]server\.js$/ }, async ({ path }) => {
      let text = await readFile(path, 'utf8');
      for (const line of FASTIFY_EAGER) {
        if (!text.includes(line)) throw new Error(`fastify's lib/server.js no longer has \`${line}\`: see fastifyLazyServers in scripts/build-cli.mjs`);
        const [, name, id] = /^const (\w+) = require\('([^']+)'\)$/.exec(line);
        text = text.replace(line, `const ${name} = new Proxy({}, { get: (_, key) => require('${id}')[key] })`);
      }
      return { contents: text, loader: 'js' };
    });
  },
};

/** Builds into `outdir` (dist/cli by default). Resolves with the entry files written. */
export async function buildCli({ root = ROOT, outdir = join(root, 'dist', 'cli'), logLevel = 'warning' } = {}) {
  const entries = { outcrop: 'outcrop.ts', start: 'start.ts' };
  // One build per entry: each entry module runs main() itself, unconditionally; cli.ts only
  // exports it (start.ts bundles it too). Chunks are named by their content, so the two builds
  // write identical files under the same names.
  const results = await Promise.all(
    Object.entries(entries).map(([name, file]) =>
      build({
        write: false,
        absWorkingDir: root,
        entryPoints: { [name]: join(root, 'src-main', file) },
        outdir,
        outExtension: { '.js': '.mjs' },
        bundle: true,
        splitting: true,
        chunkNames: 'chunks/[name]-[hash]',
        platform: 'node',
        format: 'esm',
        target: 'node20',
        external: CLI_EXTERNAL,
        banner: { js: REQUIRE_SHIM },
        sourcemap: 'linked',
        legalComments: 'none',
        plugins: [zodNamespaceImport, builtinsViaRequire, fastifyLazyServers],
        logLevel,
      }),
    ),
  );
  const files = new Map(results.flatMap((r) => r.outputFiles).map((f) => [f.path, f.contents]));
  const entryFiles = Object.keys(entries).map((name) => join(outdir, `${name}.mjs`));
  const isEntry = (path) => entryFiles.some((e) => path === e || path === `${e}.map`);
  // Each file lands whole (written aside, then renamed over the old one), chunks before the
  // entries that import them: a `npm start` or `npm run serve` started meanwhile runs the old
  // bundle or the new one, never half of one.
  const ordered = [...files.keys()].sort((a, b) => Number(isEntry(a)) - Number(isEntry(b)));
  for (const path of ordered) {
    await mkdir(dirname(path), { recursive: true });
    const aside = `${path}.${process.pid}.tmp`;
    await writeFile(aside, files.get(path));
    await rename(aside, path);
  }
  await pruneChunks(join(outdir, 'chunks'), new Set([...files.keys()].map((p) => basename(p))));
  return entryFiles;
}

/** Removes chunks of earlier builds that no current entry imports, once they are old (see STALE_CHUNK_MS). */
async function pruneChunks(dir, current, now = Date.now()) {
  for (const name of await readdir(dir).catch(() => [])) {
    if (current.has(name)) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (info && now - info.mtimeMs > STALE_CHUNK_MS) await unlink(path).catch(() => undefined);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildCli();
}
