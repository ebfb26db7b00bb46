import { describe, expect, it } from 'vitest';
import { ProxyError } from '../../src-proxy/errors';
import { jsonShapeProblem, MAX_ARRAY_ITEMS, MAX_DEPTH, parseJsonBody, withinDepth } from '../../src-proxy/json-body';

const nested = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);
const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

function refused(text: string): ProxyError {
  try {
    parseJsonBody(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ProxyError);
    return err as ProxyError;
  }
  throw new Error('expected the body to be refused');
}

describe('parseJsonBody: nesting is capped before anything walks the body', () => {
  it('takes nesting up to the cap, arrays and objects alike', () => {
    expect(withinDepth(parseJsonBody(nested(MAX_DEPTH)))).toBe(true);
    expect(withinDepth(parseJsonBody(deepObject(MAX_DEPTH)))).toBe(true);
  });

  it('refuses one level more, and ten thousand, with a 400 that says so', () => {
    for (const text of [nested(MAX_DEPTH + 1), deepObject(MAX_DEPTH + 1), nested(10_000), `{"messages":[{"content":${deepObject(10_000)}}]}`]) {
      const err = refused(text);
      expect(err).toMatchObject({ code: 'invalid_request', status: 400 });
      expect(err.message).toContain(`more than ${MAX_DEPTH} levels deep`);
    }
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const inString = JSON.stringify({ text: nested(10_000) + '\\"[[[' + '"\\' });
    expect(jsonShapeProblem(inString)).toBeUndefined();
    expect(parseJsonBody(inString)).toEqual(JSON.parse(inString));
    // A backslash before the closing quote ends the string (the backslash itself is escaped).
    expect(jsonShapeProblem(`{"a":"\\\\","b":${nested(MAX_DEPTH + 5)}}`)).toContain('levels deep');
  });

  it('refuses an array with more entries than the cap, but not many small arrays', () => {
    const over = `[${'0,'.repeat(MAX_ARRAY_ITEMS)}0]`;
    expect(refused(over).message).toContain('more than 100,000 entries');
    const atCap = `[${'0,'.repeat(MAX_ARRAY_ITEMS - 1)}0]`;
    expect((parseJsonBody(atCap) as unknown[]).length).toBe(MAX_ARRAY_ITEMS);
    // Commas of objects and of inner arrays do not count toward the outer array.
    const wide = `[${Array.from({ length: 1000 }, () => '{"a":1,"b":[1,2,3]}').join(',')}]`;
    expect(jsonShapeProblem(wide, { depth: 8, items: 1000 })).toBeUndefined();
  });

  it('keeps the old answers for blank and invalid bodies', () => {
    expect(parseJsonBody('')).toBeUndefined();
    expect(parseJsonBody(' \n ')).toBeUndefined();
    expect(refused('{"a":')).toMatchObject({ code: 'invalid_json' });
    expect(refused('"unterminated')).toMatchObject({ code: 'invalid_json' });
    expect(parseJsonBody('{"s":"\\ud800 \\u0000 \u202e 🙂"}')).toEqual({ s: '\ud800 \u0000 \u202e 🙂' });
  });
});

describe('withinDepth', () => {
  it('walks without recursion, so any value is safe to check', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(withinDepth(deep)).toBe(false);
    expect(withinDepth({ a: [{ b: 1 }] }, 3)).toBe(true);
    expect(withinDepth({ a: [{ b: {} }] }, 3)).toBe(false);
    expect(withinDepth('text')).toBe(true);
  });
});
