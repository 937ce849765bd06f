// Escaping for every output format. Everything that came from the cluster (job and vertex
// names, TaskManager ids, exception text) or the user (annotations) passes through here.

const XML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or attribute value in HTML and SVG. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML[c]!);
}

/**
 * Inline Markdown text that renders as exactly these characters: no HTML (`<` becomes an
 * entity), no links or images (brackets escaped), no code spans, emphasis or table breaks.
 * Line breaks become spaces so a value never ends a table row or list item.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n|[\r\n]/g, ' ')
    .replace(/[&<>]/g, (c) => XML[c]!)
    .replace(/[\\`*_[\]#|~]/g, (c) => `\\${c}`);
}

/** Shortens a label for a fixed-width slot; the full text goes into a tooltip. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}
