import { createHook } from 'node:async_hooks';
import { afterEach, expect, test } from 'vitest';
import type { OutcropCore } from '../../src-main/core/core';
import { serveHeadless } from '../../src-main/core/serve';
import { startAwsWorld, type AwsWorld } from '../support/aws-world';

// An idle Outcrop should use no CPU: nothing in it may wake the process on a short period while
// no client is connected. This test starts the headless server as `npm run serve` does (with an
// SSO profile, the settings watcher, the request log, the start-up checks), lets the start-up
// work finish, and then lists the timers still pending: none may be due sooner than SHORTEST_MS,
// and no file may be polled (fs.watchFile). A periodic check belongs on a long period or armed
// only while there is something to check (see checkOnlyWhileConnected in src-proxy/http-limits.ts).

const SHORTEST_MS = 30_000;

interface Tracked {
  type: string;
  resource: { _idleTimeout?: number; _repeat?: number | null; _destroyed?: boolean };
  stack: string;
}

let world: AwsWorld | undefined;
let core: OutcropCore | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
  await world?.close();
  world = undefined;
});

/** Timers and file pollers created while `fn` runs and after, until stop() (with where each was created). */
function trackWakers() {
  const live = new Map<number, Tracked>();
  const hook = createHook({
    init(id, type, _trigger, resource) {
      if (type !== 'Timeout' && type !== 'STATWATCHER') return;
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 30;
      const stack = new Error().stack ?? '';
      Error.stackTraceLimit = limit;
      // The test's own tooling (vitest, the emulators in this process) is not Outcrop.
      if (/node_modules\/(vitest|@vitest|tinypool|birpc)\/|tests\/support\//.test(stack)) return;
      live.set(id, { type, resource: resource as Tracked['resource'], stack });
    },
    destroy(id) {
      live.delete(id);
    },
  }).enable();
  return {
    /** Pending timers due sooner than SHORTEST_MS (intervals and one-shots), and file pollers. */
    short(): Tracked[] {
      return [...live.values()].filter((t) => t.type === 'STATWATCHER' || (!t.resource._destroyed && (t.resource._idleTimeout ?? 0) > 0 && (t.resource._idleTimeout ?? 0) < SHORTEST_MS));
    },
    stop: () => hook.disable(),
  };
}

const describeWaker = (t: Tracked): string =>
  `${t.type}${t.type === 'Timeout' ? ` every ${t.resource._idleTimeout} ms${t.resource._repeat ? ' (interval)' : ''}` : ''}, created at:\n${t.stack.split('\n').slice(2, 12).join('\n')}`;

test(`an idle headless server has no timer due within ${SHORTEST_MS / 1000} s and polls no file`, async () => {
  const wakers = trackWakers();
  try {
    world = await startAwsWorld();
    core = await serveHeadless({ port: 0, out: () => {} });
    // The start-up work: serve's setup check lists the models (the directory's first listing too).
    await core.diagnosis.diagnose();
    await core.models.get();
    // Start-up's own short timers (a first-listing wait, a retired gateway) end by themselves;
    // a periodic one never does.
    for (let i = 0; i < 100 && wakers.short().length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    const short = wakers.short();
    expect(short.map(describeWaker), 'a timer wakes the idle server').toEqual([]);
  } finally {
    wakers.stop();
  }
});
