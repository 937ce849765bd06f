package org.backflow.incidents;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mid-pipeline operator. Its per-record cost is the sustained and transient incidents; one of its
 * subtasks holds the gc incident's live set and runs its collections, and one throws the restart incident's
 * failure.
 */
final class Enrich extends CompatMap<Event, Event> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(Enrich.class);

    private final Params params;
    private transient Cost cost;
    private transient int subtask;
    private transient List<long[][]> liveSet;
    private transient double nextGcAt;

    Enrich(Params params) {
        this.params = params;
    }

    @Override
    protected void setup() {
        cost = new Cost();
        subtask = subtask();
        nextGcAt = params.from;
    }

    @Override
    public Event map(Event e) throws Exception {
        long now = System.currentTimeMillis();
        cost.charge(params.enrichCostMs(now));
        if (params.scenario == Params.Scenario.GC && subtask == params.gcSubtask) gc(now);
        if (params.scenario == Params.Scenario.RESTART && subtask == params.failSubtask && attempt() == 0 && params.at(now) >= params.failAt) {
            throw new IllegalStateException("backflow incident: injected failure at " + params.failAt + " s (restart scenario)");
        }
        return e;
    }

    /**
     * Full collections on a populated heap. G1 collects a few hundred MB of small objects in well under a
     * second on two cores, so each round runs gcBurst collections back to back: a GC storm of a few seconds in
     * which the whole TaskManager stands still, as when an almost full old generation thrashes.
     */
    private void gc(long now) {
        double t = params.at(now);
        if (t >= params.to) {
            if (liveSet != null) {
                LOG.info("gc incident: releasing the live set at {} s", t);
                liveSet = null;
            }
            return;
        }
        if (t < nextGcAt) return;
        if (liveSet == null) {
            long t0 = System.nanoTime();
            // Many small arrays, so marking has millions of objects to trace.
            liveSet = new ArrayList<>();
            int chunks = params.liveMb * 16; // 64 KiB of longs per chunk
            for (int c = 0; c < chunks; c++) {
                long[][] chunk = new long[1024][];
                for (int i = 0; i < chunk.length; i++) chunk[i] = new long[6];
                liveSet.add(chunk);
            }
            LOG.info("gc incident: live set of about {} MB built in {} ms", params.liveMb, (System.nanoTime() - t0) / 1_000_000);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < params.gcBurst; i++) System.gc();
        LOG.info("gc incident: {} full collections at {} s took {} ms", params.gcBurst, t, (System.nanoTime() - t0) / 1_000_000);
        // Rounds on the grid from, from + gcEvery, … (what incidents.mjs designs), whatever `from` is.
        nextGcAt = params.from + (Math.floor((t - params.from) / params.gcEvery) + 1) * params.gcEvery;
    }
}
