package org.backflow.incidents;

/** One record. A Flink POJO (public fields, no-arg constructor), so it travels with Flink's PojoSerializer. */
public class Event {
    /** Unique per job run: emitted index times source parallelism plus source subtask. */
    public long seq;
    public int key;
    public long createdMs;
    /** Set by Window: how many records this key has seen. */
    public long count;
    /** Filler so records fill network buffers like real ones (--record-bytes). */
    public String payload;

    public Event() {}

    public Event(long seq, int key, long createdMs, String payload) {
        this.seq = seq;
        this.key = key;
        this.createdMs = createdMs;
        this.payload = payload;
    }
}
