// Judgement thresholds of the analysis, in one place so rules and tests cite the same numbers.
// Ratios and usages are fractions 0..1.

/** A subtask at or above this busy fraction is "busy" (bottleneck candidate). */
export const BUSY_RATIO = 0.5;
/** A vertex counts as backpressured in a window when this share of its samples is LOW or HIGH. */
export const BACKPRESSURED_SHARE = 0.5;
/** outPoolUsage at or above this is "full" (the blog's "100 %"; overdraft can exceed 1 on 1.16+). */
export const OUT_POOL_HIGH = 0.9;
/** On versions without time accounting, outPoolUsage at or above this reads as backpressured. */
export const OUT_POOL_BACKPRESSURED = 0.99;
/** inPoolUsage at or above this is "~100 %": the input is full (the guide's buffer rule). */
export const IN_POOL_HIGH = 0.9;
/** Pool usages below this are "low". */
export const POOL_LOW = 0.3;
/** inputFloatingBuffersUsage at or above this: floating buffers exhausted. */
export const FLOATING_HIGH = 0.9;
/** inputExclusiveBuffersUsage at or above this: most or all input channels are backpressured. */
export const EXCLUSIVE_HIGH = 0.5;
/** Share of busy subtasks at or above which the whole operator is overloaded (not skew). */
export const ALL_BUSY_SHARE = 0.9;
/** Network buffer size (Flink default `taskmanager.memory.segment-size`). */
export const BUFFER_BYTES = 32 * 1024;
/** Mean remote buffer fill below this share of a buffer is "low fill". */
export const LOW_FILL_SHARE = 0.5;
/** Remote buffers needed in a window before a fill rate is judged. */
export const MIN_REMOTE_BUFFERS = 100;
/** Per-subtask output below this (bytes/s) is "low throughput" for the credit round-trip hint. */
export const LOW_THROUGHPUT_BYTES_PER_SEC = 10 * 1024 * 1024;
/** A GC window matters when the collectors ran this share of its wall time, or at least GC_MIN_MS. */
export const GC_SHARE = 0.1;
export const GC_MIN_MS = 1000;
/** Checkpoint alignment at or above this (ms) is worth a hint. */
export const ALIGNMENT_MIN_MS = 1000;
/** A sample interval this many times the effective interval is a hole in the data. */
export const GAP_FACTOR = 3;
/** Backpressure starting within this time after a restart/rescale is probably catch-up. */
export const CATCH_UP_MS = 120_000;
/** Recurring detection: at least this many episodes, periods within this tolerance of the median. */
export const RECURRING_MIN = 3;
export const RECURRING_TOLERANCE = 0.2;
/** A cause explaining at least this share of an episode's backpressured time is material to it. */
export const MATERIAL_SHARE = 0.1;
