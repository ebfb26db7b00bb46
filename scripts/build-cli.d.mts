export function buildCli(opts?: { root?: string; outdir?: string; logLevel?: string }): Promise<string[]>;
