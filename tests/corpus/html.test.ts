import { describe, expect, it } from 'vitest';
import { extractHtml, htmlFragmentText } from '../../src/corpus/html.ts';

const page = (body: string) =>
  `<html><head><title>Harbour reopens | Coast News</title></head><body>${body}</body></html>`;
const STORY = '<p>The harbour reopened on Friday after a week of repairs, the port authority said.</p>';

describe('hostile HTML (issue 15, item 3)', () => {
  it('10,000 properly nested elements: no stack overflow, the article kept', () => {
    const html = page(`${'<div>'.repeat(10_000)}${STORY}${'</div>'.repeat(10_000)}`);
    const out = extractHtml(html);
    expect(out.title).toBe('Harbour reopens');
    expect(out.text).toBe('The harbour reopened on Friday after a week of repairs, the port authority said.');
  });

  it('50,000 unclosed <div>: ends (linear; the old parser took 55 s), the article kept', () => {
    const out = extractHtml(page(`${STORY}${'<div>'.repeat(50_000)}<p>A second paragraph, deep inside.</p>`));
    expect(out.text).toContain('The harbour reopened on Friday');
    expect(out.text).toContain('A second paragraph, deep inside.');
  });

  it('deep nesting inside <article>, widgets and spans, and a fragment: each read without recursion', () => {
    const deep = `<article>${'<section class="story"><span>'.repeat(20_000)}${STORY}${'</span></section>'.repeat(20_000)}<aside>Related</aside></article>`;
    expect(extractHtml(page(deep)).text).toBe(
      'The harbour reopened on Friday after a week of repairs, the port authority said.',
    );
    expect(htmlFragmentText(`${'<b>'.repeat(30_000)}bold words${'<i>'.repeat(30_000)}`)).toBe('bold words');
  });

  it('50,000 unclosed <p> and a megabyte of "<" end and keep the text', () => {
    expect(htmlFragmentText(`${'<p>x '.repeat(50_000)}`).split('\n\n')).toHaveLength(50_000);
    expect(htmlFragmentText(`${'<'.repeat(1 << 20)}`).length).toBeLessThanOrEqual(1 << 20);
  });
});
