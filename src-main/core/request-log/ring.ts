import type { LogQuery } from '../../../src-shared/admin';
import { protocolForPath, type RequestLogEntry, type RequestProtocol } from '../../../src-shared/request-log';
import { baseModelId } from './prices';

// The live view's memory: the last N entries, and the filters the log screen applies to them.

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/** A fixed-size ring of the most recent entries; the oldest is dropped when full. */
export class EntryRing {
  private readonly items: RequestLogEntry[] = [];
  private start = 0;

  constructor(readonly size: number) {}

  get length(): number {
    return this.items.length;
  }

  /** Adds an entry, dropping the oldest one when the ring is full. */
  push(entry: RequestLogEntry): void {
    if (this.items.length < this.size) {
      this.items.push(entry);
      return;
    }
    this.items[this.start] = entry;
    this.start = (this.start + 1) % this.size;
  }

  /** Puts older entries (oldest first) before the ones held, keeping the newest `size` in all. */
  prepend(older: RequestLogEntry[]): void {
    const all = [...older, ...this.toArray()].slice(-this.size);
    this.items.length = 0;
    this.items.push(...all);
    this.start = 0;
  }

  /** The entries in the order they were added, oldest first. */
  toArray(): RequestLogEntry[] {
    return [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
  }
}

/** The entries matching a query, newest (by request time) first, at most `limit` (default 100, max 1000). */
export function queryEntries(entries: RequestLogEntry[], q: LogQuery): RequestLogEntry[] {
  const limit = clampLimit(q.limit);
  const matches = compileQuery(q);
  // Entries are added when requests finish, so a long stream lands after shorter, later ones:
  // order by arrival time so that `before` pages cleanly (ties: the last added first).
  const hits = entries.filter(matches).reverse();
  hits.sort((a, b) => b.time - a.time);
  return hits.slice(0, limit);
}

/** The number of entries a query asks for: 100 by default, 1 to 1000. */
export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

/** A predicate for one query's filters (model, status, protocol, client, text, time: before, from, to). */
export function compileQuery(q: LogQuery): (entry: RequestLogEntry) => boolean {
  const tests: Array<(e: RequestLogEntry) => boolean> = [];
  if (q.before !== undefined && Number.isFinite(q.before)) {
    const before = q.before;
    tests.push((e) => e.time < before);
  }
  if (q.model?.trim()) tests.push(modelTest(q.model));
  if (q.status?.trim()) tests.push(statusTest(q.status));
  if (q.from !== undefined && Number.isFinite(q.from)) {
    const from = q.from;
    tests.push((e) => e.time >= from);
  }
  if (q.to !== undefined && Number.isFinite(q.to)) {
    const to = q.to;
    tests.push((e) => e.time <= to);
  }
  if (q.protocol) tests.push(protocolTest(q.protocol));
  if (q.client?.trim()) tests.push(clientTest(q.client));
  if (q.text?.trim()) tests.push(textTest(q.text));
  return (e) => tests.every((t) => t(e));
}

// The asked name or the Bedrock id, with or without a region prefix (us.anthropic… matches anthropic…).
function modelTest(model: string): (e: RequestLogEntry) => boolean {
  const wanted = model.trim().toLowerCase();
  const wantedBase = baseModelId(wanted);
  return (e) => {
    for (const id of [e.model, e.bedrockModel]) {
      if (!id) continue;
      const lower = id.toLowerCase();
      if (lower === wanted) return true;
      if (wantedBase && baseModelId(lower) === wantedBase) return true;
    }
    return false;
  };
}

// "ok" = 2xx, "error" = anything else, "4xx"/"5xx" = a class, a number = that exact code.
// Anything else matches nothing, so a typo shows an empty list rather than everything.
function statusTest(status: string): (e: RequestLogEntry) => boolean {
  const s = status.trim().toLowerCase();
  if (s === 'ok') return (e) => e.status >= 200 && e.status < 300;
  if (s === 'error') return (e) => e.status < 200 || e.status >= 300;
  const cls = /^([1-5])xx$/.exec(s);
  if (cls) {
    const hundreds = Number(cls[1]);
    return (e) => Math.floor(e.status / 100) === hundreds;
  }
  if (/^\d{3}$/.test(s)) {
    const code = Number(s);
    return (e) => e.status === code;
  }
  return () => false;
}

// Entries written before the log had a protocol get it from their endpoint.
function protocolTest(protocol: RequestProtocol): (e: RequestLogEntry) => boolean {
  return (e) => (e.protocol ?? protocolForPath(e.endpoint)) === protocol;
}

// Part of the short name, so that "claude-cli" finds every version of it.
function clientTest(client: string): (e: RequestLogEntry) => boolean {
  const needle = client.trim().toLowerCase();
  return (e) => e.client !== undefined && e.client.toLowerCase().includes(needle);
}

function textTest(text: string): (e: RequestLogEntry) => boolean {
  const needle = text.trim().toLowerCase();
  return (e) =>
    [e.model, e.bedrockModel, e.client, e.userAgent, e.endpoint, e.error?.message, e.error?.code].some(
      (field) => field !== undefined && field.toLowerCase().includes(needle),
    );
}
