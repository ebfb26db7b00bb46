import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadReasoningKey } from '../../src-main/core/reasoning-key';
import { accumulate, newAccumulator } from '../../src-proxy/converse/stream-accumulator';
import { ToolNameMap } from '../../src-proxy/converse/tool-names';
import { ProxyError } from '../../src-proxy/errors';
import type { RenderContext, ResponseObject } from '../../src-proxy/protocols/openai-responses/response-object';
import { ResponseStore } from '../../src-proxy/protocols/openai-responses/response-store';
import { parseResponsesRequest } from '../../src-proxy/protocols/openai-responses/schema';
import { ReasoningSealer } from '../../src-proxy/protocols/openai-responses/sealing';
import { responsesStreamEncoder } from '../../src-proxy/protocols/openai-responses/stream-encoder';
import { ResponsesTools } from '../../src-proxy/protocols/openai-responses/tools';
import { ev } from './helpers';

// Sealed reasoning, the bounded response store, the install's key file, and the streamed event
// sequence for reasoning, custom tool calls and failures.

describe('reasoning sealing (AES-256-GCM)', () => {
  const signed = [{ reasoningContent: { reasoningText: { text: 'thinking…', signature: 'sig-1' } } }, { reasoningContent: { redactedContent: new Uint8Array([1, 2, 3]) } }];

  test('round trip; opaque; a changed byte or another key is not trusted; unsigned reasoning is not sealed', () => {
    const a = new ReasoningSealer(Buffer.alloc(32, 1));
    const sealed = a.seal(signed)!;
    expect(sealed).not.toContain('sig-1');
    expect(a.open(sealed)).toEqual([signed[0], { reasoningContent: { redactedContent: Buffer.from([1, 2, 3]) } }]);
    expect(a.seal(signed)).not.toBe(sealed); // a fresh IV each time
    const body = Buffer.from(sealed.slice('outcrop.r1.'.length), 'base64url');
    body[body.length - 1] ^= 1;
    expect(a.open('outcrop.r1.' + body.toString('base64url'))).toBeUndefined();
    expect(new ReasoningSealer(Buffer.alloc(32, 2)).open(sealed)).toBeUndefined();
    expect(a.open('gAAAAAB-openai-token')).toBeUndefined();
    expect(a.seal([{ reasoningContent: { reasoningText: { text: 'no signature' } } }])).toBeUndefined();
    expect(() => new ReasoningSealer(Buffer.alloc(16))).toThrow(/32 bytes/);
  });

  test('the core keeps one key per install in the Outcrop home, readable by the user only', async () => {
    const home = await mkdtemp(join(tmpdir(), 'outcrop-key-'));
    try {
      const key = await loadReasoningKey(home);
      expect(key).toHaveLength(32);
      expect((await stat(join(home, 'reasoning-key'))).mode & 0o777).toBe(0o600);
      expect(await loadReasoningKey(home)).toEqual(key);
      await writeFile(join(home, 'reasoning-key'), 'short\n');
      const fresh = await loadReasoningKey(home);
      expect(fresh).toHaveLength(32);
      expect(fresh).not.toEqual(key);
      expect((await readFile(join(home, 'reasoning-key'), 'utf8')).trim()).toBe(fresh.toString('base64'));
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});

describe('response store', () => {
  const entry = (text: string) => ({ response: { id: 'x', output_text: text } as unknown as ResponseObject, input: [], output: [], ownInput: [] });

  test('count cap: the oldest goes first', () => {
    const store = new ResponseStore(() => ({ maxResponses: 2, maxBytes: 1e6 }));
    store.put('a', entry('1'));
    store.put('b', entry('2'));
    store.put('c', entry('3'));
    expect([store.get('a'), !!store.get('b'), !!store.get('c')]).toEqual([undefined, true, true]);
    expect(store.size).toBe(2);
  });

  test('byte cap: oldest evicted until it fits; one response larger than the cap is not kept; delete frees bytes', () => {
    const store = new ResponseStore(() => ({ maxResponses: 100, maxBytes: 600 }));
    store.put('a', entry('x'.repeat(200)));
    store.put('b', entry('y'.repeat(200)));
    store.put('c', entry('z'.repeat(200)));
    expect(store.get('a')).toBeUndefined();
    expect(store.totalBytes).toBeLessThanOrEqual(600);
    store.put('huge', entry('h'.repeat(1000)));
    expect(store.get('huge')).toBeUndefined();
    expect(store.get('c')).toBeDefined();
    const before = store.totalBytes;
    expect(store.delete('c')).toBe(true);
    expect(store.totalBytes).toBeLessThan(before);
    expect(store.delete('c')).toBe(false);
  });

  test('limits are read per put (settings changes apply); 0 keeps nothing', () => {
    let max = 5;
    const store = new ResponseStore(() => ({ maxResponses: max, maxBytes: 1e6 }));
    store.put('a', entry('1'));
    max = 0;
    store.put('b', entry('2'));
    expect(store.get('b')).toBeUndefined();
  });
});

describe('streamed events', () => {
  function run(events: Parameters<typeof accumulate>[1][], opts: { summaries?: boolean; include?: boolean; tools?: unknown[] } = {}) {
    const tools = new ResponsesTools((opts.tools ?? []) as never);
    const sealer = new ReasoningSealer(Buffer.alloc(32, 3));
    const rc: RenderContext = { id: 'resp_1', createdAt: 1, model: 'm', req: parseResponsesRequest({ input: 'x' }), tools, sealer, summaries: !!opts.summaries, jsonAnswerTool: false };
    let stored: ResponseObject | undefined;
    const enc = responsesStreamEncoder(rc, !!opts.include, (r) => (stored = r));
    const acc = newAccumulator(new ToolNameMap());
    const frames = events.flatMap((e) => accumulate(acc, e).flatMap((n) => enc.encode(n, acc)));
    return { frames: [...frames, ...enc.finish(acc)].map((f) => f.data as Record<string, any>), stored: () => stored, sealer, enc, acc };
  }

  test('reasoning with summary, then a custom tool call; sealed content only when included; stored copy always sealed', () => {
    const tools = [{ type: 'custom', name: 'apply_patch' }];
    const events = [ev.messageStart(), ev.reasoning(0, 'Patch '), ev.reasoning(0, 'it.'), ev.signature(0, 'sig'), ev.blockStop(0),
      ev.toolStart(1, 'call_9', 'apply_patch'), ev.toolInput(1, '{"input":"*** Begin'), ev.toolInput(1, ' Patch"}'), ev.blockStop(1), ev.messageStop('tool_use'), ev.metadata({ inputTokens: 5, outputTokens: 9 })];
    const { frames, stored, sealer } = run(events, { summaries: true, tools });
    expect(frames.map((f) => f.type)).toEqual([
      'response.created', 'response.in_progress',
      'response.output_item.added', 'response.reasoning_summary_part.added', 'response.reasoning_summary_text.delta', 'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done', 'response.reasoning_summary_part.done', 'response.output_item.done',
      'response.output_item.added', 'response.custom_tool_call_input.delta', 'response.custom_tool_call_input.done', 'response.output_item.done',
      'response.completed',
    ]);
    expect(frames.map((f) => f.sequence_number)).toEqual(frames.map((_, i) => i));
    expect(frames[8].item).toEqual({ id: frames[2].item.id, type: 'reasoning', summary: [{ type: 'summary_text', text: 'Patch it.' }] });
    expect(frames[11]).toMatchObject({ output_index: 1, input: '*** Begin Patch' });
    expect(frames[12].item).toMatchObject({ type: 'custom_tool_call', call_id: 'call_9', name: 'apply_patch', input: '*** Begin Patch' });
    const done = frames.at(-1)!.response;
    expect(done.output[0].encrypted_content).toBeUndefined();
    expect(done.usage).toMatchObject({ input_tokens: 5, output_tokens: 9, output_tokens_details: { reasoning_tokens: 3 } });
    expect(sealer.open(stored()!.output[0].encrypted_content as string)).toEqual([{ reasoningContent: { reasoningText: { text: 'Patch it.', signature: 'sig' } } }]);
  });

  test('max_tokens ends with response.incomplete; an error ends with response.failed and what was produced', () => {
    const { frames } = run([ev.messageStart(), ev.text(0, 'Hel'), ev.messageStop('max_tokens')]);
    expect(frames.at(-1)).toMatchObject({ type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [{ type: 'message' }] } });
    const broken = run([ev.messageStart(), ev.text(0, 'Hel'), ev.blockStop(0)]);
    const failed = broken.enc.error(new ProxyError('bedrock_stream_error', 'The model stopped.'))[0].data as Record<string, any>;
    expect(failed).toMatchObject({ type: 'response.failed', response: { status: 'failed', error: { code: 'bedrock_stream_error', message: 'The model stopped.' }, output: [{ type: 'message' }] } });
  });
});
