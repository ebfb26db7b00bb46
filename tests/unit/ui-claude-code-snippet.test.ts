import { describe, expect, it } from 'vitest';
import { resolveModel } from '../../src-proxy/models/resolve';
import { anthropicApiIdOf } from '../../src-proxy/models/anthropic-ids';
import { CLAUDE_CODE_TIERS } from '../../src-shared/claude-code';
import { buildSnippets, claudeCodeModelName, type SnippetInput } from '../../src-renderer/screens/overview/snippets';

// The Overview's Claude Code setup: environment variables that point Claude Code at Outcrop.

const input = (over: Partial<SnippetInput> = {}): SnippetInput => ({ baseUrl: 'http://127.0.0.1:8797/v1', model: 'claude-sonnet', apiKey: 'outcrop', keyRequired: false, ...over });
const claudeCode = (over: Partial<SnippetInput> = {}) => buildSnippets(input(over)).find((s) => s.id === 'claude-code')!;

/** The variables a shell would set from the snippet (values unquoted as sh would). */
function exported(code: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of code.split('\n')) {
    const m = /^export ([A-Z_]+)=(.*)$/.exec(line);
    if (m) env[m[1]] = m[2].startsWith("'") ? m[2].slice(1, -1).replaceAll(`'\\''`, "'") : m[2];
  }
  return env;
}

describe('Claude Code snippet', () => {
  it('is supported and sets every variable Claude Code needs, then starts claude', () => {
    const s = claudeCode();
    expect(s.supported).toBe(true);
    expect(s.label).toBe('Claude Code');
    expect(exported(s.code!)).toEqual({
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:8797',
      ANTHROPIC_AUTH_TOKEN: 'outcrop',
      ANTHROPIC_MODEL: 'claude-sonnet',
      ANTHROPIC_DEFAULT_OPUS_MODEL: 'claude-opus-4-5',
      ANTHROPIC_DEFAULT_SONNET_MODEL: 'claude-sonnet-4-5',
      ANTHROPIC_DEFAULT_HAIKU_MODEL: 'claude-haiku-4-5',
      ANTHROPIC_SMALL_FAST_MODEL: 'claude-haiku-4-5',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    });
    expect(s.code!.split('\n').at(-1)).toBe('claude');
    expect(s.code).not.toContain('CLAUDE_CODE_USE_BEDROCK');
  });

  it('fills in the real key, the chosen model and the address without /v1 (Claude Code adds /v1/messages)', () => {
    const env = exported(claudeCode({ baseUrl: 'http://127.0.0.1:9001/v1', apiKey: 'ok-3f9a', keyRequired: true, model: 'qwen3-coder' }).code!);
    expect(env).toMatchObject({ ANTHROPIC_BASE_URL: 'http://127.0.0.1:9001', ANTHROPIC_AUTH_TOKEN: 'ok-3f9a', ANTHROPIC_MODEL: 'qwen3-coder' });
  });

  it('writes an alias of a Claude model as the Claude name Claude Code recognises; other names stay', () => {
    const env = exported(claudeCode({ model: 'claude-sonnet', modelTarget: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' }).code!);
    expect(env.ANTHROPIC_MODEL).toBe('claude-sonnet-4-5');
    expect(exported(claudeCode({ model: 'nova-pro', modelTarget: 'us.amazon.nova-pro-v1:0' }).code!).ANTHROPIC_MODEL).toBe('nova-pro');
  });

  it.each([
    ['claude-haiku-4-5-20251001', undefined, 'claude-haiku-4-5-20251001'],
    ['claude-opus-5-5', 'qwen.qwen3-coder-480b-a35b-v1:0', 'claude-opus-5-5'],
    ['claude-opus', 'us.anthropic.claude-opus-4-5-20251101-v1:0', 'claude-opus-4-5'],
    ['big', 'global.anthropic.claude-opus-4-6-v1', 'claude-opus-4-6'],
    ['fast', 'anthropic.claude-sonnet-4-6', 'claude-sonnet-4-6'],
    ['qwen3-coder', 'qwen.qwen3-coder-480b-a35b-v1:0', 'qwen3-coder'],
    ['team', 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3', 'team'],
    ['mine', undefined, 'mine'],
  ])('claudeCodeModelName(%s, %s) = %s', (model, target, name) => {
    expect(claudeCodeModelName(model, target)).toBe(name);
    // The same rule as the proxy's own (anthropic-ids.ts), for Claude targets.
    if (target && name !== model) expect(anthropicApiIdOf(target)).toBe(name);
  });

  it('quotes values the shell would otherwise split or expand', () => {
    const code = claudeCode({ apiKey: "a b$c'd", model: 'my model' }).code!;
    expect(code).toContain(`export ANTHROPIC_AUTH_TOKEN='a b$c'\\''d'`);
    expect(exported(code)).toMatchObject({ ANTHROPIC_AUTH_TOKEN: "a b$c'd", ANTHROPIC_MODEL: 'my model' });
  });

  it('says how small-model calls stay on Bedrock and how to point a name elsewhere', () => {
    const { note, intro } = claudeCode();
    expect(intro).toContain('~/.claude/settings.json');
    expect(note?.text).toMatch(/haiku model, so they go to Bedrock through Outcrop/);
    expect(note?.text).toContain('alias');
    expect(note?.text).toContain('ANTHROPIC_API_KEY');
  });

  it("every tier's name is one Outcrop resolves to a Bedrock Claude model", () => {
    for (const [tier, name] of Object.entries(CLAUDE_CODE_TIERS)) {
      expect(resolveModel(name, { aliases: {}, region: 'us-east-1' }).modelId).toMatch(new RegExp(`^us\\.anthropic\\.claude-${tier}-4-5-\\d{8}-v1:0$`));
    }
  });
});
