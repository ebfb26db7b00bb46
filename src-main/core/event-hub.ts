import type { AdminEvent, NumberedEvent } from '../../src-shared/admin';

/**
 * Live events for the admin stream: numbered, kept in a bounded ring so a client that reconnects
 * with Last-Event-ID gets what it missed, and a new client gets the latest request entries.
 */
export class EventHub {
  private readonly ring: NumberedEvent[] = [];
  private readonly listeners = new Set<(e: NumberedEvent) => void>();
  private next = 1;

  constructor(private readonly capacity = 500, private readonly replayOnConnect = 50, private readonly onListenerError?: (err: unknown) => void) {}

  /** Numbers an event, keeps it, and hands it to every subscriber. */
  publish(event: AdminEvent): NumberedEvent {
    const numbered = { id: this.next++, event };
    this.ring.push(numbered);
    if (this.ring.length > this.capacity) this.ring.shift();
    for (const listener of this.listeners) {
      try {
        listener(numbered);
      } catch (err) {
        // One broken subscriber must not stop the others; the diagnostic log gets its error.
        this.onListenerError?.(err);
      }
    }
    return numbered;
  }

  /**
   * Subscribes; replays the events after `afterId` (a reconnect), or the last request entries
   * for a new client. Returns the unsubscribe function.
   */
  subscribe(listener: (e: NumberedEvent) => void, afterId?: number): () => void {
    // An id from before a restart (larger than any we issued) counts as a new client.
    const reconnect = afterId !== undefined && afterId < this.next;
    const replay = reconnect ? this.ring.filter((e) => e.id > afterId) : this.ring.filter((e) => e.event.type === 'request').slice(-this.replayOnConnect);
    for (const e of replay) listener(e);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscribers(): number {
    return this.listeners.size;
  }
}
