import type { ResponseObject, OutputItem } from './response-object';

// Responses created with store:true (OpenAI's default), kept in memory so that
// previous_response_id, GET, DELETE and input_items work. Bounded by count and by bytes; the
// oldest response goes first. Nothing is written to disk.

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

/** A bounded, in-memory store of responses, oldest evicted first. */
export class ResponseStore {
  private readonly entries = new Map<string, { value: StoredResponse; bytes: number }>();
  private bytes = 0;

  constructor(private readonly limits: () => StoreLimits) {}

  /** Keeps a response; evicts the oldest ones beyond the count or byte limit (a response bigger than the byte limit is not kept). */
  put(id: string, value: StoredResponse): void {
    this.delete(id);
    const bytes = Buffer.byteLength(JSON.stringify(value));
    const { maxResponses, maxBytes } = this.limits();
    if (maxResponses <= 0 || bytes > maxBytes) return;
    this.entries.set(id, { value, bytes });
    this.bytes += bytes;
    while (this.entries.size > maxResponses || this.bytes > maxBytes) {
      this.delete(this.entries.keys().next().value as string);
    }
  }

  /** The stored response, if still kept. */
  get(id: string): StoredResponse | undefined {
    return this.entries.get(id)?.value;
  }

  /** Forgets a response; true when it was kept. */
  delete(id: string): boolean {
    const e = this.entries.get(id);
    if (!e) return false;
    this.entries.delete(id);
    this.bytes -= e.bytes;
    return true;
  }

  get size(): number {
    return this.entries.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }
}
