import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Settings } from '../../src-shared/settings';
import { fromBedrockError } from '../bedrock/errors';
import type { ProxyContext } from '../context';
import { asProxyError, ProxyError } from '../errors';
import type { ResolvedModel } from '../models/resolve';
import { RequestTracker } from '../routes/request-tracker';
import { SseWriter } from '../routes/sse';
import type { CachingPolicy } from './cache-points';
import type { NeutralBlock, NeutralEvent, NeutralResponse } from './neutral';
import { fromConverseOutput, reasoningBlocksOf } from './response';
import { accumulate, newAccumulator, streamedReasoningBlocks, type StreamAccumulator } from './stream-accumulator';
import type { ConverseTranslation } from './to-converse';

// The shared half of every protocol: call Bedrock, turn the answer into neutral form, stream it
// with backpressure, report to the request log. A protocol only brings its codec.

/** One SSE event as a protocol writes it: an optional event name and a JSON (or literal string) payload. */
export interface SseFrame {
  event?: string;
  data: unknown;
}

/** Turns neutral stream events into one protocol's SSE frames. */
export interface StreamEncoder {
  /** The frames for one neutral event (often none or one). */
  encode(ev: NeutralEvent, acc: StreamAccumulator): SseFrame[];
  /** The closing frames once Bedrock finished the answer (usage, [DONE], message_stop). */
  finish(acc: StreamAccumulator): SseFrame[];
  /** The frames that report an error after the 200 was sent. */
  error(err: ProxyError): SseFrame[];
  /** A frame sent while the model is silent for this long (Anthropic's ping). */
  heartbeat?: { everyMs: number; frame: SseFrame };
}

/** What a protocol gives the runner. */
export interface ProtocolCodec {
  /** The non-streamed answer body and the finish reason to log. */
  renderResponse(res: NeutralResponse): { body: unknown; finishReason?: string };
  /** A fresh encoder for one streamed answer. */
  streamEncoder(): StreamEncoder;
  /** Id prefix for tool calls Bedrock gave no id (protocols have their own id styles). */
  toolIdPrefix?(): string;
  /** Told the answer's tool call ids and signed reasoning (chat keeps them for the next turn, rule 5). */
  onToolTurn?(toolCallIds: string[], reasoning: NeutralBlock[]): void;
}

export interface RunContext {
  ctx: ProxyContext;
  model: ResolvedModel;
  translation: ConverseTranslation;
  reply: FastifyReply;
  signal: AbortSignal;
  tracker: RequestTracker;
  codec: ProtocolCodec;
}

/** Calls Converse and sends the protocol's rendering of the answer. */
export async function runConverse(run: RunContext): Promise<void> {
  const { ctx, model, translation: t, signal, tracker, codec } = run;
  const out = await withParamRetry(run, (input) => ctx.bedrock.converse(input, signal));
  const res = fromConverseOutput(out, t.toolNames, { reasoningTags: model.caps.reasoningTags });
  const { body, finishReason } = codec.renderResponse(res);
  if (t.thinking && codec.onToolTurn) {
    const ids = res.content.flatMap((b) => (b.toolUse ? [b.toolUse.toolUseId!] : []));
    if (ids.length) codec.onToolTurn(ids, reasoningBlocksOf(out.output?.message?.content ?? []));
  }
  tracker.ttft();
  const reasoningTokens = Math.min(res.usage?.outputTokens ?? 0, Math.ceil(res.reasoningChars / 4));
  tracker.finish(200, { usage: out.usage, finishReason: finishReason ?? res.stopReason, reasoningTokens, bodies: { request: t.input, response: out.output } });
  await run.reply.send(body);
}

/** Calls ConverseStream and writes the protocol's SSE; errors after the 200 go into the stream (rule 9). */
export async function runConverseStream(run: RunContext): Promise<void> {
  const { ctx, model, translation: t, reply, signal, tracker, codec } = run;
  // Wait for the first event before answering 200: an error this early gets a real HTTP status
  // (rule 9), and a parameter Bedrock refuses can still be dropped and the call retried.
  const first = await withParamRetry(run, async (input) => {
    const started = (await ctx.bedrock.converseStream(input, signal))[Symbol.asyncIterator]();
    return { events: started, next: await nextEvent(started, model) };
  });
  const events = first.events;
  let next = first.next;
  const acc = newAccumulator(t.toolNames, { reasoningTags: model.caps.reasoningTags, idPrefix: codec.toolIdPrefix?.() });
  const encoder = codec.streamEncoder();
  // The streamed answer is assembled only when the user keeps bodies in the log.
  const kept = ctx.settings().keepBodies ? { content: '', reasoning: '' } : undefined;
  reply.hijack();
  const sse = new SseWriter(reply.raw);
  const heartbeat = encoder.heartbeat ? startHeartbeat(sse, encoder.heartbeat) : undefined;
  try {
    while (!next.done) {
      heartbeat?.touch();
      for (const ev of accumulate(acc, next.value)) {
        if (!tracker.hasFirstToken && (ev.type === 'text' || ev.type === 'reasoning' || ev.type === 'tool_start' || ev.type === 'tool_args')) tracker.ttft();
        if (kept && ev.type === 'text') kept.content += ev.text;
        if (kept && ev.type === 'reasoning') kept.reasoning += ev.text;
        await write(sse, encoder.encode(ev, acc));
      }
      if (sse.isClosed) return void tracker.clientClosed({ usage: acc.usage });
      next = await nextEvent(events, model);
    }
    if (!acc.finished) throw new ProxyError('bedrock_stream_error', 'Bedrock ended the stream before the answer was complete. Retry the request.');
    await write(sse, encoder.finish(acc));
    if (t.thinking && acc.toolCallIds.length) codec.onToolTurn?.(acc.toolCallIds, streamedReasoningBlocks(acc));
    tracker.finish(200, { usage: acc.usage, finishReason: acc.stopReason, reasoningTokens: Math.ceil(acc.reasoningChars / 4), bodies: { request: t.input, response: { ...kept, toolCallIds: acc.toolCallIds, stopReason: acc.stopReason } } });
  } catch (err) {
    // After the 200 the status is sent: report the error in the stream, with no made-up finish.
    if (signal.aborted) return void tracker.clientClosed({ usage: acc.usage });
    const error = asProxyError(err);
    if (!sse.isClosed) await write(sse, encoder.error(error));
    tracker.finish(error.status, { error, usage: acc.usage });
  } finally {
    heartbeat?.stop();
    sse.end();
  }
}

