import { CLAUDE_CODE_TIERS } from '../../../src-shared/claude-code';

// Setup snippets for the tools Outcrop serves, filled with the real address, model and key.
// Pure functions of their input, so the screen can render a masked copy and copy the real one.

export interface SnippetInput {
  /** The OpenAI base URL, with /v1. */
  baseUrl: string;
  model: string;
  /** The Bedrock model `model` resolves to, when known (Claude Code wants a Claude name it recognises). */
  modelTarget?: string;
  /** A small, fast model for autocomplete (Continue), when one is known. */
  fastModel?: string;
  apiKey: string;
  /** True when the proxy requires an API key and `apiKey` is a real one. */
  keyRequired: boolean;
}

export interface SnippetField {
  label: string;
  value: string;
}

export interface Snippet {
  id: string;
  label: string;
  /** One or two sentences above the code: where it goes. */
  intro: string;
  /** Where the text goes (a file name or a language), shown above the code. */
  codeTitle?: string;
  code?: string;
  /** Form fields to fill in, each copied on its own (Cline, Cursor). */
  fields?: SnippetField[];
  note?: { tone: 'info' | 'warn'; text: string };
  /** False for tools Outcrop cannot serve yet. */
  supported: boolean;
}

/** Every snippet, in tab order. */
export function buildSnippets(i: SnippetInput): Snippet[] {
  return [continueSnippet(i), clineSnippet(i), cursorSnippet(i), codexSnippet(i), claudeCodeSnippet(i), pythonSnippet(i), jsSnippet(i), curlSnippet(i)];
}

function continueSnippet(i: SnippetInput): Snippet {
  const entry = (name: string, model: string, extra: string[]) =>
    [`  - name: ${yaml(name)}`, '    provider: openai', `    model: ${yaml(model)}`, `    apiBase: ${yaml(i.baseUrl)}`, `    apiKey: ${yaml(i.apiKey)}`, ...extra];
  const lines = ['name: Outcrop', 'version: 0.0.1', 'schema: v1', 'models:', ...entry(`${i.model} (Outcrop)`, i.model, ['    roles: [chat, edit, apply]'])];
  if (i.fastModel) {
    // Autocomplete goes to the legacy /completions endpoint, which Outcrop serves for Continue.
    lines.push(...entry(`${i.fastModel} autocomplete (Outcrop)`, i.fastModel, ['    useLegacyCompletionsEndpoint: true', '    roles: [autocomplete]']));
  }
  return {
    id: 'continue',
    label: 'Continue',
    intro: 'Add the models to Continue’s config.yaml (in ~/.continue/, or open it from Continue’s settings).',
    codeTitle: '~/.continue/config.yaml',
    code: lines.join('\n'),
    supported: true,
  };
}

function clineSnippet(i: SnippetInput): Snippet {
  return {
    id: 'cline',
    label: 'Cline',
    intro: 'In Cline’s settings choose the API provider “OpenAI Compatible” and fill in:',
    fields: [
      { label: 'Base URL', value: i.baseUrl },
      { label: 'API Key', value: i.apiKey },
      { label: 'Model ID', value: i.model },
    ],
    note: {
      tone: 'info',
      text: 'Cline shows reasoning and cache reads that Outcrop reports. It sends reasoning_effort only for o-series style model names: alias one (for example o4-mini) to a Claude model on the Models screen and use that name.',
    },
    supported: true,
  };
}

function cursorSnippet(i: SnippetInput): Snippet {
  const port = portOf(i.baseUrl);
  return {
    id: 'cursor',
    label: 'Cursor',
    intro: 'Cursor calls the “Override OpenAI Base URL” from its own servers, so an address on this machine cannot work. Expose Outcrop through a public HTTPS tunnel, for example:',
    codeTitle: 'Terminal',
    code: `cloudflared tunnel --url http://127.0.0.1:${port}`,
    fields: [
      { label: 'Override OpenAI Base URL', value: 'https://<your-tunnel-host>/v1' },
      { label: 'OpenAI API Key', value: i.apiKey },
      { label: 'Model name (add it as a custom model)', value: i.model },
    ],
    note: i.keyRequired
      ? { tone: 'info', text: 'Require API key is on, so only tools with one of your keys get through the tunnel. Cursor’s Verify button calls /v1/models.' }
      : { tone: 'warn', text: 'Anyone who finds the tunnel could spend your AWS credits: turn on “Require API key” and create a key in Settings before you start a tunnel.' },
    supported: true,
  };
}

