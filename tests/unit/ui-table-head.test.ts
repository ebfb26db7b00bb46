import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { numeric, TableHead } from '../../src-renderer/components/TableHead';

const html = (props: Parameters<typeof TableHead>[0]) => renderToStaticMarkup(createElement('table', null, createElement(TableHead, props)));

describe('TableHead', () => {
  it('heads every column with scope="col", right-aligns numeric ones and keeps their tooltips', () => {
    expect(html({ columns: ['Time', { label: 'In', num: true, title: 'Input tokens' }, ...numeric('Cost')] })).toBe(
      '<table><thead><tr><th scope="col">Time</th><th scope="col" class="num" title="Input tokens">In</th><th scope="col" class="num">Cost</th></tr></thead></table>',
    );
  });

  it('adds a last column for row buttons whose heading only screen readers hear', () => {
    expect(html({ columns: ['Name'], actions: 'Actions' })).toBe(
      '<table><thead><tr><th scope="col">Name</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead></table>',
    );
  });
});
