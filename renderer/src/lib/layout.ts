// The one horizontal grid every time track sits on: a label column, a gap, then the track. The
// timeline's lanes, the heatmap and the charts all use it, so an instant is at the same x in
// each of them (CSS reads the same numbers through the custom properties set on the screen).

/** Width of the label column left of every time track (CSS px). */
export const LABEL_W = 220;
/** Gap between the label column and the track. */
export const TRACK_GAP = 8;
/** Where a track starts, from the left edge of its row. */
export const TRACK_LEFT = LABEL_W + TRACK_GAP;

/** The custom properties components use in CSS (`var(--label-w)`, `var(--track-gap)`). */
export const LAYOUT_STYLE = `--label-w: ${LABEL_W}px; --track-gap: ${TRACK_GAP}px;`;