/** The environment variable Codex CLI reads the Outcrop key from (the provider's env_key). */
export const CODEX_KEY_VARIABLE = 'OUTCROP_API_KEY';

function codexSnippet(i: SnippetInput): Snippet {
  const config = [
    '# Outcrop as Codex\'s default: these two lines go at the top, above any [table].',
    `model = ${toml(i.model)}`,
    'model_provider = "outcrop"',
    '',
    '[model_providers.outcrop]',
    'name = "Outcrop (Amazon Bedrock)"',
    `base_url = ${toml(i.baseUrl)}`,
    // Codex speaks only the Responses API; its config refuses "chat".
    'wire_api = "responses"',
    `env_key = "${CODEX_KEY_VARIABLE}"`,
  ];
  return {
    id: 'codex',
    label: 'Codex CLI',
    intro: 'Codex CLI speaks the OpenAI Responses API. Add a model provider for Outcrop to its config file, and put the key in the variable it names:',
    codeTitle: '~/.codex/config.toml',
    code: config.join('\n'),
    fields: [
      { label: 'Terminal (or your shell profile)', value: `export ${CODEX_KEY_VARIABLE}=${sh(i.apiKey)}` },
      { label: 'Then run', value: 'codex' },
    ],
    note: {
      tone: 'info',
      text: `To keep another default, put the model and model_provider lines in ~/.codex/outcrop.config.toml instead and run codex --profile outcrop (Codex 0.17x keeps profiles in their own files and refuses a [profiles] table in config.toml). Codex sends its web_search tool with every request; Bedrock cannot run it, so Outcrop leaves it out and says so in the log. Codex keeps no state on the server: Outcrop hands reasoning back sealed with a key only this install holds, so thinking carries across tool turns. Codex's warning that it has no metadata for ${i.model} is harmless.`,
    },
    supported: true,
  };
}

const ANTHROPIC_API_ID = /^claude-(opus|sonnet|haiku)-\d/;
// The Claude part of a Bedrock id, as in src-proxy/models/anthropic-ids.ts (anthropicApiIdOf).
const BEDROCK_CLAUDE = /(?:^|\.)anthropic\.claude-(opus|sonnet|haiku)-(\d{1,2}(?:-\d{1,2})?)(?=-\d{8}|-v\d|:|$)/;

/**
 * The name Claude Code should ask for: Claude Code sizes its context window and turns features on
 * by recognising Claude's own names, so an Outcrop alias of a Claude model ("claude-sonnet") is
 * written as the Anthropic API id of its target ("claude-sonnet-4-5"); other names stay as they are.
 */
export function claudeCodeModelName(model: string, target?: string): string {
  if (ANTHROPIC_API_ID.test(model)) return model;
  const m = target ? BEDROCK_CLAUDE.exec(target) : null;
  return m ? `claude-${m[1]}-${m[2]}` : model;
}

