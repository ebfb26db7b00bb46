import { jsonShapeProblem } from '../json-body';
import { isBlank } from './media';

/**
 * Tool-call arguments from history as the object Bedrock's toolUse.input needs: empty becomes {},
 * a JSON non-object is wrapped as {value}, and text that is not JSON (a weak model's), or JSON nested
 * deeper than a request body may be, is kept as {_unparsed_arguments} rather than failing the request.
 */
export function parseToolArguments(args: string | null | undefined): Record<string, unknown> {
  if (isBlank(args)) return {};
  // Arguments are JSON inside a string, so the body's shape limits have not seen them (json-body.ts).
  if (jsonShapeProblem(args!)) return { _unparsed_arguments: args };
  try {
    const parsed = JSON.parse(args!);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : { value: parsed };
  } catch {
    return { _unparsed_arguments: args };
  }
}
