import module from 'node:module';
import { join } from 'node:path';
import { outcropHome } from './core/paths';

// The headless command line's entry point (`npm run serve`, `npm run outcrop`, dist/cli/outcrop.mjs).
// It lives apart from cli.ts so that importing main() never runs it: start.ts bundles cli.ts, and
// inside a bundle any "am I the entry?" test on import.meta.url matches the bundle itself, which
// once started a second server on the same port.
//
// Compiling the bundle is a good part of the time before the server listens. On Node 22.1 and
// later, V8's compiled code is kept on disk and every start after the first skips most of that
// compiling: in the Outcrop folder (cache/compile), which only the user can write, rather than
// node's default in the shared temp folder, where another account could put code in its place;
// NODE_COMPILE_CACHE still chooses the folder, NODE_DISABLE_COMPILE_CACHE=1 turns it off. It
// covers only modules loaded after it is turned on, hence cli.ts (and with it the rest of the
// bundle) comes in by import() from this small entry. Node 20 has no compile cache: skipped there.
(module as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache?.(process.env.NODE_COMPILE_CACHE || join(outcropHome(), 'cache', 'compile'));

import('./cli')
  .then(({ main }) => main(process.argv.slice(2)))
  .then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`Outcrop: ${err.message}\n`);
      process.exit(1);
    },
  );
