/** Bundles the Electron main process and preload into `outdir` (dist/main); resolves with the files written, relative to `root`. */
export function buildMain(options?: { root?: string; outdir?: string; production?: boolean; logLevel?: 'verbose' | 'debug' | 'info' | 'warning' | 'error' | 'silent' }): Promise<string[]>;
