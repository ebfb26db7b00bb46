import type { NeutralTool, NeutralToolChoice } from '../../converse/neutral';
import type { CustomTool, FunctionTool, ResponsesTool, ToolChoice } from './schema';

// Responses tools in neutral form. Functions pass as they are; a namespace's functions are
// offered under one flat name (the core then makes it Bedrock-safe) and every call goes back
// with the name and namespace the client declared; a custom (free-form) tool becomes a function
// of one string argument and comes back as a custom_tool_call. Hosted tools run on OpenAI's
// servers, which Bedrock has no counterpart for: they are left out and named in one log line.

/** What a flat neutral tool name stands for in the client's words. */
export interface ToolEntry {
  kind: 'function' | 'custom';
  name: string;
  namespace?: string;
}

/** The argument a custom tool's free-form input travels in. */
export const CUSTOM_INPUT = 'input';

/** The flat name a (namespace, name) pair is offered to the model under. */
export function flatToolName(name: string, namespace?: string | null): string {
  if (!namespace) return name;
  return namespace.endsWith('_') ? `${namespace}${name}` : `${namespace}__${name}`;
}

/** The request's tools, their flat names, and the hosted tools that were left out. */
export class ResponsesTools {
  readonly neutral: NeutralTool[] = [];
  /** Flat names of functions declared strict (rule 18 decides per model whether it is forwarded). */
  readonly strict = new Set<string>();
  /** Types of hosted tools that were left out (web_search, file_search, …). */
  readonly skipped: string[] = [];
  private readonly entries = new Map<string, ToolEntry>();

  constructor(tools: readonly ResponsesTool[] = []) {
    for (const tool of tools) {
      if (tool.type === 'function') this.addFunction(tool as FunctionTool);
      else if (tool.type === 'custom') this.addCustom(tool as CustomTool);
      else if (tool.type === 'namespace') {
        const ns = tool as { name: string; description?: string | null; tools: ResponsesTool[] };
        for (const inner of ns.tools) {
          if (inner.type === 'function') this.addFunction(inner as FunctionTool, ns.name, ns.description);
          else if (inner.type === 'custom') this.addCustom(inner as CustomTool, ns.name);
          else this.skipped.push(`${ns.name}.${inner.type}`);
        }
      } else this.skipped.push(tool.type);
    }
  }

  /** Remembers a tool the history used (a call to a tool this request no longer declares). */
  remember(kind: ToolEntry['kind'], name: string, namespace?: string | null): string {
    const flat = flatToolName(name, namespace);
    if (!this.entries.has(flat)) this.entries.set(flat, { kind, name, ...(namespace ? { namespace } : {}) });
    return flat;
  }

  /** The client's view of a flat tool name the model called. */
  entry(flat: string): ToolEntry {
    return this.entries.get(flat) ?? { kind: 'function', name: flat };
  }

  private addFunction(tool: FunctionTool, namespace?: string, nsDescription?: string | null): void {
    const flat = this.remember('function', tool.name, namespace);
    const description = [nsDescription, tool.description].filter((d) => d?.trim()).join('\n\n') || undefined;
    this.neutral.push({ name: flat, description, schema: tool.parameters ?? undefined });
    if (tool.strict) this.strict.add(flat);
  }

  private addCustom(tool: CustomTool, namespace?: string): void {
    const flat = this.remember('custom', tool.name, namespace);
    const format = customFormatHint(tool.format);
    const description = [tool.description ?? tool.name, format].filter(Boolean).join('\n\n');
    this.neutral.push({
      name: flat,
      description,
      schema: { type: 'object', properties: { [CUSTOM_INPUT]: { type: 'string', description: 'The free-form input of this tool.' } }, required: [CUSTOM_INPUT] },
    });
  }
}

// A custom tool may constrain its input with a grammar; Bedrock cannot enforce one, so the
// model is told about it in the description.
function customFormatHint(format: unknown): string | undefined {
  const f = format as { type?: string; syntax?: string; definition?: string } | undefined;
  if (f?.type !== 'grammar' || !f.definition) return undefined;
  return `The input must follow this ${f.syntax ?? ''} grammar:\n${f.definition.slice(0, 8000)}`;
}

/** tool_choice in neutral words; choices naming a hosted tool or a set of allowed tools become auto. */
export function toolChoiceOf(choice: ToolChoice | null | undefined, tools: ResponsesTools): NeutralToolChoice | undefined {
  if (!choice) return undefined;
  if (choice === 'auto' || choice === 'none') return choice;
  if (choice === 'required') return 'any';
  if ((choice.type === 'function' || choice.type === 'custom') && choice.name) {
    return { tool: tools.remember(choice.type === 'custom' ? 'custom' : 'function', choice.name, choice.namespace) };
  }
  return 'auto';
}
