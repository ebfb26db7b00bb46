// One answer, for every process, to "can only this machine reach it?": the address the proxy
// listens on (core, admin API, the Settings screen's warning), the Host header of a request
// (src-proxy/security.ts) and whether the Bedrock endpoint is local (the emulator probe).

/**
 * A loopback address or the name `localhost`: 127.0.0.0/8 as a dotted quad, ::1 in any spelling
 * (brackets, zeros written out, IPv4-mapped 127.x). Strict on purpose: the proxy may listen without
 * API keys only on such an address.
 */
export function isLoopbackAddress(host: string): boolean {
  const h = normalise(host);
  return h === 'localhost' || isLoopbackV4(h) || isLoopbackV6(h);
}

/** isLoopbackAddress, or a `*.localhost` name (RFC 6761: browsers resolve them to loopback) — for Host headers. */
export function isLoopbackName(host: string): boolean {
  return isLoopbackAddress(host) || normalise(host).endsWith('.localhost');
}

/** True when a URL's host is a loopback address. */
export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackAddress(new URL(url).hostname);
  } catch {
    return false;
  }
}

function normalise(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

function isLoopbackV4(h: string): boolean {
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return m !== null && m.slice(1).every((octet) => Number(octet) <= 255);
}

function isLoopbackV6(h: string): boolean {
  if (!h.includes(':') || !/^[0-9a-f:.]+$/.test(h)) return false;
  const mapped = /^(?:0{0,4}:){0,5}:?(?:0{0,4}:)?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  if (mapped) return isLoopbackV4(mapped[1]);
  const halves = h.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string) => (part ? part.split(':') : []);
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const written = [...head, ...tail];
  if (written.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return false;
  const all = halves.length === 2 ? [...head, ...Array(8 - written.length).fill('0'), ...tail] : head;
  if (all.length !== 8) return false;
  return all.slice(0, 7).every((g) => parseInt(g, 16) === 0) && parseInt(all[7], 16) === 1;
}
