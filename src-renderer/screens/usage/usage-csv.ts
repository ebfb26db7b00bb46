import type { UsageSummary } from '../../../src-shared/admin';

// The usage screen's per-model table as CSV (RFC 4180: comma-separated, CRLF line ends, a field
// quoted when it holds a comma, quote or line break, quotes doubled). Numbers stay raw (no
// currency sign or grouping) so a spreadsheet sums them; an unknown cost is an empty cell.

const HEADER = ['Model', 'Bedrock model id', 'Requests', 'Failed', 'Requests without a price', 'Input tokens', 'Output tokens', 'Cache read tokens', 'Cache write tokens', 'Cost (USD)', 'Saved by caching (USD)'];

/** One CSV field: quoted when needed; text that a spreadsheet would run as a formula gets a leading apostrophe. */
export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The per-model usage of a summary as CSV text, a header row first. */
export function usageCsv(summary: UsageSummary): string {
  const rows = summary.byModel.map((r) => {
    const noPrice = r.requests > 0 && r.unpriced >= r.requests;
    return [r.displayName ?? r.key, r.key, r.requests, r.errors, r.unpriced, r.inputTokens, r.outputTokens, r.cacheReadTokens, r.cacheWriteTokens, noPrice ? undefined : r.costUsd, noPrice ? undefined : r.cacheSavingsUsd];
  });
  return [HEADER, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The file name for a summary's CSV: outcrop-usage-<from>-to-<to>.csv. */
export function usageCsvName(summary: UsageSummary): string {
  return `outcrop-usage-${summary.from}-to-${summary.to}.csv`;
}

/** Saves the summary's per-model usage as a CSV file (the browser's download). */
export function downloadUsageCsv(summary: UsageSummary): void {
  const blob = new Blob([usageCsv(summary)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = usageCsvName(summary);
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by now; give it a moment before letting go of the blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
