// Annotation tags the UI offers, each with a colour from the same colour-blind-safe palette as
// the levels. Any other tag stored in a file (another tool, an older version) is shown in grey.

import { formatVertexRef, parseVertexRef, type VertexRef } from './hash-state';

export const TAGS = [
  { tag: 'note', colour: '#0072b2' },
  { tag: 'deploy', colour: '#009e73' },
  { tag: 'alert', colour: '#d55e00' },
  { tag: 'incident', colour: '#cc3d99' },
  { tag: 'auto', colour: '#8a8f99' },
] as const;

export function tagColour(tag: string | null): string {
  return TAGS.find((t) => t.tag === tag)?.colour ?? '#8a8f99';
}

/** What the annotation form edits. */
export interface AnnotationDraft {
  start: number;
  end: number | null;
  text: string;
  tag: string;
  /** The vertex as `vertexKeyOf` writes it, or '' for none. */
  vertex: string;
}

/** A vertex as a form value (the same form links use). */
export const vertexKeyOf = (v: VertexRef): string => formatVertexRef(v);

/** The vertex a form value names; null for '' (no vertex). */
export const parseVertexKey = (key: string): VertexRef | null => (key === '' ? null : parseVertexRef(key));
