import type { RequestLogEntry } from '../../../src-shared/request-log';

/** Downloads entries as JSON Lines (one entry per line), named for the time of export. */
export function downloadJsonl(entries: RequestLogEntry[], now = new Date()): void {
  const blob = new Blob(entries.map((e) => `${JSON.stringify(e)}\n`), { type: 'application/x-ndjson' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `outcrop-requests-${now.toISOString().slice(0, 19).replace(/:/g, '-')}.jsonl`;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by now; give it a moment before letting go of the blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