async function write(sse: SseWriter, frames: SseFrame[]): Promise<void> {
  for (let i = 0; i < frames.length; i++) await sse.data(frames[i].data, frames[i].event);
}

// Sends the protocol's heartbeat whenever nothing came from Bedrock for a while, so that
// clients and proxies with idle timeouts keep a long-thinking model's stream open.
function startHeartbeat(sse: SseWriter, beat: { everyMs: number; frame: SseFrame }): { touch(): void; stop(): void } {
  let last = Date.now();
  const timer = setInterval(() => {
    if (Date.now() - last >= beat.everyMs && !sse.isClosed) {
      last = Date.now();
      void sse.data(beat.frame.data, beat.frame.event);
    }
  }, Math.max(10, Math.floor(beat.everyMs / 4)));
  timer.unref();
  return { touch: () => void (last = Date.now()), stop: () => clearInterval(timer) };
}

/**
 * Calls Bedrock with the request, leaving out what Bedrock refused for this model before; when it
 * refuses a parameter now, drops it, retries once and says so in the log entry.
 */
async function withParamRetry<T>(run: RunContext, call: (input: ConverseTranslation['input']) => Promise<T>): Promise<T> {
  const { ctx, model, translation: t, tracker, signal } = run;
  const note = (text: string): void => void (tracker.notes = [...(tracker.notes ?? []), text]);
  const known = ctx.rejectedParams.apply(model.modelId, t.input);
  if (known.length) note(`${known.join(', ')} left out: Bedrock refused ${known.length === 1 ? 'it' : 'them'} for ${model.modelId} before`);
  try {
    return await call(t.input);
  } catch (err) {
    const dropped = signal.aborted ? undefined : ctx.rejectedParams.learn(model.modelId, err, t.input);
    if (!dropped) throw err;
    note(`${dropped} dropped: Bedrock refused it for ${model.modelId}; retried without it (remembered for this model)`);
    return call(t.input);
  }
}

async function nextEvent(events: AsyncIterator<ConverseStreamOutput>, model: ResolvedModel): Promise<IteratorResult<ConverseStreamOutput>> {
  try {
    return await events.next();
  } catch (err) {
    throw fromBedrockError(err, { modelId: model.modelId });
  }
}

/** What a protocol's handler hands the runner once it has parsed and mapped the request. */
export interface PreparedRun {
  model: ResolvedModel;
  translation: ConverseTranslation;
  codec: ProtocolCodec;
  stream: boolean;
}

/**
 * The frame of every route that ends in Converse: the request-log entry, abort on client
 * disconnect, the call (streamed or not); a failure is logged, then rethrown for the protocol's
 * own error handler to render.
 */
export async function serveConverse(ctx: ProxyContext, request: FastifyRequest, reply: FastifyReply, endpoint: string, prepare: (tracker: RequestTracker, signal: AbortSignal) => Promise<PreparedRun>): Promise<void> {
  const tracker = new RequestTracker(ctx, request, endpoint);
  const abort = abortOnDisconnect(reply);
  try {
    const { model, translation, codec, stream } = await prepare(tracker, abort.signal);
    if (model.note) tracker.notes = [model.note, ...(tracker.notes ?? [])];
    const run = { ctx, model, translation, reply, signal: abort.signal, tracker, codec };
    if (stream) await runConverseStream(run);
    else await runConverse(run);
  } catch (err) {
    const error = asProxyError(err);
    // Whatever the call failed with once the client left (the reset it caused), the client left.
    if (abort.signal.aborted) tracker.clientClosed();
    else tracker.finish(error.status, { error });
    throw error;
  }
}

/** Aborts the Bedrock call when the client goes away before the answer is written (rule 15). */
export function abortOnDisconnect(reply: FastifyReply): AbortController {
  const abort = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) abort.abort();
  });
  return abort;
}

/** The caching policy for a model: the global defaults with the model's overrides. */
export function cachingFor(settings: Settings, model: ResolvedModel): CachingPolicy {
  const override = settings.cachingPerModel[model.requested] ?? settings.cachingPerModel[model.modelId];
  return { ...settings.caching, ...override };
}
