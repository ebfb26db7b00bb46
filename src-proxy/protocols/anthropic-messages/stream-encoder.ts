import type { NeutralEvent, NeutralUsage } from '../../converse/neutral';
import type { SseFrame, StreamEncoder } from '../../converse/runner';
import type { StreamAccumulator } from '../../converse/stream-accumulator';
import { anthropicErrorBody, type ProxyError } from '../../errors';
import { messageId, stopReasonOf, stopSequenceOf, usageOf } from './response';

// Neutral stream events as Anthropic's SSE: message_start, then per block content_block_start /
// content_block_delta / content_block_stop with dense indexes, message_delta (stop_reason,
// usage), message_stop; ping while the model is silent; an error as `event: error`.
// A block opens when an event of a new kind (or a new Bedrock block) arrives and closes before
// the next one opens, so the client always sees well-formed, non-overlapping blocks.

/** Seconds of silence before a ping (Anthropic pings every ~10-15 s). */
export const PING_EVERY_MS = 10_000;

interface OpenBlock {
  /** Anthropic's dense content block index. */
  index: number;
  /** Which Bedrock block and kind it renders: t3, r0, u2, x1. */
  key: string;
  bedrockBlock: number;
}

/** The encoder's state for one streamed answer. */
export interface AnthropicStreamState {
  id: string;
  model: string;
  next: number;
  open?: OpenBlock;
  stopReason?: string;
  hasToolCalls: boolean;
  usage?: NeutralUsage;
}

const frame = (event: string, data: unknown): SseFrame => ({ event, data });

/** A fresh state for one answer; `model` is the name the client asked for. */
export function newAnthropicStream(model: string): AnthropicStreamState {
  return { id: messageId(), model, next: 0, hasToolCalls: false };
}

function close(state: AnthropicStreamState, out: SseFrame[]): void {
  if (!state.open) return;
  out.push(frame('content_block_stop', { type: 'content_block_stop', index: state.open.index }));
  state.open = undefined;
}

function ensure(state: AnthropicStreamState, key: string, block: number, contentBlock: unknown, out: SseFrame[]): number {
  if (state.open?.key === key) return state.open.index;
  close(state, out);
  const index = state.next++;
  state.open = { index, key, bedrockBlock: block };
  out.push(frame('content_block_start', { type: 'content_block_start', index, content_block: contentBlock }));
  return index;
}

const delta = (index: number, d: unknown): SseFrame => frame('content_block_delta', { type: 'content_block_delta', index, delta: d });

/** The Anthropic SSE frames for one neutral event. */
export function encodeAnthropicEvent(state: AnthropicStreamState, ev: NeutralEvent): SseFrame[] {
  const out: SseFrame[] = [];
  switch (ev.type) {
    case 'start':
      out.push(frame('message_start', {
        type: 'message_start',
        // Bedrock reports usage only at the end: message_delta carries the real counts.
        message: { id: state.id, type: 'message', role: 'assistant', model: state.model, content: [], stop_reason: null, stop_sequence: null, usage: usageOf(undefined) },
      }));
      out.push(frame('ping', { type: 'ping' }));
      break;
    case 'text': {
      const index = ensure(state, `t${ev.block}`, ev.block, { type: 'text', text: '' }, out);
      out.push(delta(index, { type: 'text_delta', text: ev.text }));
      break;
    }
    case 'reasoning': {
      const index = ensure(state, `r${ev.block}`, ev.block, { type: 'thinking', thinking: '', signature: '' }, out);
      out.push(delta(index, { type: 'thinking_delta', thinking: ev.text }));
      break;
    }
    case 'reasoning_signature': {
      const index = ensure(state, `r${ev.block}`, ev.block, { type: 'thinking', thinking: '', signature: '' }, out);
      out.push(delta(index, { type: 'signature_delta', signature: ev.signature }));
      break;
    }
    case 'redacted_reasoning':
      ensure(state, `x${ev.block}`, ev.block, { type: 'redacted_thinking', data: Buffer.from(ev.data).toString('base64') }, out);
      close(state, out);
      break;
    case 'tool_start':
      close(state, out);
      ensure(state, `u${ev.block}`, ev.block, { type: 'tool_use', id: ev.id, name: ev.name, input: {} }, out);
      state.hasToolCalls = true;
      break;
    case 'tool_args': {
      const index = ensure(state, `u${ev.block}`, ev.block, { type: 'tool_use', id: ev.id, name: '', input: {} }, out);
      state.hasToolCalls = true;
      if (ev.args) out.push(delta(index, { type: 'input_json_delta', partial_json: ev.args }));
      break;
    }
    case 'block_stop':
      if (state.open?.bedrockBlock === ev.block) close(state, out);
      break;
    case 'stop':
      close(state, out);
      state.stopReason = ev.stopReason;
      state.hasToolCalls ||= ev.hasToolCalls;
      break;
    case 'usage':
      state.usage = ev.usage;
      break;
  }
  return out;
}

/** The closing frames: message_delta with the stop reason and usage, then message_stop. */
export function finishAnthropicStream(state: AnthropicStreamState, usage: NeutralUsage | undefined, stopSequences?: readonly string[]): SseFrame[] {
  const out: SseFrame[] = [];
  close(state, out);
  const stop = stopReasonOf(state.stopReason, state.hasToolCalls);
  out.push(frame('message_delta', { type: 'message_delta', delta: { stop_reason: stop, stop_sequence: stopSequenceOf(stop, stopSequences) }, usage: usageOf(usage ?? state.usage) }));
  out.push(frame('message_stop', { type: 'message_stop' }));
  return out;
}

/** An encoder for the runner. */
export function anthropicStreamEncoder(model: string, stopSequences?: readonly string[]): StreamEncoder {
  const state = newAnthropicStream(model);
  return {
    encode: (ev) => encodeAnthropicEvent(state, ev),
    finish: (acc: StreamAccumulator) => finishAnthropicStream(state, acc.usage, stopSequences),
    error: (err: ProxyError) => [frame('error', anthropicErrorBody(err))],
    heartbeat: { everyMs: PING_EVERY_MS, frame: frame('ping', { type: 'ping' }) },
  };
}
