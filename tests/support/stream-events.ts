import type { ConverseStreamOutput, Message } from '@aws-sdk/client-bedrock-runtime';

/** A user message with one text block. */
export const user = (text: string): Message => ({ role: 'user', content: [{ text }] });

/** Reads a ConverseStream to the end. */
export async function collect(stream: AsyncIterable<ConverseStreamOutput> | undefined): Promise<ConverseStreamOutput[]> {
  const events: ConverseStreamOutput[] = [];
  for await (const e of stream ?? []) events.push(e);
  return events;
}

/** The event type of each stream event (messageStart, contentBlockDelta, …). */
export function eventNames(events: ConverseStreamOutput[]): string[] {
  return events.map((e) => Object.keys(e).find((k) => (e as unknown as Record<string, unknown>)[k] !== undefined) ?? '?');
}
