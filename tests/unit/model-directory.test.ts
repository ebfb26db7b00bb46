import { describe, expect, test } from 'vitest';
import type { AccountModels } from '../../src-proxy/bedrock/gateway';
import { ModelDirectory } from '../../src-proxy/models/directory';

const listing = (id: string): AccountModels => ({ foundationModels: [{ modelId: id, modelArn: `arn:${id}` }], inferenceProfiles: [] }) as AccountModels;

describe('ModelDirectory', () => {
  test('lists once, serves from cache while fresh, refreshes in the background when stale', async () => {
    let now = 0;
    let calls = 0;
    const dir = new ModelDirectory({ listModels: async () => listing(`m${++calls}`) }, { ttlMs: 1000, now: () => now });
    expect((await dir.get())!.foundationModels[0].modelId).toBe('m1');
    now = 500;
    expect((await dir.get())!.foundationModels[0].modelId).toBe('m1');
    expect(calls).toBe(1);
    now = 1500;
    // Stale: the old listing is answered at once, the new one lands in the background.
    expect((await dir.get())!.foundationModels[0].modelId).toBe('m1');
    await dir.refresh();
    expect((await dir.get())!.foundationModels[0].modelId).toBe('m2');
  });

  test('prefetch() lists ahead of need once: not again while a listing is held, under way, or failed lately; again after invalidate()', async () => {
    let now = 0;
    let calls = 0;
    let fail = true;
    const dir = new ModelDirectory({ listModels: async () => { calls++; if (fail) throw new Error('AccessDenied'); return listing(`m${calls}`); } }, { ttlMs: 600_000, now: () => now });
    dir.prefetch();
    dir.prefetch();
    await dir.refresh();
    expect(calls).toBe(1);
    // Failed a moment ago: a warm-up (a sign-in, a wake) does not list again before the usual pause.
    now = 10_000;
    dir.prefetch();
    expect(calls).toBe(1);
    now = 31_000;
    fail = false;
    dir.prefetch();
    await dir.refresh();
    expect(calls).toBe(2);
    expect(dir.current()!.foundationModels[0].modelId).toBe('m2');
    dir.prefetch();
    expect(calls).toBe(2);
    // Another account or region: listed again ahead of need.
    dir.invalidate();
    dir.prefetch();
    await dir.refresh();
    expect(calls).toBe(3);
  });

  test('a failing listing answers undefined, keeps the error, and is not retried on every call', async () => {
    let now = 0;
    let calls = 0;
    const dir = new ModelDirectory({ listModels: async () => { calls++; throw new Error('AccessDenied'); } }, { ttlMs: 600_000, now: () => now });
    expect(await dir.get()).toBeUndefined();
    expect(dir.error).toBe('AccessDenied');
    now = 1000;
    await dir.get();
    expect(calls).toBe(1);
    now = 31_000;
    await dir.get();
    expect(calls).toBe(2);
  });

  test('first() waits only for the very first listing: never again once one was tried, failed or not, until invalidated', async () => {
    let now = 0;
    let calls = 0;
    let release!: () => void;
    const dir = new ModelDirectory({
      listModels: () => { calls++; return new Promise<AccountModels>((_, reject) => { release = () => reject(new Error('AccessDenied')); }); },
    }, { ttlMs: 600_000, firstWaitMs: 60_000, now: () => now });
    let settled = false;
    const first = dir.first().then((l) => { settled = true; return l; });
    await Promise.resolve();
    expect(settled).toBe(false);
    release();
    expect(await first).toBeUndefined();
    // Later (even once the failed listing is retried), first() answers at once without waiting.
    now = 31_000;
    let again = false;
    void dir.first().then(() => { again = true; });
    await new Promise((r) => setImmediate(r));
    expect(again).toBe(true);
    expect(calls).toBe(2);
    dir.invalidate();
    let third = false;
    void dir.first().then(() => { third = true; });
    await new Promise((r) => setImmediate(r));
    expect(third).toBe(false);
    release();
  });

  test('a slow first listing does not hold a request longer than firstWaitMs', async () => {
    const dir = new ModelDirectory({ listModels: () => new Promise(() => {}) }, { firstWaitMs: 20 });
    const start = Date.now();
    expect(await dir.get()).toBeUndefined();
    expect(Date.now() - start).toBeLessThan(1000);
  });
});
