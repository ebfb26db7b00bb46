import { describe, expect, test } from 'vitest';
import { ApiError } from '../../src-renderer/api';
import { hitRate, percent } from '../../src-renderer/screens/caching/hit-rate';
import { aliasNamedBy, aliasProblems, isClean, withAlias, withoutAlias } from '../../src-renderer/screens/models/alias-rules';

// The settings UI's pure rules: what an alias may be called, how an edit changes the map, and the
// cache hit rate the Caching screen shows.

describe('alias rules', () => {
  const aliases = { fast: 'claude-haiku', 'gpt-4o': 'claude-sonnet' };

  test('a new alias needs a name without spaces, not "default", not taken, and a target', () => {
    expect(aliasProblems('', 'claude-haiku', aliases).name).toMatch(/name/);
    expect(aliasProblems('my coder', 'claude-haiku', aliases).name).toMatch(/No spaces/);
    expect(aliasProblems('Default', 'claude-haiku', aliases).name).toMatch(/reserved/);
    expect(aliasProblems('fast', 'claude-haiku', aliases).name).toMatch(/already an alias/);
    expect(aliasProblems('quick', ' ', aliases).target).toMatch(/Choose/);
    expect(aliasProblems('quick', 'quick', aliases).target).toMatch(/itself/);
    expect(isClean(aliasProblems('quick', 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc', aliases))).toBe(true);
  });

  test('editing keeps its own name, renames in place and keeps the order', () => {
    expect(isClean(aliasProblems('fast', 'nova-micro', aliases, 'fast'))).toBe(true);
    expect(Object.entries(withAlias(aliases, 'quick', 'nova-micro', 'fast'))).toEqual([['quick', 'nova-micro'], ['gpt-4o', 'claude-sonnet']]);
    expect(withAlias(aliases, 'new', 'claude-opus')).toEqual({ ...aliases, new: 'claude-opus' });
    expect(withoutAlias(aliases, 'fast')).toEqual({ 'gpt-4o': 'claude-sonnet' });
  });

  test('a server refusal names the alias it concerns', () => {
    expect(aliasNamedBy(new ApiError(400, 'bad', 'aliases.my.coder'))).toBe('my.coder');
    expect(aliasNamedBy(new ApiError(400, 'bad', 'defaultModel'))).toBeUndefined();
    expect(aliasNamedBy(new Error('network'))).toBeUndefined();
  });
});

describe('cache hit rate', () => {
  test('reads over all prompt tokens, undefined when there were none', () => {
    expect(hitRate({ inputTokens: 100, cacheReadTokens: 900, cacheWriteTokens: 0 })).toBe(0.9);
    expect(hitRate({ inputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 })).toBeUndefined();
    expect(percent(0.9)).toBe('90%');
    expect(percent(0.004)).toBe('0.4%');
    expect(percent(undefined)).toBe('—');
  });
});
