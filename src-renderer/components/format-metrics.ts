// Number formatting shared by the request log and usage screens: tokens, dollars, durations and
// relative times, in the user's locale.

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });

/** An exact token count ("12,345"), or "–" when unknown. */
export function formatTokens(n: number | undefined): string {
  return n === undefined ? '–' : integer.format(n);
}

/** A short token count for axes and totals ("12.3K"). */
export function formatTokensShort(n: number): string {
  return Math.abs(n) < 10_000 ? integer.format(n) : compact.format(n);
}

/**
 * Dollars with the precision the amount needs, the same everywhere: cents from a dollar up
 * ("$12.30", "$1,234.57"); two significant digits below ("$0.12", "$0.012", "$0.0012",
 * "$0.000016"), so a small amount never reads "$0.00" or "$0.0000"; "$0.00" only for zero; "–" when
 * unknown.
 */
export function formatUsd(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '–';
  if (n === 0) return usd(0, 2);
  const abs = Math.abs(n);
  if (abs >= 1) return usd(n, 2);
  // Decimals that keep two significant digits: 0.12 -> 2, 0.012 -> 3, 0.000016 -> 6.
  const decimals = Math.min(20, Math.max(2, 1 - Math.floor(Math.log10(abs))));
  return usd(n, decimals);
}

function usd(n: number, maxDecimals: number): string {
  return n.toLocaleString(undefined, { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: maxDecimals });
}

/** What a usage row cost: "no price" when none of its requests had a known price (not $0), else formatUsd. */
export function formatCost(row: { requests: number; unpriced?: number; costUsd: number }): string {
  if (row.requests > 0 && (row.unpriced ?? 0) >= row.requests) return 'no price';
  return formatUsd(row.costUsd);
}

/** A duration in ms as "850 ms" or "1.2 s", or "–" when unknown. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** "in 7 hours", "5 minutes ago" for a time relative to now. */
export function formatRelative(time: string | number, now = Date.now()): string {
  const t = typeof time === 'number' ? time : Date.parse(time);
  if (!Number.isFinite(t)) return '';
  const diff = t - now;
  for (const [unit, size] of UNITS) {
    if (Math.abs(diff) >= size || unit === 'second') return relative.format(Math.round(diff / size), unit);
  }
  return '';
}

/** A full local date and time, for titles and details. */
export function formatDateTime(time: string | number): string {
  const d = new Date(time);
  return Number.isNaN(d.getTime()) ? String(time) : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}