function claudeCodeSnippet(i: SnippetInput): Snippet {
  const env: Array<[string, string]> = [
    // Claude Code appends /v1/messages itself.
    ['ANTHROPIC_BASE_URL', i.baseUrl.replace(/\/v1\/?$/, '')],
    // Sent as Authorization: Bearer; it also wins over a claude.ai login, so nothing goes to Anthropic.
    ['ANTHROPIC_AUTH_TOKEN', i.apiKey],
    ['ANTHROPIC_MODEL', claudeCodeModelName(i.model, i.modelTarget)],
    ['ANTHROPIC_DEFAULT_OPUS_MODEL', CLAUDE_CODE_TIERS.opus],
    ['ANTHROPIC_DEFAULT_SONNET_MODEL', CLAUDE_CODE_TIERS.sonnet],
    ['ANTHROPIC_DEFAULT_HAIKU_MODEL', CLAUDE_CODE_TIERS.haiku],
    // Older Claude Code versions name the background model with this one.
    ['ANTHROPIC_SMALL_FAST_MODEL', CLAUDE_CODE_TIERS.haiku],
    // No telemetry, error reports or update checks to Anthropic: only model calls, and those go to Outcrop.
    ['CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC', '1'],
  ];
  return {
    id: 'claude-code',
    label: 'Claude Code',
    intro: 'Claude Code speaks the Anthropic Messages API; point it at Outcrop in the terminal you start it from (or put the same variables in the "env" block of ~/.claude/settings.json):',
    codeTitle: 'Terminal',
    code: [...env.map(([name, value]) => `export ${name}=${sh(value)}`), 'claude'].join('\n'),
    note: {
      tone: 'info',
      text: `Its background calls (titles, the Explore subagent) use the haiku model, so they go to Bedrock through Outcrop too. Claude's names resolve to Bedrock models; to send one elsewhere (say ${CLAUDE_CODE_TIERS.opus} to Qwen3 Coder), add an alias with that name on the Models screen (or, in the desktop app, pick a model under the tray's Claude Code models): Claude Code then keeps the name it knows. For a model that is not Claude, set CLAUDE_CODE_MAX_CONTEXT_TOKENS to its context window. ANTHROPIC_API_KEY works as well (sent as x-api-key), but leave it unset when you use ANTHROPIC_AUTH_TOKEN.`,
    },
    supported: true,
  };
}

function pythonSnippet(i: SnippetInput): Snippet {
  return {
    id: 'python',
    label: 'Python',
    intro: 'The official OpenAI SDK (pip install openai), pointed at Outcrop:',
    codeTitle: 'Python',
    code: [
      'from openai import OpenAI',
      '',
      `client = OpenAI(base_url=${JSON.stringify(i.baseUrl)}, api_key=${JSON.stringify(i.apiKey)})`,
      'reply = client.chat.completions.create(',
      `    model=${JSON.stringify(i.model)},`,
      '    messages=[{"role": "user", "content": "Hello from Outcrop"}],',
      ')',
      'print(reply.choices[0].message.content)',
    ].join('\n'),
    supported: true,
  };
}

function jsSnippet(i: SnippetInput): Snippet {
  return {
    id: 'javascript',
    label: 'JavaScript',
    intro: 'The official OpenAI SDK (npm install openai), pointed at Outcrop:',
    codeTitle: 'JavaScript',
    code: [
      "import OpenAI from 'openai';",
      '',
      `const client = new OpenAI({ baseURL: ${jsString(i.baseUrl)}, apiKey: ${jsString(i.apiKey)} });`,
      'const reply = await client.chat.completions.create({',
      `  model: ${jsString(i.model)},`,
      "  messages: [{ role: 'user', content: 'Hello from Outcrop' }],",
      '});',
      'console.log(reply.choices[0].message.content);',
    ].join('\n'),
    supported: true,
  };
}

function curlSnippet(i: SnippetInput): Snippet {
  const body = JSON.stringify({ model: i.model, messages: [{ role: 'user', content: 'Hello from Outcrop' }] });
  return {
    id: 'curl',
    label: 'curl',
    intro: 'A one-off request from a terminal:',
    codeTitle: 'Terminal',
    code: [
      `curl ${sh(`${i.baseUrl}/chat/completions`)} \\`,
      "  -H 'content-type: application/json' \\",
      `  -H ${sh(`authorization: Bearer ${i.apiKey}`)} \\`,
      `  -d ${sh(body)}`,
    ].join('\n'),
    supported: true,
  };
}

// A YAML plain scalar when it is safe, else a double-quoted (JSON) string.
function yaml(value: string): string {
  return /^[A-Za-z0-9_./:@()-][A-Za-z0-9 _./:@()-]*$/.test(value) && !/: |:$| #/.test(value) ? value : JSON.stringify(value);
}

// A TOML basic string (JSON's escapes are valid TOML).
function toml(value: string): string {
  return JSON.stringify(value);
}

function sh(value: string): string {
  return /^[A-Za-z0-9_./:@=,+-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

function jsString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function portOf(url: string): string {
  try {
    const u = new URL(url);
    return u.port || (u.protocol === 'https:' ? '443' : '80');
  } catch {
    return '8797';
  }
}
