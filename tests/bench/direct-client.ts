// The baseline: the same Converse request sent straight to the emulator with the real AWS SDK,
// with the gateway's connection handling (same request handler, one attempt) and otherwise stock:
// it keeps what the gateway trims (logger and recursion-detection middleware, the per-call
// user-agent and middleware resolution, the config in dictionary mode: see runtime-client.ts).
import { BEDROCK_RUNTIME_HANDLER } from '../../src-proxy/bedrock/runtime-client';
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, type ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { performance } from 'node:perf_hooks';

export interface DirectOptions {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** A BedrockRuntimeClient with the gateway's connection handling (src-proxy/bedrock/runtime-client.ts). */
export function directClient(opts: DirectOptions): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: opts.endpoint,
    maxAttempts: 1,
    credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
    // The same connection handling as the gateway, so "added" is what the proxy itself adds.
    requestHandler: BEDROCK_RUNTIME_HANDLER,
  });
}

/** One Converse call; resolves to its milliseconds. */
export async function directConverse(client: BedrockRuntimeClient, input: ConverseCommandInput): Promise<number> {
  const t0 = performance.now();
  const out = await client.send(new ConverseCommand(input));
  if (!out.output?.message?.content?.length) throw new Error('Converse answered no content');
  return performance.now() - t0;
}

export interface DirectStreamResult {
  ttftMs: number;
  totalMs: number;
  events: number;
  textDeltas: number;
}

/** One ConverseStream call read to the end; TTFT is the first text delta. */
export async function directConverseStream(client: BedrockRuntimeClient, input: ConverseCommandInput): Promise<DirectStreamResult> {
  const t0 = performance.now();
  const out = await client.send(new ConverseStreamCommand(input));
  if (!out.stream) throw new Error('ConverseStream answered no stream');
  let ttftMs = -1;
  let events = 0;
  let textDeltas = 0;
  let stopped = false;
  for await (const ev of out.stream) {
    events++;
    if (ev.contentBlockDelta?.delta?.text) {
      textDeltas++;
      if (ttftMs < 0) ttftMs = performance.now() - t0;
    }
    if (ev.messageStop) stopped = true;
  }
  if (!stopped || ttftMs < 0) throw new Error('ConverseStream ended without text or messageStop');
  return { ttftMs, totalMs: performance.now() - t0, events, textDeltas };
}

/** The Converse input the emulator recorded from a proxied request, replayable with the SDK. */
export function converseInputFromWire(modelId: string, wireBody: Record<string, unknown>): ConverseCommandInput {
  // Converse's JSON wire shape equals the SDK input shape for text, tools and cache points.
  return { modelId, ...(wireBody as Omit<ConverseCommandInput, 'modelId'>) };
}
