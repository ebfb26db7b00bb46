/**
 * The V8 flags the headless proxy runs with (`npm start` without a desktop, `npm run serve`; the
 * npm scripts spell them out, and a test keeps the two in step; `npm run bench` measures with them).
 *
 * --max-semi-space-size=8: V8 lets the young generation grow to two 16 MB semi-spaces, and under
 * load it does: 32 MB of RSS for garbage that lives a few milliseconds. 8 MB semi-spaces keep the
 * proxy's peak RSS about 16 MB lower at no measurable cost in latency or throughput (npm run bench).
 *
 * The Electron main process cannot take V8 flags from inside (they must be given when it starts).
 */
export const HEADLESS_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8'];
