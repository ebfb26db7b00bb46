// Which anthropic-beta values Bedrock accepts for Claude (as `anthropic_beta` in the model's
// request fields), and for which models. Anything else — Claude Code's own claude-code-20250219,
// advanced-tool-use-…, betas newer than this list — is dropped and named in the log entry, never
// a 400: Bedrock rejects a request with a beta it does not know.
// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html

const CLAUDE_4_PLUS = /anthropic\.claude-(opus|sonnet|haiku)-([4-9])/;
const ACCEPTED: Array<{ beta: string; models: RegExp }> = [
  { beta: 'interleaved-thinking-2025-05-14', models: CLAUDE_4_PLUS },
  { beta: 'context-management-2025-06-27', models: /anthropic\.claude-(opus|sonnet|haiku)-(4-[5-9]|[5-9])/ },
  { beta: 'effort-2025-11-24', models: /anthropic\.claude-opus-(4-[5-9]|[5-9])|anthropic\.claude-(sonnet|haiku)-(4-[6-9]|[5-9])/ },
  { beta: 'context-1m-2025-08-07', models: /anthropic\.claude-sonnet-4/ },
  { beta: 'token-efficient-tools-2025-02-19', models: /anthropic\.claude-3-7-sonnet/ },
  { beta: 'output-128k-2025-02-19', models: /anthropic\.claude-3-7-sonnet/ },
  { beta: 'computer-use-2025-01-24', models: /anthropic\.claude-(3-7-sonnet|(opus|sonnet)-4)/ },
  { beta: 'tool-examples-2025-10-29', models: /anthropic\.claude-opus-4-5/ },
];

/** The client's anthropic-beta header split into the betas Bedrock accepts for this model and the rest. */
export function splitBetas(header: string | string[] | undefined, modelId: string): { forwarded: string[]; dropped: string[] } {
  const asked = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  const forwarded: string[] = [];
  const dropped: string[] = [];
  for (const beta of new Set(asked)) {
    if (ACCEPTED.some((a) => a.beta === beta && a.models.test(modelId))) forwarded.push(beta);
    else dropped.push(beta);
  }
  return { forwarded, dropped };
}

/** True when Bedrock takes this beta for the model (fields that need one are only sent then). */
export function acceptsBeta(beta: string, modelId: string): boolean {
  return ACCEPTED.some((a) => a.beta === beta && a.models.test(modelId));
}
