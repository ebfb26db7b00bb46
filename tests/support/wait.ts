// Polling for effects that land a little after the action that causes them (no servers, no imports).

export interface UntilOptions {
  /** Give up after this long (ms). */
  ms?: number;
  /** How often to look (ms). */
  everyMs?: number;
  /** Appended to the timeout error, e.g. a child process's output. */
  detail?: () => string;
}

/** Resolves to the first truthy value `probe` returns; rejects naming `what` after `ms`. */
export async function until<T>(what: string, probe: () => T | undefined | null | false, opts: UntilOptions = {}): Promise<T> {
  const { ms = 10_000, everyMs = 20, detail } = opts;
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${detail ? `; output:\n${detail()}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
