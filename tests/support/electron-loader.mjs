// FAKE_ELECTRON=/path/to/fake.mjs node --import ./tests/support/electron-loader.mjs dist/main/main.js
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

if (!process.env.FAKE_ELECTRON) throw new Error('Set FAKE_ELECTRON to the built fake electron module.');
register('./electron-hooks.mjs', import.meta.url, { data: { fakeUrl: pathToFileURL(process.env.FAKE_ELECTRON).href } });
