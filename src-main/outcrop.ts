import { main } from './cli';

// The headless command line's entry point (`npm run serve`, `npm run outcrop`, dist/cli/outcrop.mjs).
// It lives apart from cli.ts so that importing main() never runs it: start.ts bundles cli.ts, and
// inside a bundle any "am I the entry?" test on import.meta.url matches the bundle itself, which
// once started a second server on the same port.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`Outcrop: ${err.message}\n`);
    process.exit(1);
  },
);
