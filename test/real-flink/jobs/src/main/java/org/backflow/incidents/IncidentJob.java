package org.backflow.incidents;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Backflow's incident jobs: Source: Events -> Enrich -> (keyBy) Window -> Sink, one vertex each (chaining
 * off), with a real backpressure incident chosen by --scenario and timed by arguments in seconds after
 * submission. test/real-flink/incidents.mjs holds each scenario's arguments and designed ground truth.
 */
public final class IncidentJob {
    static final int MAX_PARALLELISM = 128;

    private IncidentJob() {}

    public static void main(String[] args) throws Exception {
        Params p = Params.parse(args);
        assignKeys(p);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // Config keys rather than the RestartStrategies API, which 2.x removed; "restart-strategy.type" is the
        // key from 1.17 on (main() runs in the JobManager, so this is the cluster's version).
        Configuration conf = new Configuration();
        conf.setString(atLeast(EnvironmentInformation.getVersion(), 1, 17) ? "restart-strategy.type" : "restart-strategy", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", String.valueOf(p.restartAttempts));
        conf.setString("restart-strategy.fixed-delay.delay", Math.round(p.restartDelay * 1000) + " ms");
        env.configure(conf, IncidentJob.class.getClassLoader());
        env.setMaxParallelism(MAX_PARALLELISM);
        env.getConfig().setGlobalJobParameters(new JobParameters(p.effective()));
        // One vertex per operator, so each has its own busy/backpressure metrics and a readable name.
        env.disableOperatorChaining();
        if (p.checkpointIntervalS > 0) {
            env.enableCheckpointing(Math.round(p.checkpointIntervalS * 1000));
            env.getCheckpointConfig().enableUnalignedCheckpoints(false);
            env.getCheckpointConfig().setCheckpointTimeout(120_000);
        }

        TypeInformation<Event> type = TypeInformation.of(Event.class);
        DataStream<Event> events = env.fromSource(new PacedSource(p), WatermarkStrategy.noWatermarks(), "Events", type)
                .setParallelism(p.sourceParallelism)
                .uid("source");
        DataStream<Event> enriched = events.rebalance()
                .map(new Enrich(p)).returns(type).name("Enrich").uid("enrich").setParallelism(p.parallelism);
        DataStream<Event> windowed = enriched.keyBy(new KeyOf())
                .process(new Window(p)).returns(type).name("Window").uid("window").setParallelism(p.windowParallelism);
        // Rebalance, not forward: each Sink subtask reads every Window subtask, so barriers must be aligned.
        Sinks.attach(windowed.rebalance(), p, "Sink");

        env.execute("incident-" + p.name());
    }

    static boolean atLeast(String version, int major, int minor) {
        String[] parts = version.split("\\.");
        try {
            int a = Integer.parseInt(parts[0]);
            int b = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return a > major || (a == major && b >= minor);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** Shown by the REST API under /jobs/:id/config, execution-config.user-config: t0 and every effective argument. */
    static final class JobParameters extends ExecutionConfig.GlobalJobParameters {
        private static final long serialVersionUID = 1L;
        private final Map<String, String> values;

        JobParameters(Map<String, String> values) {
            this.values = values;
        }

        @Override
        public Map<String, String> toMap() {
            return values;
        }
    }

    /**
     * Picks keys by Flink's own key-group assignment, so every Window subtask gets the same share and the
     * skew scenario's hot key lands on --hot-subtask.
     */
    static void assignKeys(Params p) {
        List<List<Integer>> bySubtask = new ArrayList<>();
        for (int s = 0; s < p.windowParallelism; s++) bySubtask.add(new ArrayList<>());
        int filled = 0;
        for (int key = 0; filled < p.windowParallelism; key++) {
            int s = KeyGroupRangeAssignment.assignKeyToParallelOperator(key, MAX_PARALLELISM, p.windowParallelism);
            List<Integer> ks = bySubtask.get(s);
            if (ks.size() < p.keysPerSubtask) {
                ks.add(key);
                if (ks.size() == p.keysPerSubtask) filled++;
            }
        }
        p.keys = new int[p.windowParallelism][];
        for (int s = 0; s < p.windowParallelism; s++) p.keys[s] = bySubtask.get(s).stream().mapToInt(Integer::intValue).toArray();
        p.hotKey = p.keys[p.hotSubtask][0];
    }
}
