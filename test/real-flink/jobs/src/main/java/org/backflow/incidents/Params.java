package org.backflow.incidents;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The job's arguments and the incident schedule derived from them. Every time is in seconds after {@link #t0}
 * (the moment main() ran, i.e. job submission, unless --t0 gives epoch milliseconds). The defaults here are
 * the ones test/real-flink/incidents.mjs documents; it always passes every argument explicitly.
 */
final class Params implements Serializable {
    private static final long serialVersionUID = 1L;

    enum Scenario { HEALTHY, SUSTAINED, TRANSIENT, SKEW, CHECKPOINT_ALIGNMENT, GC, RESTART, NETWORK }

    final Scenario scenario;
    final long t0;
    final double rate;
    final int sourceParallelism;
    final int parallelism;
    final int windowParallelism;
    final int sinkParallelism;
    final int keysPerSubtask;
    final int recordBytes;
    final double checkpointIntervalS;
    final double durationS;
    final double from;
    final double to;
    final double costMs;
    final double baseCostMs;
    final double windowCostMs;
    final double sinkBaseCostMs;
    final int bursts;
    final double burstEvery;
    final double burstLength;
    final double hotShare;
    final int hotSubtask;
    final long snapshotMs;
    final int slowSubtask;
    final int liveMb;
    final double gcEvery;
    final int gcBurst;
    final int gcSubtask;
    final double failAt;
    final int failSubtask;
    final int restartAttempts;
    final double restartDelay;

    /** keys[s] are keys that Flink's key-group assignment sends to Window subtask s (filled by IncidentJob). */
    int[][] keys;
    int hotKey;

    private static final Set<String> KNOWN = Set.of(
            "scenario", "t0", "rate", "source-parallelism", "parallelism", "window-parallelism", "sink-parallelism",
            "keys-per-subtask", "record-bytes", "checkpoint-interval", "duration", "from", "to", "cost-ms",
            "base-cost-ms", "window-cost-ms", "sink-cost-ms", "bursts", "burst-every", "burst-length", "hot-share",
            "hot-subtask", "snapshot-ms", "slow-subtask", "live-mb", "gc-every", "gc-burst", "gc-subtask", "fail-at",
            "fail-subtask", "restart-attempts", "restart-delay");

    private Params(Map<String, String> a) {
        String name = a.get("scenario");
        if (name == null) throw new IllegalArgumentException("--scenario is required: " + scenarioNames());
        Scenario s;
        try {
            s = Scenario.valueOf(name.toUpperCase().replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown --scenario " + name + ": " + scenarioNames());
        }
        scenario = s;
        t0 = a.containsKey("t0") ? Long.parseLong(a.get("t0")) : System.currentTimeMillis();
        rate = num(a, "rate", 400);
        sourceParallelism = (int) num(a, "source-parallelism", 2);
        parallelism = (int) num(a, "parallelism", 2);
        windowParallelism = (int) num(a, "window-parallelism", s == Scenario.SKEW ? 4 : parallelism);
        sinkParallelism = (int) num(a, "sink-parallelism", 2);
        keysPerSubtask = (int) num(a, "keys-per-subtask", 8);
        recordBytes = (int) num(a, "record-bytes", 500);
        checkpointIntervalS = num(a, "checkpoint-interval", 10);
        durationS = num(a, "duration", 0);
        from = num(a, "from", 30);
        to = num(a, "to", 120);
        costMs = num(a, "cost-ms", 10);
        baseCostMs = num(a, "base-cost-ms", 0.5);
        windowCostMs = num(a, "window-cost-ms", s == Scenario.SKEW ? 4 : 0.2);
        sinkBaseCostMs = num(a, "sink-cost-ms", 0.2);
        bursts = (int) num(a, "bursts", 4);
        burstEvery = num(a, "burst-every", 30);
        burstLength = num(a, "burst-length", 5);
        hotShare = num(a, "hot-share", 0.8);
        hotSubtask = (int) num(a, "hot-subtask", 0);
        snapshotMs = (long) num(a, "snapshot-ms", 4000);
        slowSubtask = (int) num(a, "slow-subtask", 0);
        liveMb = (int) num(a, "live-mb", 300);
        gcEvery = num(a, "gc-every", 10);
        gcBurst = (int) num(a, "gc-burst", 5);
        gcSubtask = (int) num(a, "gc-subtask", 0);
        failAt = num(a, "fail-at", 40);
        failSubtask = (int) num(a, "fail-subtask", 0);
        restartAttempts = (int) num(a, "restart-attempts", 3);
        restartDelay = num(a, "restart-delay", 5);
        if (rate <= 0) throw new IllegalArgumentException("--rate must be positive");
        if (hotSubtask >= windowParallelism) throw new IllegalArgumentException("--hot-subtask must be below --window-parallelism");
        if (slowSubtask >= windowParallelism) throw new IllegalArgumentException("--slow-subtask must be below --window-parallelism");
        if (gcSubtask >= parallelism || failSubtask >= parallelism) throw new IllegalArgumentException("--gc-subtask/--fail-subtask must be below --parallelism");
    }

    static Params parse(String[] args) {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String k = args[i];
            if (!k.startsWith("--")) throw new IllegalArgumentException("unexpected argument " + k);
            String name = k.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else {
                if (i + 1 >= args.length) throw new IllegalArgumentException(k + " needs a value");
                value = args[++i];
            }
            if (!KNOWN.contains(name)) throw new IllegalArgumentException("unknown option --" + name);
            a.put(name, value);
        }
        return new Params(a);
    }

