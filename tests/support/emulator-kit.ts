// Pieces every emulator in tests/support needs: a bounded request record that tells a listener
// about each request, and per-operation fault queues for failNext().

/** Calls a test's listener; a listener that throws must not break the request it hears about. */
export function notify<T>(listener: ((value: T) => void) | undefined, value: T): void {
  try {
    listener?.(value);
  } catch {
    // Ignored on purpose: see above.
  }
}

/** Appends to `requests`, dropping the oldest beyond `limit`, and notifies the listener. */
export function recorder<T>(requests: T[], limit = 10_000, listener?: (rec: T) => void): (rec: T) => void {
  return (rec) => {
    requests.push(rec);
    if (requests.length > limit) requests.splice(0, requests.length - limit);
    notify(listener, rec);
  };
}

/** Faults queued per operation; a fault with `times: n` answers the next n requests. */
export class FaultQueue<K, F extends { times?: number }> {
  private readonly queues = new Map<K, F[]>();

  push(key: K, fault: F): void {
    const queue = this.queues.get(key) ?? [];
    queue.push({ ...fault });
    this.queues.set(key, queue);
  }

  /** The fault for the next request of this operation, if any. */
  take(key: K): F | undefined {
    const queue = this.queues.get(key);
    const fault = queue?.[0];
    if (!queue || !fault) return undefined;
    const remaining = (fault.times ?? 1) - 1;
    if (remaining > 0) queue[0] = { ...fault, times: remaining };
    else queue.shift();
    return fault;
  }

  clear(): void {
    this.queues.clear();
  }
}
