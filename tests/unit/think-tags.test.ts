import { describe, expect, test } from 'vitest';
import { flushTags, newTagState, splitAll, splitTags } from '../../src-proxy/converse/think-tags';

describe('think tags (rule 5: reasoning never as tags inside content)', () => {
  test('a whole text splits into reasoning and content', () => {
    expect(splitAll('<think>Step 1. Step 2.</think>\n\nThe answer is 4.')).toEqual({ reasoning: 'Step 1. Step 2.', content: 'The answer is 4.' });
    expect(splitAll('<reasoning>hmm</reasoning>Yes.')).toEqual({ reasoning: 'hmm', content: 'Yes.' });
    expect(splitAll('No tags here, a < b.')).toEqual({ reasoning: '', content: 'No tags here, a < b.' });
  });

  test.each([1, 2, 3, 5, 7])('tags cut across fragments of %i characters are still recognised', (size) => {
    const text = '<think>I should add.</think>Sum: 3 <b>bold</b>';
    const state = newTagState();
    let reasoning = '';
    let content = '';
    for (let i = 0; i < text.length; i += size) {
      const part = splitTags(state, text.slice(i, i + size));
      reasoning += part.reasoning;
      content += part.content;
    }
    const rest = flushTags(state);
    expect(reasoning + rest.reasoning).toBe('I should add.');
    expect(content + rest.content).toBe('Sum: 3 <b>bold</b>');
  });

  test('a held-back "<" that turns out not to be a tag is released', () => {
    const state = newTagState();
    expect(splitTags(state, 'if a <')).toEqual({ reasoning: '', content: 'if a ' });
    expect(splitTags(state, ' b')).toEqual({ reasoning: '', content: '< b' });
    expect(splitTags(state, ' <thi')).toEqual({ reasoning: '', content: ' ' });
    expect(flushTags(state)).toEqual({ reasoning: '', content: '<thi' });
  });
});

describe('the blank line between reasoning and answer', () => {
  test('is dropped when streamed, as when not streamed', () => {
    const state = newTagState();
    let content = '';
    for (const part of ['<think>x</think>', '\n', '\n', 'Answer', ' \n more']) content += splitTags(state, part).content;
    expect(content + flushTags(state).content).toBe('Answer \n more');
    expect(splitAll('<think>x</think>\n\nAnswer').content).toBe('Answer');
  });
});
