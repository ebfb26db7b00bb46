// Which tool sent a request, as a short name for the request log ("claude-cli/2.1.3", "Cline",
// "OpenAI/JS 6.49.0"). Tools built on an SDK often keep the SDK's user-agent, so a few headers
// that name the app (OpenRouter's X-Title convention, Codex's originator) are read first.

type Headers = Record<string, string | string[] | undefined>;

interface UserAgentRule {
  /** Matched against the whole user-agent; group 1 is the name, group 2 (optional) the version. */
  pattern: RegExp;
  /** How the name and version are written; the default is `name/version`. */
  format?: (name: string, version: string | undefined) => string;
}

const spaced = (name: string, version: string | undefined): string => (version ? `${name} ${version}` : name);

// Most specific first; the last rule keeps the first product token of any other user-agent.
const USER_AGENT_RULES: UserAgentRule[] = [
  { pattern: /\b(claude-cli)\/(\S+)/ },
  { pattern: /\b(codex_[a-z_]+|codex-[a-z-]+)\/(\S+)/i },
  { pattern: /\b(Continue)\/(\S+)/i },
  { pattern: /\b(Cline|Roo-?Code|Kilo-?Code)\/(\S+)/i },
  { pattern: /\b(OpenAI\/(?:JS|Python|Go|Java|\.NET))(?: (\S+))?/, format: spaced },
  { pattern: /\b(Anthropic\/(?:JS|Python|Go|Java))(?: (\S+))?/, format: spaced },
  { pattern: /\b(ai-sdk\/[\w-]+)\/(\S+)/ },
  { pattern: /^(curl)\/(\S+)/ },
  { pattern: /^(Mozilla)\//, format: () => 'Browser' },
  { pattern: /^([^\s/]+)\/(\S+)/ },
];

const MAX_LENGTH = 40;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() || undefined;
}

/** A short name for the client that sent a request, from its headers; undefined when nothing names it. */
export function clientName(headers: Headers): string | undefined {
  // Cline, Roo Code and Kilo Code send the OpenAI SDK's user-agent but name themselves here.
  const title = header(headers, 'x-title');
  if (title) {
    const version = header(headers, 'x-cline-version') ?? header(headers, 'x-client-version');
    return clip(version ? `${title}/${version}` : title);
  }
  const userAgent = header(headers, 'user-agent');
  if (userAgent) return shortUserAgent(userAgent);
  // Codex names itself in `originator` even when a proxy in between rewrote the user-agent.
  const originator = header(headers, 'originator');
  return originator ? clip(originator) : undefined;
}

/** The short name for a user-agent string; a short name comes back unchanged. */
export function shortUserAgent(userAgent: string): string {
  const ua = userAgent.trim();
  for (const rule of USER_AGENT_RULES) {
    const m = rule.pattern.exec(ua);
    if (m) return clip((rule.format ?? ((n, v) => (v ? `${n}/${v}` : n)))(m[1], m[2]));
  }
  return clip(ua.split(/\s+/)[0]);
}

function clip(text: string): string {
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}
