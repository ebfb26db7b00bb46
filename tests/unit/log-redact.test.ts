import { describe, expect, it } from 'vitest';
import { scrubText } from '../../src-main/core/logging/redact';

describe('scrubText', () => {
  it('removes secrets from free text', () => {
    const secrets = ['AKIAABCDEFGHIJKLMNOP', 'wJalrXUtnFEMIsecretK7MDENG', 'tok-sso-123', 'ABSKQmVkcm9ja0FQSUtleS1hYmNkZWZn', 'iVBORw0KGgoAAAANSUhEUg'];
    const text = `failed for AKIAABCDEFGHIJKLMNOP secretAccessKey=wJalrXUtnFEMIsecretK7MDENG; Authorization: Bearer tok-sso-123 key ABSKQmVkcm9ja0FQSUtleS1hYmNkZWZn image data:image/png;base64,iVBORw0KGgoAAAANSUhEUg`;
    const out = scrubText(text);
    for (const s of secrets) expect(out).not.toContain(s);
    expect(out).toContain('failed for');
  });
});
