import { describe, expect, it } from 'vitest';
import { requestIdGenerator } from '../../src-proxy/routes/request-id';

// Request ids: unique across processes (restarts), and strictly increasing strings within one.

describe('requestIdGenerator', () => {
  it('ids are 17 characters and sort as strings in the order they were made, also many in one millisecond', () => {
    let now = Date.UTC(2026, 2, 10, 12);
    const next = requestIdGenerator(() => now);
    const ids: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      if (i % 10_000 === 0) now += 1;
      ids.push(next());
    }
    expect(ids.every((id) => /^r[0-9a-z]{16}$/.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps increasing when the clock goes back', () => {
    let now = 2_000_000_000_000;
    const next = requestIdGenerator(() => now);
    const a = next();
    now -= 5_000;
    const b = next();
    expect(b > a).toBe(true);
  });

  it('a later run (a restart) sorts after an earlier one, and two runs in the same millisecond do not collide', () => {
    const t = 2_000_000_000_000;
    const earlier = requestIdGenerator(() => t);
    const later = requestIdGenerator(() => t + 1);
    expect(later() > earlier()).toBe(true);
    // Apart by their random digits (1.7 million of them).
    expect(requestIdGenerator(() => t)()).not.toBe(requestIdGenerator(() => t)());
  });

  it('a time in milliseconds is read back from the id (base 36, fixed width)', () => {
    const t = Date.UTC(2026, 2, 10, 12);
    expect(parseInt(requestIdGenerator(() => t)().slice(1, 10), 36)).toBe(t);
  });
});
