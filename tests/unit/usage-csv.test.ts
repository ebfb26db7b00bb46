import { describe, expect, it } from 'vitest';
import { csvField, usageCsv, usageCsvName } from '../../src-renderer/screens/usage/usage-csv';
import type { UsageRow, UsageSummary } from '../../src-shared/admin';

// The usage table's CSV export: RFC 4180 quoting, raw numbers, unknown costs as empty cells.

const row = (over: Partial<UsageRow>): UsageRow => ({ key: 'k', requests: 1, errors: 0, unpriced: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0, cacheSavingsUsd: 0, ...over });

describe('csvField', () => {
  it('quotes fields with commas, quotes or line breaks, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(12)).toBe('12');
    expect(csvField(0.000016)).toBe('0.000016');
    expect(csvField(undefined)).toBe('');
  });

  it('keeps a spreadsheet from running text as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@sum')).toBe("'@sum");
  });
});

describe('usageCsv', () => {
  const summary = {
    from: '2026-03-04',
    to: '2026-03-10',
    byModel: [
      row({ key: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0', displayName: 'Claude Sonnet 4.5, "global"', requests: 3, errors: 1, inputTokens: 1000, outputTokens: 200, cacheReadTokens: 300, cacheWriteTokens: 5, costUsd: 0.0123, cacheSavingsUsd: 0.0008 }),
      row({ key: 'acme.unknown-v1', requests: 2, unpriced: 2, inputTokens: 10 }),
    ],
  } as UsageSummary;

  it('writes a header and one row per model, names and ids apart, CRLF line ends', () => {
    expect(usageCsv(summary)).toBe(
      'Model,Bedrock model id,Requests,Failed,Requests without a price,Input tokens,Output tokens,Cache read tokens,Cache write tokens,Cost (USD),Saved by caching (USD)\r\n' +
        '"Claude Sonnet 4.5, ""global""",global.anthropic.claude-sonnet-4-5-20250929-v1:0,3,1,0,1000,200,300,5,0.0123,0.0008\r\n' +
        // No price: the cost cells are empty, not 0.
        'acme.unknown-v1,acme.unknown-v1,2,0,2,10,0,0,0,,\r\n',
    );
  });

  it('names the file after the range', () => {
    expect(usageCsvName(summary)).toBe('outcrop-usage-2026-03-04-to-2026-03-10.csv');
  });
});
