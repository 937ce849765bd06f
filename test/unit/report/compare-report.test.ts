// The compare report in HTML and Markdown: names full of markup stay text, the page stays
// self-contained, and both formats carry the same lines as the CLI.
import { expect, it } from 'vitest';
import { renderCompareHtml, renderCompareMarkdown } from '../../../electron/report/compare';
import { compare, orders } from '../compare/fixtures';

const HOSTILE = {
  src: '<img src=x onerror=alert(1)> -> Map',
  win: 'Window(<script>alert(1)</script>) -> [x](http://evil)',
};

function hostileDoc() {
  return compare(
    orders('job-a', { src: 's1', win: 'w1' }, true, '<b>orders</b>', HOSTILE),
    orders('job-b', { src: 's2', win: 'w2', sink: 'k2' }, false, '<b>orders</b>', HOSTILE),
  );
}

it('escapes names from the cluster in the HTML page and keeps it free of scripts and requests', () => {
  const doc = hostileDoc();
  const html = renderCompareHtml(doc);
  expect(html).not.toMatch(/<img|<script|<b>orders/);
  expect(html).toContain('&lt;b&gt;orders&lt;/b&gt;');
  expect(html).toContain('no longer the bottleneck');
  expect(html).toContain("content=\"default-src 'none'; style-src 'unsafe-inline'\"");
  expect(html).toContain('new in B: Sink: Print (parallelism 1)');
});

it('escapes names in Markdown so none becomes markup or a link', () => {
  const md = renderCompareMarkdown(hostileDoc());
  expect(md).not.toMatch(/<img|<script|\]\(http/);
  expect(md).toContain('&lt;b&gt;orders&lt;/b&gt;');
  expect(md).toMatch(/^## Jobs$/m);
  expect(md).toContain('no longer the bottleneck');
});
