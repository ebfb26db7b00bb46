import type { ResponseObject, OutputItem } from './response-object';

// Responses created with store:true (OpenAI's default), kept in memory so that
// previous_response_id, GET, DELETE and input_items work. Bounded by count and by bytes; the
// oldest response goes first. The proxy writes nothing itself: when the app is given a
// persistence (the core's files, when the user opts in), every change is mirrored to it and the
// store starts with what it kept.

/** One stored response: what the client sees, and what continuing it needs. */
export interface StoredResponse {
  response: ResponseObject;
  /** Every input item of the conversation up to this response (earlier turns included), with ids. */
  input: unknown[];
  /** The output items with their sealed reasoning, for continuing the conversation. */
  output: OutputItem[];
  /** The items this request itself sent (what input_items lists). */
  ownInput: unknown[];
}

export interface StoreLimits {
  maxResponses: number;
  maxBytes: number;
}

/** Where stored responses outlive the process; the core implements it, the proxy only calls it. */
export interface ResponsePersistence {
  /** The responses kept earlier, oldest first; unreadable ones are skipped (and reported) by the implementation. */
  load(): Promise<Array<{ id: string; value: StoredResponse }>>;
  /** Keeps a response, replacing one with the same id; never throws (failures are the implementation's to report). */
  save(id: string, value: StoredResponse): void;
  /** Forgets a response; an id it does not hold is fine; never throws. */
  remove(id: string): void;
}

/** A bounded store of responses, oldest evicted first, mirrored to a persistence when given one. */
export class ResponseStore {
  private readonly entries = new Map<string, { value: StoredResponse; bytes: number }>();
  private bytes = 0;

  constructor(
    private readonly limits: () => StoreLimits,
    private readonly persistence?: ResponsePersistence,
  ) {}

  /** Takes in what the persistence kept (older than anything already stored), applies the limits; resolves with how many it keeps. */
  async restore(): Promise<number> {
    if (!this.persistence) return 0;
    const kept = (await this.persistence.load()).filter(({ id }) => !this.entries.has(id));
    const newer = [...this.entries];
    this.entries.clear();
    this.bytes = 0;
    for (const { id, value } of kept) this.add(id, value, Buffer.byteLength(JSON.stringify(value)));
    for (const [id, e] of newer) this.add(id, e.value, e.bytes);
    this.evict();
    return kept.filter(({ id }) => this.entries.has(id)).length;
  }

  /** Keeps a response; evicts the oldest ones beyond the count or byte limit (a response bigger than the byte limit is not kept). */
  put(id: string, value: StoredResponse): void {
    const bytes = Buffer.byteLength(JSON.stringify(value));
    const { maxResponses, maxBytes } = this.limits();
    if (maxResponses <= 0 || bytes > maxBytes) {
      this.delete(id);
      return;
    }
    this.forget(id);
    this.add(id, value, bytes);
    this.persistence?.save(id, value);
    this.evict();
  }

  /** The stored response, if still kept. */
  get(id: string): StoredResponse | undefined {
    return this.entries.get(id)?.value;
  }

  /** Forgets a response (in memory and in the persistence); true when it was kept. */
  delete(id: string): boolean {
    if (!this.forget(id)) return false;
    this.persistence?.remove(id);
    return true;
  }

  get size(): number {
    return this.entries.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  private add(id: string, value: StoredResponse, bytes: number): void {
    this.entries.set(id, { value, bytes });
    this.bytes += bytes;
  }

  private forget(id: string): boolean {
    const e = this.entries.get(id);
    if (!e) return false;
    this.entries.delete(id);
    this.bytes -= e.bytes;
    return true;
  }

  private evict(): void {
    const { maxResponses, maxBytes } = this.limits();
    while (this.entries.size > 0 && (this.entries.size > maxResponses || this.bytes > maxBytes)) {
      this.delete(this.entries.keys().next().value as string);
    }
  }
}
