import { describe, expect, it } from 'vitest';
import { buildSnippets, CODEX_KEY_VARIABLE, type SnippetInput } from '../../src-renderer/screens/overview/snippets';

// The Overview's Codex CLI setup: a model provider in ~/.codex/config.toml and the key variable.

const input = (over: Partial<SnippetInput> = {}): SnippetInput => ({ baseUrl: 'http://127.0.0.1:8797/v1', model: 'claude-sonnet', apiKey: 'outcrop', keyRequired: false, ...over });
const codex = (over: Partial<SnippetInput> = {}) => buildSnippets(input(over)).find((s) => s.id === 'codex')!;

/** The TOML tables of the snippet as key -> value (values as written), enough for this flat config. */
function tables(code: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = { '': {} };
  let table = '';
  for (const line of code.split('\n')) {
    const head = /^\[(.+)\]$/.exec(line);
    if (head) out[(table = head[1])] = {};
    const kv = /^([a-z_]+) = (.*)$/.exec(line);
    if (kv) out[table][kv[1]] = JSON.parse(kv[2]);
  }
  return out;
}

describe('Codex CLI snippet', () => {
  it('is supported: the model and provider as the default, a responses provider at the /v1 base URL, the key variable', () => {
    const s = codex();
    expect(s.supported).toBe(true);
    expect(s.codeTitle).toBe('~/.codex/config.toml');
    expect(tables(s.code!)).toEqual({
      '': { model: 'claude-sonnet', model_provider: 'outcrop' },
      'model_providers.outcrop': { name: 'Outcrop (Amazon Bedrock)', base_url: 'http://127.0.0.1:8797/v1', wire_api: 'responses', env_key: CODEX_KEY_VARIABLE },
    });
    // Codex 0.17x refuses a profile selector or [profiles] table in config.toml: profiles are files.
    expect(s.code).not.toMatch(/^profile|\[profiles/m);
    expect(s.note!.text).toContain('~/.codex/outcrop.config.toml');
    expect(s.fields).toEqual([
      { label: 'Terminal (or your shell profile)', value: 'export OUTCROP_API_KEY=outcrop' },
      { label: 'Then run', value: 'codex' },
    ]);
    expect(s.note!.text).toContain('web_search');
  });

  it('fills in the real key (shell-quoted), the chosen model and address, with TOML-safe strings', () => {
    const s = codex({ apiKey: "ok_abc'def", model: 'my "model"', baseUrl: 'http://127.0.0.1:9000/v1' });
    expect(s.fields![0].value).toBe(`export OUTCROP_API_KEY='ok_abc'\\''def'`);
    expect(tables(s.code!)[''].model).toBe('my "model"');
    expect(tables(s.code!)['model_providers.outcrop'].base_url).toBe('http://127.0.0.1:9000/v1');
  });
});
