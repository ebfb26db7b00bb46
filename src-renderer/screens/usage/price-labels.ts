import type { PriceListStatus, PriceView } from '../../../src-shared/admin';

// Words for where a price comes from and as of when, as the Prices card shows them.

const day = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const month = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "5 Dec 2026" for an ISO date or time; the text itself when it is not one. */
export function formatDay(iso: string): string {
  const t = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(t) ? iso : day.format(t);
}

/** "AWS price list, 5 Dec 2026", "Built-in, Nov 2025", "Your price", or "No price". */
export function sourceLabel(price: PriceView | undefined): string {
  if (!price) return 'No price';
  if (price.source === 'override') return 'Your price';
  if (price.source === 'aws-price-list') return price.asOf ? `AWS price list, ${formatDay(price.asOf)}` : 'AWS price list';
  if (!price.asOf) return 'Built-in';
  const t = Date.parse(`${price.asOf}T00:00:00Z`);
  return Number.isNaN(t) ? `Built-in, ${price.asOf}` : `Built-in, ${month.format(t)}`;
}

/** A price per 1M tokens: "$3.00", "$0.06", "–" when absent. */
export function perMillion(n: number | undefined): string {
  if (n === undefined) return '–';
  return n.toLocaleString(undefined, { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 6 });
}

/** One sentence on the AWS price list: where it stands and since when. */
export function priceListLine(s: PriceListStatus): string {
  const parts: string[] = [];
  if (s.publicationDate) {
    parts.push(`AWS price list${s.region ? ` for ${s.region}` : ''} published ${formatDay(s.publicationDate)}${s.fetchedAt ? `, downloaded ${formatDay(s.fetchedAt)}` : ''}; it prices ${s.models} model${s.models === 1 ? '' : 's'}.`);
  } else if (!s.enabled) {
    parts.push('The AWS price list is not downloaded (OUTCROP_PRICE_LIST_URL=off): prices come from the built-in table and your own.');
  } else if (s.refreshing) {
    parts.push('Downloading the AWS price list…');
  } else if (!s.region) {
    parts.push('No region is set, so the AWS price list is not used: prices come from the built-in table and your own.');
  } else {
    parts.push('The AWS price list has not been downloaded yet: prices come from the built-in table and your own.');
  }
  if (s.lastError) parts.push(`The last download failed${s.lastErrorAt ? ` (${formatDay(s.lastErrorAt)})` : ''}: ${s.lastError}`);
  return parts.join(' ');
}

/** The override key for a row: the one in use, else the model id without its profile prefix (every profile of the model). */
export function overrideKeyFor(model: string, inUse?: string): string {
  return inUse ?? model.replace(/^(us-gov|us|eu|apac|jp|au|ca|global)\./, '');
}
