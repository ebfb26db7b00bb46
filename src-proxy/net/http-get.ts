import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { networkAgents, type NetworkAgents } from './agents';
import type { NetworkConfig } from './proxy-rules';

// GET over Node's http/https with the network config's agents (fetch() cannot take them: Node's
// bundled undici is not importable), following redirects as fetch() does.

const MAX_REDIRECTS = 10;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// Idle kept-alive sockets are closed after this long, so agents of a replaced config wind down.
const IDLE_SOCKET_MS = 15_000;

const agentsByConfig = new WeakMap<NetworkConfig, NetworkAgents>();
const NO_CONFIG: NetworkConfig = {};

function agentsFor(network: NetworkConfig | undefined): NetworkAgents {
  const key = network ?? NO_CONFIG;
  let agents = agentsByConfig.get(key);
  if (!agents) agentsByConfig.set(key, (agents = networkAgents(key, { timeout: IDLE_SOCKET_MS })));
  return agents;
}

export interface HttpGetOptions {
  network?: NetworkConfig;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/** GETs `url` (through the proxy and with the CAs of `network`), following redirects; resolves with the final response, body unread. */
export async function httpGet(url: URL, opts: HttpGetOptions = {}): Promise<IncomingMessage> {
  const agents = agentsFor(opts.network);
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

function getOnce(url: URL, agents: NetworkAgents, opts: HttpGetOptions): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const req = (secure ? https : http).get(url, { agent: secure ? agents.https : agents.http, signal: opts.signal, headers: opts.headers }, resolve);
    req.on('error', reject);
  });
}
