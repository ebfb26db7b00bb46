import type { ContentBlock } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { ReasoningStore } from '../../src-proxy/protocols/openai-chat/reasoning-store';

const block = (text: string): ContentBlock => ({ reasoningContent: { reasoningText: { text, signature: `sig-${text}` } } });

describe('ReasoningStore', () => {
  it('rule 5: remembers the signed reasoning of a turn under each of its tool call ids', () => {
    const store = new ReasoningStore();
    store.remember(['call_a', 'call_b'], [block('plan')]);
    expect(store.recall('call_a')).toEqual([block('plan')]);
    expect(store.recall('call_b')).toEqual([block('plan')]);
    expect(store.recall('call_c')).toBeUndefined();
    expect(store.size).toBe(2);
  });

  it('stores nothing for a turn without reasoning blocks', () => {
    const store = new ReasoningStore();
    store.remember(['call_a'], []);
    expect(store.recall('call_a')).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('evicts the least recently stored ids beyond its capacity', () => {
    const store = new ReasoningStore(2);
    store.remember(['a'], [block('1')]);
    store.remember(['b'], [block('2')]);
    store.remember(['a'], [block('1b')]); // refreshes a
    store.remember(['c'], [block('3')]);
    expect(store.size).toBe(2);
    expect(store.recall('b')).toBeUndefined();
    expect(store.recall('a')).toEqual([block('1b')]);
    expect(store.recall('c')).toEqual([block('3')]);
  });
});
