import type { ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { ProxyError } from '../errors';

// A model newer than Outcrop's family table may refuse a parameter Outcrop sent (Bedrock names it
// in a ValidationException). Outcrop then drops that parameter, retries once, and remembers it for
// that model, so the next request leaves it out from the start; the log entry says so each time.

type Input = Pick<ConverseCommandInput, 'inferenceConfig' | 'additionalModelRequestFields'>;

// Where each name Bedrock uses for a sampling parameter sits in a Converse request.
const INFERENCE_FIELDS: Record<string, 'temperature' | 'topP' | 'stopSequences'> = {
  temperature: 'temperature',
  top_p: 'topP',
  topp: 'topP',
  stop_sequences: 'stopSequences',
  stopsequences: 'stopSequences',
};

// The messages Bedrock gives when a model takes a parameter it does not accept; the group is its name.
const REJECTIONS: RegExp[] = [
  // Claude 4.5 and later: one of the two sampling parameters only (the second one named goes).
  /`temperature` and `(top_p)` cannot both be specified/i,
  // Anthropic's body check: a key the model does not know.
  /extraneous key \[([\w.-]+)\] is not permitted/i,
  // Other providers: "top_k is not supported", "Unsupported parameter: stop_sequences".
  /\b(temperature|top_p|topP|top_k|topK|stop_sequences|stopSequences)\b`?\s+(?:is\s+)?not\s+(?:supported|permitted|allowed)/i,
  /unsupported (?:parameter|field|key)s?:?\s+`?(temperature|top_p|topP|top_k|topK|stop_sequences|stopSequences)\b/i,
  // Claude 4.7 and later: "`temperature` is deprecated for this model".
  /`?(temperature|top_p|topP|top_k|topK)`?\s+is\s+deprecated\b/i,
];

const MAX_MODELS = 200;

export class RejectedParams {
  private readonly byModel = new Map<string, Set<string>>();

  /** Leaves out what Bedrock refused for this model before; returns the names left out. */
  apply(modelId: string, input: Input): string[] {
    const known = this.byModel.get(modelId);
    if (!known) return [];
    return [...known].filter((name) => remove(input, name));
  }

  /**
   * Reads a failed call: when Bedrock refused a parameter the request carries, removes it from
   * `input`, remembers it for the model and returns its name; undefined for any other failure.
   */
  learn(modelId: string, err: unknown, input: Input): string | undefined {
    if (!(err instanceof ProxyError) || err.upstream !== 'ValidationException') return undefined;
    const name = REJECTIONS.map((re) => re.exec(err.message)?.[1]).find(Boolean);
    if (!name || !remove(input, name)) return undefined;
    let known = this.byModel.get(modelId);
    if (!known) {
      if (this.byModel.size >= MAX_MODELS) this.byModel.delete(this.byModel.keys().next().value!);
      this.byModel.set(modelId, (known = new Set()));
    }
    known.add(name);
    return name;
  }
}

/** Removes a parameter from the request; false when the request does not carry it. */
function remove(input: Input, name: string): boolean {
  const field = INFERENCE_FIELDS[name.toLowerCase()];
  if (field) {
    if (input.inferenceConfig?.[field] === undefined) return false;
    delete input.inferenceConfig[field];
    return true;
  }
  const extra = input.additionalModelRequestFields as Record<string, unknown> | undefined;
  if (!extra || typeof extra !== 'object' || !(name in extra)) return false;
  delete extra[name];
  return true;
}
