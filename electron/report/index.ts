// Incident reports from a session file: HTML, Markdown (+ SVG files), PDF via Chromium.

export { ReportError } from './errors';
export { renderHtml } from './html';
export { loadReport, type LoadReportOptions } from './load';
export { renderMarkdown, type MarkdownOutput } from './markdown';
export { chromiumHtmlToPdf, DEFAULT_CHROMIUM, type HtmlToPdf } from './pdf';
export { imagesDirFor, REPORT_FORMATS, writeReport, type ReportFormat } from './write';
