// A TCP relay that puts simulated network distance between a client and a local server (the
// Bedrock emulator): every chunk is forwarded rtt/2 after it arrived, in each direction, in order;
// a new connection's first client bytes wait one extra handshake delay (default one RTT), as on a
// real network where connect() returns only after SYN / SYN-ACK crossed it (here the kernel
// completes the handshake locally at once). TLS passes through untouched, so its own round trips
// pay the delay too. No bandwidth limit: only latency. Counts the connections it accepted.
import net from 'node:net';

export interface DistanceRelayOptions {
  /** Where to forward: a URL (its scheme is kept in `url`) or host and port. */
  target: string | { host: string; port: number };
  /** Simulated round-trip time (ms): each direction adds rttMs / 2. */
  rttMs: number;
  /** Extra delay before a new connection's first client→server bytes (ms); default rttMs (the TCP handshake). */
  handshakeMs?: number;
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Bytes held in flight per direction before the sender is paused (backpressure); default 4 MiB. */
  maxInFlightBytes?: number;
}

export interface RelayStats {
  /** Connections accepted since start (or the last resetStats). */
  connections: number;
  /** Connections with either side still open. */
  openConnections: number;
  /** Connections that ended with a reset or error on either side. */
  resets: number;
}

export interface DistanceRelay {
  /** The target's URL with the relay's host and port (http://127.0.0.1:port when the target was host/port). */
  url: string;
  host: string;
  port: number;
  readonly stats: RelayStats;
  /** Changes the delays for chunks that arrive from now on. */
  setDistance(rttMs: number, handshakeMs?: number): void;
  /** Zeroes `connections` and `resets` (open connections stay counted). */
  resetStats(): void;
  /** Stops listening and destroys every relayed connection. */
  close(): Promise<void>;
}

type Item = { due: number; chunk?: Buffer; end?: 'fin' | 'reset' };

/**
 * One direction of a relayed connection: chunks read from `from` are written to `to` at their due
 * time, in order; `from` is paused while too much is in flight or `to` needs draining.
 */
class DelayedPipe {
  private readonly queue: Item[] = [];
  private head = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastDue = 0;
  private stopped = false;

  constructor(
    private readonly from: net.Socket,
    private readonly to: net.Socket,
    private readonly delay: (first: boolean) => number,
    private readonly maxInFlight: number,
  ) {
    let first = true;
    from.on('data', (chunk: Buffer) => {
      this.push({ due: 0, chunk }, first);
      first = false;
      if (this.inFlight > this.maxInFlight) from.pause();
    });
    to.on('drain', () => this.resumeIfRoom());
  }

  /** Queues a chunk or an end marker; its due time is never before the previous item's (order kept). */
  push(item: Item, first = false): void {
    if (this.stopped) return;
    item.due = Math.max(performance.now() + this.delay(first), this.lastDue);
    this.lastDue = item.due;
    this.inFlight += item.chunk?.length ?? 0;
    this.queue.push(item);
    if (this.queue.length - this.head === 1) this.arm();
  }

  /** Drops what is still in flight (the other side is gone). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.queue.length = this.head = this.inFlight = 0;
  }

  private arm(): void {
    clearTimeout(this.timer);
    const next = this.queue[this.head];
    if (next) this.timer = setTimeout(() => this.flush(), Math.max(0, next.due - performance.now()));
  }

  private flush(): void {
    const now = performance.now();
    while (this.head < this.queue.length && this.queue[this.head].due <= now + 0.5) {
      const item = this.queue[this.head++];
      if (item.chunk) {
        this.inFlight -= item.chunk.length;
        if (!this.to.destroyed && !this.to.write(item.chunk)) this.from.pause();
      } else if (item.end === 'fin') {
        if (!this.to.destroyed) this.to.end();
      } else if (!this.to.destroyed) {
        this.to.resetAndDestroy();
      }
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    this.resumeIfRoom();
    this.arm();
  }

  private resumeIfRoom(): void {
    if (this.inFlight <= this.maxInFlight && !this.to.writableNeedDrain && this.from.isPaused() && !this.from.destroyed) this.from.resume();
  }
}

/** Starts the relay on 127.0.0.1 (or `host`) and resolves once it listens. */
export async function startDistanceRelay(opts: DistanceRelayOptions): Promise<DistanceRelay> {
  const target = typeof opts.target === 'string' ? new URL(opts.target) : undefined;
  const targetHost = target ? target.hostname.replace(/^\[|\]$/g, '') : (opts.target as { host: string }).host;
  const targetPort = target ? Number(target.port || (target.protocol === 'https:' ? 443 : 80)) : (opts.target as { port: number }).port;
  let rttMs = opts.rttMs;
  let handshakeMs = opts.handshakeMs ?? opts.rttMs;
  const maxInFlight = opts.maxInFlightBytes ?? 4 * 1024 * 1024;
  const stats: RelayStats = { connections: 0, openConnections: 0, resets: 0 };
  const live = new Set<net.Socket>();

  const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (client) => {
    stats.connections++;
    stats.openConnections++;
    const acceptedAt = performance.now();
    const upstream = net.connect({ host: targetHost, port: targetPort, allowHalfOpen: true });
    upstream.pause();
    live.add(client).add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    // Client→server: the first bytes also wait for the simulated handshake to finish.
    const up = new DelayedPipe(client, upstream, (first) => rttMs / 2 + (first ? Math.max(0, acceptedAt + handshakeMs - performance.now()) : 0), maxInFlight);
    const down = new DelayedPipe(upstream, client, () => rttMs / 2, maxInFlight);
    let reset = false;
    let closed = 0;
    const wire = (sock: net.Socket, pipe: DelayedPipe, other: net.Socket, otherPipe: DelayedPipe) => {
      let ended = false;
      sock.on('end', () => {
        ended = true;
        pipe.push({ due: 0, end: 'fin' });
      });
      sock.on('error', () => {
        if (!reset) stats.resets++;
        reset = true;
        // What this side had sent still arrives first, then the reset (TCP order).
        pipe.push({ due: 0, end: 'reset' });
        otherPipe.stop();
      });
      sock.on('close', () => {
        live.delete(sock);
        // Closed without FIN or error (destroyed here): the other side sees a reset.
        if (!ended && !reset && !other.destroyed) pipe.push({ due: 0, end: 'reset' });
        if (++closed === 2) stats.openConnections--;
      });
    };
    wire(client, up, upstream, down);
    wire(upstream, down, client, up);
    upstream.once('connect', () => upstream.resume());
    client.resume();
  });
  server.on('error', () => {});

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port, address } = server.address() as net.AddressInfo;
  const urlHost = address.includes(':') ? `[${address}]` : address;
  return {
    url: `${target?.protocol ?? 'http:'}//${urlHost}:${port}`,
    host: address,
    port,
    stats,
    setDistance(rtt, handshake) {
      rttMs = rtt;
      handshakeMs = handshake ?? rtt;
    },
    resetStats() {
      stats.connections = 0;
      stats.resets = 0;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of live) s.destroy();
      });
    },
  };
}
