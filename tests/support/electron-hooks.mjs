// Module hooks for a child process running the bundled main process in plain Node: `electron`
// resolves to the fake (the real package would try to download the Electron binary). The fake
// comes prebuilt as one ES module (the test bundles fake-electron-process.ts with esbuild), so
// the 4 MB main bundle needs no TypeScript loader.
let fakeUrl;

export function initialize(data) {
  fakeUrl = data.fakeUrl;
}

export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: fakeUrl, format: 'module', shortCircuit: true };
  return next(specifier, context);
}
