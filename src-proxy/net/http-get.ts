import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { networkAgents, type NetworkAgents } from './agents';
import type { HostGuard } from './host-guard';
import { proxyFor, type NetworkConfig } from './proxy-rules';

// GET over Node's http/https with the network config's agents (fetch() cannot take them: Node's
// bundled undici is not importable), following redirects as fetch() does, with every hop's host
// checked by a HostGuard first and the connection pinned to the addresses it checked.

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// Idle kept-alive sockets are closed after this long, so agents of a replaced config wind down.
const IDLE_SOCKET_MS = 15_000;

// Agents per network config and per guard: a kept-alive socket was connected to an address one
// guard checked, so it is never handed to requests another guard (a stricter policy) checks.
const agentsByConfig = new WeakMap<NetworkConfig, WeakMap<HostGuard, NetworkAgents>>();
const NO_CONFIG: NetworkConfig = {};

function agentsFor(network: NetworkConfig | undefined, guard: HostGuard): NetworkAgents {
  const key = network ?? NO_CONFIG;
  let byGuard = agentsByConfig.get(key);
  if (!byGuard) agentsByConfig.set(key, (byGuard = new WeakMap()));
  let agents = byGuard.get(guard);
  if (!agents) byGuard.set(guard, (agents = networkAgents(key, { timeout: IDLE_SOCKET_MS })));
  return agents;
}

export interface HttpGetOptions {
  /** Checks each hop's host before it is requested (refusing rejects with the guard's error). */
  guard: HostGuard;
  network?: NetworkConfig;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/** GETs `url` (through the proxy and with the CAs of `network`), following redirects; resolves with the final response, body unread. */
export async function httpGet(url: URL, opts: HttpGetOptions): Promise<IncomingMessage> {
  const agents = agentsFor(opts.network, opts.guard);
  let current = url;
  for (let hop = 0; ; hop++) {
    const res = await getOnce(current, agents, opts);
    const location = res.headers.location;
    if (!REDIRECTS.has(res.statusCode ?? 0) || !location) return res;
    res.resume();
    if (hop >= MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
    current = new URL(location, current);
    if (current.protocol !== 'http:' && current.protocol !== 'https:') throw new Error(`redirected to a ${current.protocol} URL`);
  }
}

async function getOnce(url: URL, agents: NetworkAgents, opts: HttpGetOptions): Promise<IncomingMessage> {
  // The agents tunnel through the proxy exactly when proxyFor names one (see agents.ts).
  const proxied = proxyFor(url, opts.network) !== undefined;
  const lookup = await opts.guard.check(url, proxied, opts.signal);
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const req = (secure ? https : http).get(url, { agent: secure ? agents.https : agents.http, signal: opts.signal, headers: opts.headers, ...(lookup ? { lookup } : {}) }, resolve);
    req.on('error', reject);
  });
}
