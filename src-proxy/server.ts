import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { RequestLogEntry } from '../src-shared/request-log';
import { buildApp, type ProxyDeps } from './app';
import { checkOnlyWhileConnected } from './http-limits';

/** Typed events of a running proxy, for the tray, the UI and the CLI to listen to. */
export interface ProxyEvents {
  listening: [{ url: string; host: string; port: number }];
  request: [RequestLogEntry];
  closed: [];
}

export interface RunningProxy {
  url: string;
  host: string;
  port: number;
  app: FastifyInstance;
  events: EventEmitter<ProxyEvents>;
  close(): Promise<void>;
}

export interface StartOptions extends ProxyDeps {
  host: string;
  /** 0 picks a free port; the real one is in the result. */
  port: number;
}

/** Builds the app and listens on host:port; resolves once it accepts connections. */
export async function startProxy(opts: StartOptions): Promise<RunningProxy> {
  const events = new EventEmitter<ProxyEvents>();
  const userLog = opts.log;
  const app = buildApp({
    ...opts,
    log: (entry) => {
      userLog?.(entry);
      events.emit('request', entry);
    },
  });
  checkOnlyWhileConnected(app.server);
  await app.listen({ host: opts.host, port: opts.port });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  events.emit('listening', { url, host: address.address, port: address.port });
  return {
    url,
    host: address.address,
    port: address.port,
    app,
    events,
    async close() {
      await app.close();
      events.emit('closed');
    },
  };
}
