import { describe, expect, it } from 'vitest';
import { redactBody } from '../../src-main/core/request-log/redact';

const B64_IMAGE = Buffer.alloc(3000, 7).toString('base64'); // 3000 bytes -> 4000 chars

describe('redactBody', () => {
  it('replaces Converse image and document bytes with markers', () => {
    const body = {
      messages: [{
        role: 'user',
        content: [
          { text: 'what is this?' },
          { image: { format: 'png', source: { bytes: new Uint8Array(1234) } } },
          { document: { format: 'pdf', name: 'spec', source: { bytes: Buffer.alloc(99) } } },
        ],
      }],
    };
    const out = redactBody(body, 10_000) as typeof body;
    const content = out.messages[0].content as unknown as Array<Record<string, any>>;
    expect(content[0]).toEqual({ text: 'what is this?' });
    expect(content[1].image).toEqual({ format: 'png', source: { bytes: '[image: 1234 bytes]' } });
    expect(content[2].document.source.bytes).toBe('[document: 99 bytes]');
    // The original is untouched.
    expect(body.messages[0].content[1].image?.source.bytes).toBeInstanceOf(Uint8Array);
  });

  it('replaces base64 data URLs, Anthropic base64 sources and serialized Buffers', () => {
    const body = {
      openai: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${B64_IMAGE}` } }],
      pdf: { type: 'file', file: { file_data: `data:application/pdf;base64,${B64_IMAGE}` } },
      anthropic: [{ type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: B64_IMAGE } }],
      converseJson: { image: { source: { bytes: B64_IMAGE } } },
      buffer: { video: Buffer.alloc(5).toJSON() },
    };
    const json = JSON.stringify(redactBody(body, 10_000));
    expect(json).not.toContain(B64_IMAGE.slice(0, 100));
    const out = JSON.parse(json);
    expect(out.openai[0].image_url.url).toBe('[image: 3000 bytes]');
    expect(out.pdf.file.file_data).toBe('[document: 3000 bytes]');
    expect(out.anthropic[0].source.data).toBe('[image: 3000 bytes]');
    expect(out.anthropic[0].source.media_type).toBe('image/jpeg');
    expect(out.converseJson.image.source.bytes).toBe('[image: 3000 bytes]');
    expect(out.buffer.video).toBe('[video: 5 bytes]');
  });

  it('removes secrets by key name at any depth but keeps token counts', () => {
    const body = {
      headers: { Authorization: 'Bearer sk-abc', 'x-api-key': 'k-123', 'X-Amz-Security-Token': 'IQoJb3', cookie: 'a=b' },
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI', sessionToken: 'FwoG', expiration: 3 },
      apiKey: 'abc', client_secret: 'shh', db: { password: 'hunter2' }, refreshToken: { value: 'rt' },
      max_tokens: 1024, thinking: { type: 'enabled', budget_tokens: 2048 },
      usage: { prompt_tokens: 10, prompt_tokens_details: { cached_tokens: 4 } },
    };
    const out = redactBody(body, 10_000) as Record<string, any>;
    const json = JSON.stringify(out);
    for (const secret of ['sk-abc', 'k-123', 'IQoJb3', 'a=b', 'AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI', 'FwoG', '"abc"', 'shh', 'hunter2', '"rt"']) {
      expect(json).not.toContain(secret);
    }
    expect(out.headers.Authorization).toBe('[redacted]');
    expect(out.db.password).toBe('[redacted]');
    expect(out.refreshToken).toEqual({ value: '[redacted]' });
    expect(out.max_tokens).toBe(1024);
    expect(out.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(out.usage).toEqual({ prompt_tokens: 10, prompt_tokens_details: { cached_tokens: 4 } });
  });

  it('scrubs bearer tokens and AWS keys inside ordinary text', () => {
    const out = redactBody({ content: 'run curl -H "Authorization: Bearer eyJhbGciOi.xyz" with AKIAIOSFODNN7EXAMPLE and ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl' }, 10_000) as { content: string };
    expect(out.content).toBe('run curl -H "Authorization: Bearer [redacted]" with [redacted] and [redacted]');
  });

  it('truncates long strings and keeps the whole JSON under maxChars', () => {
    const long = 'lorem ipsum '.repeat(2000); // 24,000 chars
    const one = redactBody({ system: long }, 8000) as { system: string };
    expect(one.system.length).toBeLessThan(2000);
    expect(one.system).toMatch(/^lorem ipsum .*…\[truncated, 24000 chars\]$/s);

    const big = { messages: Array.from({ length: 500 }, (_, i) => ({ role: 'user', content: `${i} ${long.slice(0, 3000)}` })) };
    for (const cap of [100_000, 8000, 1000, 200]) {
      const out = redactBody(big, cap);
      expect(JSON.stringify(out).length).toBeLessThanOrEqual(cap);
    }
    const small = redactBody(big, 1000) as Record<string, unknown>;
    expect(JSON.stringify(small)).toContain('more items');
  });

  it('shortens embedding vectors and survives cycles and odd values', () => {
    const cyclic: Record<string, unknown> = { n: 1 };
    cyclic.self = cyclic;
    const out = redactBody({ data: [{ embedding: Array.from({ length: 1024 }, () => 0.5) }], cyclic, when: new Date(0), fn: () => 1, big: 10n, nan: NaN }, 100_000) as Record<string, any>;
    expect(out.data[0].embedding).toHaveLength(201);
    expect(out.data[0].embedding[200]).toBe('[… 824 more items]');
    expect(out.cyclic).toEqual({ n: 1, self: '[circular]' });
    expect(out.when).toBe('1970-01-01T00:00:00.000Z');
    expect('fn' in out).toBe(false);
    expect(out.big).toBe('10');
    expect(out.nan).toBeNull();
  });

  it('leaves short ordinary values alone', () => {
    const body = { model: 'claude-sonnet', data: 'not-base64 because of spaces and shortness', stream: true, n: 2 };
    expect(redactBody(body, 10_000)).toEqual(body);
  });
});
