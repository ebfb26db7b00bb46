import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { InlineCode, helpText } from '../../src-renderer/components/InlineCode';

const html = (text: string) => renderToStaticMarkup(createElement(InlineCode, { text }));

describe('InlineCode', () => {
  it('shows backticked spans as code and the rest as text', () => {
    expect(html('start with `npm run serve -- --port 8798`, or stop the other program')).toBe(
      'start with <code>npm run serve -- --port 8798</code>, or stop the other program',
    );
    expect(html('`a` and `b`')).toBe('<code>a</code> and <code>b</code>');
  });

  it('leaves text without a pair of backticks as it is, and never renders markup', () => {
    expect(html('no code here')).toBe('no code here');
    expect(html('one ` backtick')).toBe('one ` backtick');
    expect(html('empty `` pair')).toBe('empty `` pair');
    expect(html('`<b>x</b>` <i>')).toBe('<code>&lt;b&gt;x&lt;/b&gt;</code> &lt;i&gt;');
  });

  it('helpText renders strings and passes other nodes through', () => {
    expect(renderToStaticMarkup(createElement('p', null, helpText('run `outcrop doctor`')))).toBe('<p>run <code>outcrop doctor</code></p>');
    const node = createElement('span', null, '`kept`');
    expect(helpText(node)).toBe(node);
  });
});
