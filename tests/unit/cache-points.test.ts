import type { Message, SystemContentBlock, Tool } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { countPoints, MAX_CACHE_POINTS, NO_CACHING, placeCachePoints, stripCachePoints } from '../../src-proxy/converse/cache-points';

const CP = { cachePoint: { type: 'default' as const } };
const ALL = { system: true, tools: true, conversation: true };
const big = (n = 5000) => 'x'.repeat(n);
const tool = (name: string, description = 'd'): Tool => ({ toolSpec: { name, description, inputSchema: { json: { type: 'object', properties: {} } } } });
const user = (...content: Message['content'] & object): Message => ({ role: 'user', content });
const assistant = (...content: Message['content'] & object): Message => ({ role: 'assistant', content });

function parts(p: { system?: SystemContentBlock[]; tools?: Tool[]; messages?: Message[] }) {
  return { system: p.system ?? [], tools: p.tools ?? [], messages: p.messages ?? [user({ text: 'hi' })] };
}

describe('placeCachePoints', () => {
  it('stops measuring once the prefix is long enough: later tools and turns are not stringified on every request', () => {
    // Anything measured after the first long turn would throw: the decisions must not need it.
    const unmeasurable = { toJSON: () => { throw new Error('measured a block past the threshold'); } };
    const lateTool: Tool = { toolSpec: { name: 'late', inputSchema: { json: unmeasurable as never } } };
    const p = parts({
      tools: [tool('a', big(5000)), lateTool],
      system: [{ text: 'sys' }],
      messages: [user({ text: big() }), assistant({ toolUse: { toolUseId: 't1', name: 'late', input: unmeasurable as never } }), user({ toolResult: { toolUseId: 't1', content: [{ text: 'ok' }] } })],
    });
    placeCachePoints(p, ALL);
    expect(p.tools.at(-1)).toEqual(CP);
    expect(p.system.at(-1)).toEqual(CP);
    expect(p.messages.at(-1)!.content!.at(-1)).toEqual(CP);
  });

  it('counts the conversation after tools and system: short parts that only together pass the threshold get the conversation point', () => {
    const p = parts({ tools: [tool('a', big(1500))], system: [{ text: big(1500) }], messages: [user({ text: big(1500) })] });
    placeCachePoints(p, ALL);
    expect(p.tools.some((t) => t.cachePoint)).toBe(false);
    expect(p.system.some((b) => b.cachePoint)).toBe(false);
    expect(p.messages[0].content!.at(-1)).toEqual(CP);
  });

  it('adds no points for a short prompt, even with every default on (prefixes under ~1,024 tokens do not cache)', () => {
    const p = parts({ system: [{ text: 'You are helpful.' }], tools: [tool('a')], messages: [user({ text: 'hi' })] });
    placeCachePoints(p, ALL);
    expect(countPoints(p)).toBe(0);
  });

  it('rule 7: puts a cache point after a long system prompt when the system default is on', () => {
    const p = parts({ system: [{ text: big() }] });
    placeCachePoints(p, { ...NO_CACHING, system: true });
    expect(p.system).toEqual([{ text: big() }, CP]);
    expect(p.messages).toEqual([user({ text: 'hi' })]);
  });

  it('rule 7: puts a cache point after a long tool list when the tools default is on', () => {
    const p = parts({ tools: [tool('a', big(2500)), tool('b', big(2500))] });
    placeCachePoints(p, { ...NO_CACHING, tools: true });
    expect(p.tools).toEqual([tool('a', big(2500)), tool('b', big(2500)), CP]);
  });

  it('rule 7: counts the tools before the system prompt when deciding whether the system prefix is long enough', () => {
    const p = parts({ tools: [tool('a', big(3000))], system: [{ text: big(1500) }] });
    placeCachePoints(p, { ...NO_CACHING, system: true });
    expect(p.system.at(-1)).toEqual(CP);
    expect(p.tools.some((t) => t.cachePoint)).toBe(false);
  });

  it('rule 7: puts the conversation point at the end of the last user message', () => {
    const p = parts({ messages: [user({ text: big() }), assistant({ text: 'ok' }), user({ text: 'next' }), assistant({ text: 'prefill' })] });
    placeCachePoints(p, { ...NO_CACHING, conversation: true });
    expect(p.messages).toEqual([user({ text: big() }), assistant({ text: 'ok' }), user({ text: 'next' }, CP), assistant({ text: 'prefill' })]);
  });

  it('counts tool results, tool inputs and images towards the conversation size', () => {
    const p = parts({
      messages: [
        user({ text: 'go' }),
        assistant({ toolUse: { toolUseId: 't', name: 'read', input: { path: big(2000) } } }),
        user({ toolResult: { toolUseId: 't', content: [{ text: big(2200) }] } }),
      ],
    });
    placeCachePoints(p, { ...NO_CACHING, conversation: true });
    expect(p.messages[2].content).toEqual([{ toolResult: { toolUseId: 't', content: [{ text: big(2200) }] } }, CP]);
    const img = parts({ messages: [user({ image: { format: 'png', source: { bytes: new Uint8Array(1) } } }, { text: big(100) })] });
    placeCachePoints(img, { ...NO_CACHING, conversation: true });
    expect(img.messages[0].content!.at(-1)).toEqual(CP);
  });

  it('does not add a second point where the client already put one', () => {
    const p = parts({ system: [{ text: big() }, CP], messages: [user({ text: big() }, CP)] });
    placeCachePoints(p, ALL);
    expect(p.system).toEqual([{ text: big() }, CP]);
    expect(p.messages[0].content).toEqual([{ text: big() }, CP]);
  });

  it('rule 7: never sends more than 4 cache points: the oldest conversation points go first', () => {
    const p = parts({
      system: [{ text: 's' }, CP],
      messages: [
        user({ text: 'm0' }, CP),
        assistant({ text: 'a0' }),
        user({ text: 'm1' }, CP, { text: 'm1b' }, CP),
        assistant({ text: 'a1' }),
        user({ text: 'm2' }, CP),
      ],
    });
    placeCachePoints(p, NO_CACHING);
    expect(MAX_CACHE_POINTS).toBe(4);
    expect(countPoints(p)).toBe(4);
    expect(p.system).toEqual([{ text: 's' }, CP]);
    expect(p.messages.map((m) => m.content)).toEqual([
      [{ text: 'm0' }],
      [{ text: 'a0' }],
      [{ text: 'm1' }, CP, { text: 'm1b' }, CP],
      [{ text: 'a1' }],
      [{ text: 'm2' }, CP],
    ]);
  });

  it('rule 7: when only system and tool points remain over the limit, drops tool points from the front (shortest prefix), then system points', () => {
    const p = parts({
      system: [{ text: 's1' }, CP, { text: 's2' }, CP, { text: 's3' }, CP],
      tools: [tool('a'), CP, tool('b'), CP],
      messages: [user({ text: 'q' })],
    });
    placeCachePoints(p, NO_CACHING);
    expect(p.system).toEqual([{ text: 's1' }, CP, { text: 's2' }, CP, { text: 's3' }, CP]);
    expect(p.tools).toEqual([tool('a'), tool('b'), CP]);
    expect(countPoints(p)).toBe(4);

    const toolsOnly = parts({ tools: [tool('a'), CP, tool('b'), CP, tool('c'), CP, tool('d'), CP, tool('e'), CP, tool('f'), CP] });
    placeCachePoints(toolsOnly, NO_CACHING);
    expect(toolsOnly.tools).toEqual([tool('a'), tool('b'), tool('c'), CP, tool('d'), CP, tool('e'), CP, tool('f'), CP]);
  });

  it('rule 7: keeps the policy points (newest turn, system, tools) and drops the oldest client point to stay at 4', () => {
    const p = parts({
      tools: [tool('a', big())],
      system: [{ text: big() }],
      messages: [user({ text: 'u0' }, CP), assistant({ text: 'a0' }), user({ text: 'u1' }, CP), assistant({ text: 'a1' }), user({ text: 'u2' })],
    });
    placeCachePoints(p, ALL);
    expect(countPoints(p)).toBe(4);
    expect(p.tools.at(-1)).toEqual(CP);
    expect(p.system.at(-1)).toEqual(CP);
    expect(p.messages[4].content).toEqual([{ text: 'u2' }, CP]);
    expect(p.messages[2].content).toEqual([{ text: 'u1' }, CP]);
    expect(p.messages[0].content).toEqual([{ text: 'u0' }]);
  });
});

describe('stripCachePoints / countPoints', () => {
  it('removes every cache point (models without prompt caching) and keeps everything else', () => {
    const p = parts({
      system: [{ text: 's' }, CP],
      tools: [tool('a'), CP],
      messages: [user({ text: 'u' }, CP), assistant({ text: 'a' })],
    });
    expect(countPoints(p)).toBe(3);
    stripCachePoints(p);
    expect(p).toEqual({ system: [{ text: 's' }], tools: [tool('a')], messages: [user({ text: 'u' }), assistant({ text: 'a' })] });
    expect(countPoints(p)).toBe(0);
  });
});
