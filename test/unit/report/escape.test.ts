import { describe, expect, it } from 'vitest';
import { escapeMarkdown, escapeXml, truncate } from '../../../shared/report/escape';

describe('escapeXml', () => {
  it('turns markup into text, in content and in attribute values', () => {
    expect(escapeXml(`<img src=x onerror=alert(1)>`)).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeXml(`a"b'c&d`)).toBe('a&quot;b&#39;c&amp;d');
  });
});

describe('escapeMarkdown', () => {
  it('neutralises HTML, links, code spans, emphasis and table cells', () => {
    expect(escapeMarkdown('<script>x</script>')).toBe('&lt;script&gt;x&lt;/script&gt;');
    expect(escapeMarkdown('[runbook](javascript:alert(1))')).toBe('\\[runbook\\](javascript:alert(1))');
    expect(escapeMarkdown('a | b')).toBe('a \\| b');
    expect(escapeMarkdown('`rm -rf` *bold* _em_ ~~del~~ # h')).toBe(
      '\\`rm -rf\\` \\*bold\\* \\_em\\_ \\~\\~del\\~\\~ \\# h',
    );
    expect(escapeMarkdown('back\\slash')).toBe('back\\\\slash');
  });

  it('keeps a value on one line so it cannot end a table row or list item', () => {
    expect(escapeMarkdown('first\nsecond\r\nthird')).toBe('first second third');
  });

  it('leaves ordinary operator names readable', () => {
    expect(escapeMarkdown('Source: Kafka Orders -> Filter -> Map')).toBe('Source: Kafka Orders -&gt; Filter -&gt; Map');
  });
});

describe('truncate', () => {
  it('shortens with an ellipsis only when needed', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef');
    expect(truncate('abcdefg', 6)).toBe('abcde…');
  });
});
