/**
 * The V8 flags the headless proxy runs with (`npm start` without a desktop, `npm run serve`; the
 * npm scripts spell them out, and a test keeps the two in step; `npm run bench` measures with them).
 * Under load the proxy makes a lot of garbage that lives a few milliseconds (request bodies, SDK
 * objects, stream chunks) while its live heap stays near 20 MB, and V8's defaults let that
 * garbage take RSS:
 *
 * --max-semi-space-size=4: the young generation may otherwise grow to two 16 MB semi-spaces.
 * --heap-growing-percent=25: after a full GC, the old generation may otherwise grow to up to four
 *   times what was live before the next one; with 25 % it is collected sooner (concurrently).
 *
 * Measured with `npm run bench` (64 streams, 64 requests in flight): peak RSS 169 MB with V8's
 * defaults, 106–111 MB with these, throughput within the run-to-run noise.
 *
 * The Electron main process cannot take V8 flags from inside (they must be given when it starts).
 */
export const HEADLESS_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4', '--heap-growing-percent=25'];
