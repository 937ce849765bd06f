package org.backflow.incidents;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A rate-limited generator on the FLIP-27 Source API (the same interfaces in Flink 1.14 - 2.x). Between
 * records the reader reports "nothing available" and hands Flink a future that completes when the next
 * record is due, so a source subtask is idle while it waits (not busy, as a sleeping throttle would be), and
 * backpressured when its output is full. It keeps no position: after a restart it starts from zero.
 *
 * After a stall it catches up at most {@link #MAX_LAG_S} seconds of records and drops the rest, so an
 * episode ends when its cause ends instead of when a backlog has drained.
 */
final class PacedSource implements Source<Event, PacedSource.NoSplit, Boolean> {
    private static final long serialVersionUID = 1L;
    static final double MAX_LAG_S = 0.1;

    private final Params params;

    PacedSource(Params params) {
        this.params = params;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<Event, NoSplit> createReader(SourceReaderContext context) {
        return new Reader(params, context.getIndexOfSubtask());
    }

    @Override
    public SplitEnumerator<NoSplit, Boolean> createEnumerator(SplitEnumeratorContext<NoSplit> context) {
        return new NoSplits();
    }

    @Override
    public SplitEnumerator<NoSplit, Boolean> restoreEnumerator(SplitEnumeratorContext<NoSplit> context, Boolean checkpoint) {
        return new NoSplits();
    }

    @Override
    public SimpleVersionedSerializer<NoSplit> getSplitSerializer() {
        return new NoSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<Boolean> getEnumeratorCheckpointSerializer() {
        return new BooleanSerializer();
    }

    static final class Reader implements SourceReader<Event, NoSplit> {
        private final Params params;
        private final int subtask;
        private final double ratePerSubtask;
        private final long maxLag;
        private final String payload;
        private long startNanos;
        private long emitted;

        Reader(Params params, int subtask) {
            this.params = params;
            this.subtask = subtask;
            this.ratePerSubtask = params.rate / params.sourceParallelism;
            this.maxLag = Math.max(1, (long) (ratePerSubtask * MAX_LAG_S));
            this.payload = "x".repeat(Math.max(0, params.recordBytes));
        }

        @Override
        public void start() {
            startNanos = System.nanoTime();
        }

        private long due(long nowNanos) {
            return (long) ((nowNanos - startNanos) / 1e9 * ratePerSubtask);
        }

        @Override
        public InputStatus pollNext(ReaderOutput<Event> output) {
            long nowMs = System.currentTimeMillis();
            if (params.durationS > 0 && params.at(nowMs) >= params.durationS) return InputStatus.END_OF_INPUT;
            long due = due(System.nanoTime());
            if (due - emitted > maxLag) emitted = due - maxLag;
            if (emitted >= due) return InputStatus.NOTHING_AVAILABLE;
            long seq = emitted * params.sourceParallelism + subtask;
            emitted++;
            output.collect(new Event(seq, keyOf(seq, nowMs), nowMs, payload));
            return emitted < due ? InputStatus.MORE_AVAILABLE : InputStatus.NOTHING_AVAILABLE;
        }

        /** Even spread over the Window subtasks; during skew a share of records carries the hot key. */
        private int keyOf(long seq, long nowMs) {
            if (params.skewed(nowMs)) {
                double u = ((seq * 0x9E3779B97F4A7C15L) >>> 11) / (double) (1L << 53);
                if (u < params.hotShare) return params.hotKey;
            }
            int s = (int) (seq % params.windowParallelism);
            int[] ks = params.keys[s];
            return ks[(int) ((seq / params.windowParallelism) % ks.length)];
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            long nextDueNanos = startNanos + (long) Math.ceil((emitted + 1) * 1e9 / ratePerSubtask);
            long wait = nextDueNanos - System.nanoTime();
            if (wait <= 0) return CompletableFuture.completedFuture(null);
            return CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(Math.max(wait, 1_000_000L), TimeUnit.NANOSECONDS));
        }

        @Override
        public List<NoSplit> snapshotState(long checkpointId) {
            return Collections.emptyList();
        }

        @Override
        public void addSplits(List<NoSplit> splits) {}

        @Override
        public void notifyNoMoreSplits() {}

        @Override
        public void close() {}
    }

    /** The generator needs no splits; Flink's API still wants a split type. */
    static final class NoSplit implements SourceSplit {
        @Override
        public String splitId() {
            return "none";
        }
    }

    static final class NoSplits implements SplitEnumerator<NoSplit, Boolean> {
        @Override
        public void start() {}

        @Override
        public void handleSplitRequest(int subtaskId, String requesterHostname) {}

        @Override
        public void addSplitsBack(List<NoSplit> splits, int subtaskId) {}

        @Override
        public void addReader(int subtaskId) {}

        @Override
        public Boolean snapshotState(long checkpointId) {
            return Boolean.TRUE;
        }

        @Override
        public void close() {}
    }

    static final class NoSplitSerializer implements SimpleVersionedSerializer<NoSplit> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(NoSplit split) {
            return new byte[0];
        }

        @Override
        public NoSplit deserialize(int version, byte[] serialized) {
            return new NoSplit();
        }
    }

    static final class BooleanSerializer implements SimpleVersionedSerializer<Boolean> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Boolean b) {
            return new byte[] {(byte) (Boolean.TRUE.equals(b) ? 1 : 0)};
        }

        @Override
        public Boolean deserialize(int version, byte[] serialized) throws IOException {
            if (serialized.length != 1) throw new IOException("bad enumerator state");
            return serialized[0] == 1;
        }
    }
}
