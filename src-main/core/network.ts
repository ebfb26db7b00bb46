import { readFileSync } from 'node:fs';
import { redactProxyUrl, type NetworkConfig } from '../../src-proxy/net/proxy-rules';

// Where the network config comes from, as the AWS CLI and curl read it: the Outcrop setting wins,
// then https_proxy/HTTPS_PROXY (http_proxy/HTTP_PROXY for http:// targets), then ALL_PROXY;
// no_proxy/NO_PROXY; AWS_CA_BUNDLE and NODE_EXTRA_CA_CERTS add trusted CAs.

export interface NetworkSettings {
  httpsProxy?: string;
  noProxy?: string;
}

/** The network config for src-proxy, with where each part came from (for doctor) and what was ignored. */
export interface ResolvedNetwork {
  config: NetworkConfig;
  /** "Outcrop settings" or the variable the proxy came from; undefined without a proxy. */
  proxySource?: string;
  /** CA files whose certificates were added. */
  caFiles: string[];
  /** Things that were set but could not be used, as sentences. */
  problems: string[];
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Resolves proxy, NO_PROXY and extra CAs from the settings and the environment; reads the CA files now. */
export function resolveNetwork(settings: NetworkSettings, env: NodeJS.ProcessEnv): ResolvedNetwork {
  const problems: string[] = [];
  const pick = (names: string[]): { value: string; source: string } | undefined => {
    for (const name of names) {
      const value = env[name]?.trim();
      if (value) return { value, source: name };
    }
    return undefined;
  };
  const fromSettings = settings.httpsProxy?.trim() ? { value: settings.httpsProxy.trim(), source: 'Outcrop settings' } : undefined;
  // Lower case first, as curl does (it ignores HTTP_PROXY entirely; requests and the AWS CLI read both).
  const https = fromSettings ?? pick(['https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY']);
  const http = fromSettings ?? pick(['http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY']);
  const usable = (p: { value: string; source: string } | undefined): string | undefined => {
    if (!p) return undefined;
    const url = normaliseProxyUrl(p.value);
    if (!url) problems.push(`The proxy ${redactProxyUrl(p.value) || 'URL'} from ${p.source} is not an http:// or https:// URL; it is ignored.`);
    return url;
  };
  const httpsProxy = usable(https);
  const httpProxy = http?.value === https?.value ? httpsProxy : usable(http);
  const noProxy = settings.noProxy?.trim() || pick(['no_proxy', 'NO_PROXY'])?.value;

  const extraCa: string[] = [];
  const caFiles: string[] = [];
  // Node reads NODE_EXTRA_CA_CERTS only at start-up and only into its default store, which a `ca`
  // option replaces: it is read here too, so AWS_CA_BUNDLE does not drop it.
  for (const name of ['AWS_CA_BUNDLE', 'NODE_EXTRA_CA_CERTS']) {
    const file = env[name]?.trim();
    if (!file || caFiles.includes(file)) continue;
    try {
      const certs = readFileSync(file, 'utf8').match(PEM_CERT);
      if (!certs) problems.push(`${name} (${file}) holds no PEM certificate; it is ignored.`);
      else {
        extraCa.push(certs.join('\n'));
        caFiles.push(file);
      }
    } catch (err) {
      problems.push(`${name} (${file}) cannot be read: ${(err as Error).message}`);
    }
  }
  const config: NetworkConfig = {
    ...(httpsProxy ? { httpsProxy } : {}),
    ...(httpProxy ? { httpProxy } : {}),
    ...(noProxy ? { noProxy } : {}),
    ...(extraCa.length ? { extraCa } : {}),
  };
  return { config, proxySource: httpsProxy || httpProxy ? (https ?? http)?.source : undefined, caFiles, problems };
}

/** A proxy URL as curl takes it: a bare host:port means http://. undefined when it is not usable. */
export function normaliseProxyUrl(value: string): string | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  try {
    const url = new URL(withScheme);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname ? withScheme : undefined;
  } catch {
    return undefined;
  }
}

/** One line per fact for doctor and the UI: which proxy (password hidden), NO_PROXY, which CA files. */
export function describeNetwork(n: ResolvedNetwork): string[] {
  const lines: string[] = [];
  const { httpsProxy, httpProxy, noProxy } = n.config;
  if (httpsProxy) lines.push(`Proxy ${redactProxyUrl(httpsProxy)} (from ${n.proxySource}) for https://${httpProxy && httpProxy !== httpsProxy ? `; ${redactProxyUrl(httpProxy)} for http://` : httpProxy ? ' and http://' : ''}.`);
  else if (httpProxy) lines.push(`Proxy ${redactProxyUrl(httpProxy)} (from ${n.proxySource}) for http:// only.`);
  else lines.push('No proxy: connections go direct.');
  if ((httpsProxy || httpProxy) && noProxy) lines.push(`NO_PROXY: ${noProxy}.`);
  lines.push(n.caFiles.length ? `Extra CA certificates from ${n.caFiles.join(', ')}, on top of Node's bundled roots.` : "TLS trusts Node's bundled root CAs (no AWS_CA_BUNDLE or NODE_EXTRA_CA_CERTS).");
  return lines;
}
