// The compare view in the address (`#compare=s1,s2&align=episode`), so a reload or a shared link of
// a served page reopens the same comparison. Handles only: never file names or paths.

import type { AlignMode } from '../../../shared/compare/document';

export interface CompareLink {
  a: string;
  b: string;
  align: AlignMode;
}

const HANDLE = /^s[1-9][0-9]{0,8}$/;
const ALIGNS: readonly string[] = ['start', 'episode', 'clock'];

export function parseCompareHash(hash: string): CompareLink | null {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const [a, b, ...rest] = (p.get('compare') ?? '').split(',');
  if (!a || !b || rest.length > 0 || a === b || !HANDLE.test(a) || !HANDLE.test(b)) return null;
  const align = p.get('align') ?? 'start';
  return { a, b, align: (ALIGNS.includes(align) ? align : 'start') as AlignMode };
}

export function formatCompareHash(link: CompareLink): string {
  return `#compare=${link.a},${link.b}${link.align === 'start' ? '' : `&align=${link.align}`}`;
}
