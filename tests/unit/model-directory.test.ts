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

  test('a slow first listing does not hold a request longer than firstWaitMs', async () => {
    const dir = new ModelDirectory({ listModels: () => new Promise(() => {}) }, { firstWaitMs: 20 });
    const start = Date.now();
    expect(await dir.get()).toBeUndefined();
    expect(Date.now() - start).toBeLessThan(1000);
  });
});
