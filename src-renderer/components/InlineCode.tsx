import type { ReactNode } from 'react';

/** Splits text at `backtick` spans: odd entries are code, even ones plain text (an unpaired backtick stays text). */
export function splitInlineCode(text: string): string[] {
  return text.split(/`([^`\n]+)`/);
}

/**
 * Help, hint and fix texts (often from the server) mark commands and names with backticks, as in
 * markdown: shows those spans as <code>, the rest as plain text — never as HTML.
 */
export function InlineCode({ text }: { text: string }) {
  return (
    <>
      {splitInlineCode(text).map((part, i) => (i % 2 ? <code key={i}>{part}</code> : part))}
    </>
  );
}

/** A hint that may be text with backticks or ready markup. */
export function helpText(hint: ReactNode): ReactNode {
  return typeof hint === 'string' ? <InlineCode text={hint} /> : hint;
}
