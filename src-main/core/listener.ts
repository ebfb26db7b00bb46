import { startProxy, type RunningProxy, type StartOptions } from '../../src-proxy/server';
import { isLoopbackAddress } from '../../src-shared/loopback';
import type { Settings } from '../../src-shared/settings';

// Where the proxy listens: one listener at a time, never on an address other machines reach
// without client API keys, and moved (new address first, old one closed after) when the
// settings change host or port — a move that fails leaves it serving where it was.

/** The port is taken by another program (often another Outcrop). */
export class PortInUseError extends Error {
  readonly code = 'port-in-use';
  constructor(readonly host: string, readonly port: number) {
    super(`Port ${port} on ${host} is already in use (is Outcrop already running?). Stop the other program or pick another port.`);
  }
}

export interface ListenerOptions {
  settings: () => Settings;
  /** What is wrong with the settings file while it lasts (named when listening is refused). */
  settingsProblem: () => string | undefined;
  /** Everything the proxy app needs besides its address. */
  app: () => Omit<StartOptions, 'host' | 'port'>;
  /** The proxy moved to a new address. */
  onMoved: (url: string) => void;
  onWarning: (message: string) => void;
}

export class ProxyListener {
  private current?: RunningProxy;
  private bound = { host: '', port: -1 };

  constructor(private readonly opts: ListenerOptions) {}

  get proxy(): RunningProxy | undefined {
    return this.current;
  }

  /** Listens on host:port. Throws PortInUseError when the port is taken, and refuses an exposed address without keys. */
  async start(host: string, port: number): Promise<RunningProxy> {
    this.current = await this.open(host, port);
    this.bound = { host, port };
    return this.current;
  }

  /** Moves to host:port when that is not where it listens (no-op when stopped). */
  async follow(host: string, port: number): Promise<void> {
    if (!this.current || (host === this.bound.host && port === this.bound.port)) return;
    const old = this.current;
    try {
      this.current = await this.open(host, port);
    } catch (err) {
      this.opts.onWarning(`Could not move to ${host}:${port}: ${(err as Error).message} Outcrop keeps listening on ${old.url}.`);
      return;
    }
    this.bound = { host, port };
    this.opts.onMoved(this.current.url);
    await old.close();
  }

  /** Stops listening; connections still open, requests in flight included, are cut (forceCloseConnections). */
  async stop(): Promise<void> {
    const proxy = this.current;
    this.current = undefined;
    await proxy?.close();
  }

  private async open(host: string, port: number): Promise<RunningProxy> {
    const s = this.opts.settings();
    if (!isLoopbackAddress(host) && !(s.requireApiKey && s.apiKeys.length > 0)) {
      const problem = this.opts.settingsProblem();
      throw new Error(`Refusing to listen on ${host}: other machines could spend your AWS credits. Turn on "require API key" and create a key in Outcrop settings first, or listen on 127.0.0.1.${problem ? ` (${problem})` : ''}`);
    }
    try {
      return await startProxy({ ...this.opts.app(), host, port });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(host, port);
      throw err;
    }
  }
}
