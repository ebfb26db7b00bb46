import { describe, expect, it } from 'vitest';
import { formatCost, formatUsd } from '../../src-renderer/components/format-metrics';

// Costs get the precision their amount needs: cents from a dollar up, two significant digits
// below, so "$0.0000" never sits next to "$12.30"; an unknown price is "no price", never $0.

describe('formatUsd', () => {
  it('cents from a dollar up, two significant digits below, $0.00 only for zero', () => {
    const cases: Array<[number, string]> = [
      [0, '$0.00'],
      [1234.567, '$1,234.57'],
      [12.3, '$12.30'],
      [1, '$1.00'],
      [0.999, '$1.00'],
      [0.5, '$0.50'],
      [0.123, '$0.12'],
      [0.0999, '$0.10'],
      [0.0123, '$0.012'],
      [0.01, '$0.01'],
      [0.0012345, '$0.0012'],
      [0.00001, '$0.00001'],
      [0.0000163, '$0.000016'],
    ];
    expect(cases.map(([n]) => formatUsd(n))).toEqual(cases.map(([, s]) => s));
  });

  it('never shows a run of zeros for a small non-zero amount', () => {
    for (let n = 1e-9; n < 1; n *= 3.7) {
      const text = formatUsd(n);
      expect(text, String(n)).not.toMatch(/^\$0\.0+$/);
      // Two significant digits at most below a dollar.
      expect(text.replace(/^\$0\.0*/, '').length, text).toBeLessThanOrEqual(2);
    }
  });

  it('is "–" when unknown', () => {
    expect(formatUsd(undefined)).toBe('–');
    expect(formatUsd(Number.NaN)).toBe('–');
  });
});

describe('formatCost', () => {
  it('says "no price" for a row none of whose requests had a price, and dollars otherwise', () => {
    expect(formatCost({ requests: 3, unpriced: 3, costUsd: 0 })).toBe('no price');
    expect(formatCost({ requests: 3, unpriced: 1, costUsd: 0.5 })).toBe('$0.50');
    expect(formatCost({ requests: 3, unpriced: 0, costUsd: 0 })).toBe('$0.00');
    expect(formatCost({ requests: 0, unpriced: 0, costUsd: 0 })).toBe('$0.00');
  });
});
