import type { ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import type { ResolvedModel } from '../models/resolve';
import type { ConverseTranslation } from './to-converse';

// Constrained decoding on Bedrock: strict tools (rule 18) and a JSON answer format. Both go to
// Claude 4.5+ only, whose grammar compiler is what Bedrock's "structured outputs" run on; other
// models would refuse the fields. A schema using keywords that grammar rejects is not forwarded
// as strict (Bedrock would refuse the whole request, seen with an array's maxItems in 2026).
// https://docs.aws.amazon.com/bedrock/latest/userguide/structured-output.html

/** The tool name a JSON answer is forced through on models without native structured output. */
export const JSON_ANSWER_TOOL = 'json_answer';

const UNSUPPORTED = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'maxItems', 'minProperties', 'maxProperties', 'patternProperties', 'if', 'then', 'else', 'not']);

/** True when the model runs constrained decoding on Bedrock. */
export function hasStructuredOutput(model: ResolvedModel): boolean {
  return model.caps.family === 'claude-4.5+';
}

/** True when a schema only uses what constrained decoding accepts (every object closed, no numeric/length bounds, minItems 0 or 1). */
export function strictCompatible(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.every(strictCompatible);
  if (!schema || typeof schema !== 'object') return true;
  const s = schema as Record<string, unknown>;
  for (const key of Object.keys(s)) {
    if (UNSUPPORTED.has(key)) return false;
    if (key === 'minItems' && typeof s.minItems === 'number' && s.minItems > 1) return false;
  }
  if (s.type === 'object' && s.additionalProperties !== false) return false;
  return Object.entries(s).every(([k, v]) => k === 'enum' || k === 'const' || k === 'default' || strictCompatible(v));
}

/** Sets strict on the named tools (client names) where the model and each schema allow it; returns the names it left non-strict. */
export function applyStrictTools(t: ConverseTranslation, model: ResolvedModel, strictNames: ReadonlySet<string>): string[] {
  if (!strictNames.size) return [];
  const skipped: string[] = [];
  for (const tool of t.input.toolConfig?.tools ?? []) {
    const spec = tool.toolSpec;
    if (!spec || !strictNames.has(t.toolNames.original(spec.name!))) continue;
    if (hasStructuredOutput(model) && strictCompatible(spec.inputSchema?.json)) spec.strict = true;
    else skipped.push(t.toolNames.original(spec.name!));
  }
  return skipped;
}

/** How a JSON answer was asked of the model. */
export type JsonAnswerMode = 'native' | 'tool' | 'prompt';

/**
 * Asks for a JSON answer following `schema` (or any JSON object without one): native structured
 * output where the model has it, else a forced tool whose input is the answer (the protocol
 * renders that call as text), else (thinking on, which only allows tool choice auto) a system line.
 */
export function applyJsonAnswer(t: ConverseTranslation, model: ResolvedModel, format: { schema?: Record<string, unknown>; name?: string; description?: string | null }): JsonAnswerMode {
  const input = t.input as ConverseCommandInput;
  const schema = format.schema ?? { type: 'object' };
  if (format.schema && hasStructuredOutput(model) && strictCompatible(format.schema)) {
    input.outputConfig = { textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: JSON.stringify(schema), name: format.name, ...(format.description ? { description: format.description } : {}) } } } };
    return 'native';
  }
  const hasTools = (input.toolConfig?.tools ?? []).some((x) => x.toolSpec);
  if (!t.thinking && !hasTools && model.caps.tools) {
    const description = format.description ?? 'Give the complete answer as the input of this tool.';
    input.toolConfig = { tools: [{ toolSpec: { name: JSON_ANSWER_TOOL, description, inputSchema: { json: { type: 'object', ...schema } as never } } }], toolChoice: { tool: { name: JSON_ANSWER_TOOL } } };
    return 'tool';
  }
  const line = `Answer with one JSON object only, no prose${format.schema ? `, following this JSON schema: ${JSON.stringify(schema)}` : ''}.`;
  input.system = [...(input.system ?? []), { text: line }];
  return 'prompt';
}