    private static double num(Map<String, String> a, String k, double dflt) {
        String v = a.get(k);
        if (v == null) return dflt;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + k + " takes a number, got " + v);
        }
    }

    private static String scenarioNames() {
        StringBuilder b = new StringBuilder();
        for (Scenario s : Scenario.values()) b.append(b.length() == 0 ? "" : ", ").append(s.name().toLowerCase().replace('_', '-'));
        return b.toString();
    }

    /** Every effective value, published as the job's global parameters (REST: /jobs/:id/config). */
    Map<String, String> effective() {
        Map<String, String> m = new java.util.TreeMap<>();
        m.put("scenario", name());
        m.put("t0", String.valueOf(t0));
        m.put("rate", fmt(rate));
        m.put("source-parallelism", String.valueOf(sourceParallelism));
        m.put("parallelism", String.valueOf(parallelism));
        m.put("window-parallelism", String.valueOf(windowParallelism));
        m.put("sink-parallelism", String.valueOf(sinkParallelism));
        m.put("keys-per-subtask", String.valueOf(keysPerSubtask));
        m.put("record-bytes", String.valueOf(recordBytes));
        m.put("checkpoint-interval", fmt(checkpointIntervalS));
        m.put("duration", fmt(durationS));
        m.put("from", fmt(from));
        m.put("to", fmt(to));
        m.put("cost-ms", fmt(costMs));
        m.put("base-cost-ms", fmt(baseCostMs));
        m.put("window-cost-ms", fmt(windowCostMs));
        m.put("sink-cost-ms", fmt(sinkBaseCostMs));
        m.put("bursts", String.valueOf(bursts));
        m.put("burst-every", fmt(burstEvery));
        m.put("burst-length", fmt(burstLength));
        m.put("hot-share", fmt(hotShare));
        m.put("hot-subtask", String.valueOf(hotSubtask));
        m.put("hot-key", String.valueOf(hotKey));
        m.put("snapshot-ms", String.valueOf(snapshotMs));
        m.put("slow-subtask", String.valueOf(slowSubtask));
        m.put("live-mb", String.valueOf(liveMb));
        m.put("gc-every", fmt(gcEvery));
        m.put("gc-burst", String.valueOf(gcBurst));
        m.put("gc-subtask", String.valueOf(gcSubtask));
        m.put("fail-at", fmt(failAt));
        m.put("fail-subtask", String.valueOf(failSubtask));
        m.put("restart-attempts", String.valueOf(restartAttempts));
        m.put("restart-delay", fmt(restartDelay));
        return m;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    String name() {
        return scenario.name().toLowerCase().replace('_', '-');
    }

    /** Seconds since t0. */
    double at(long nowMs) {
        return (nowMs - t0) / 1000.0;
    }

    boolean inWindow(long nowMs) {
        double t = at(nowMs);
        return t >= from && t < to;
    }

    /** transient: bursts of burstLength seconds, the first at `from`, one every burstEvery seconds. */
    boolean inBurst(long nowMs) {
        double t = at(nowMs) - from;
        if (t < 0) return false;
        int n = (int) Math.floor(t / burstEvery);
        return n < bursts && t - n * burstEvery < burstLength;
    }

    double enrichCostMs(long nowMs) {
        boolean slow = (scenario == Scenario.SUSTAINED && inWindow(nowMs)) || (scenario == Scenario.TRANSIENT && inBurst(nowMs));
        return slow ? costMs : baseCostMs;
    }

    double sinkCostMs(long nowMs) {
        return scenario == Scenario.NETWORK && inWindow(nowMs) ? costMs : sinkBaseCostMs;
    }

    boolean skewed(long nowMs) {
        return scenario == Scenario.SKEW && inWindow(nowMs);
    }

    boolean slowSnapshot(long nowMs, int subtask) {
        return scenario == Scenario.CHECKPOINT_ALIGNMENT && subtask == slowSubtask && inWindow(nowMs);
    }
}
