package org.backflow.incidents;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed running count per key (one output per input). Its per-record cost on the hot key's subtask is the
 * skew incident; its slow synchronous snapshot on one subtask is the checkpoint-alignment incident.
 */
final class Window extends CompatKeyedProcess<Integer, Event, Event> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final Params params;
    private transient Cost cost;
    private transient ValueState<Long> count;
    private transient int subtask;

    Window(Params params) {
        this.params = params;
    }

    @Override
    protected void setup() {
        cost = new Cost();
        subtask = subtask();
        count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<Event> out) throws Exception {
        cost.charge(params.windowCostMs);
        Long c = count.value();
        long n = c == null ? 1 : c + 1;
        count.update(n);
        e.count = n;
        out.collect(e);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        // Runs in the task thread (synchronous part of the checkpoint): while it sleeps this subtask takes no
        // input, and downstream Sink subtasks that already have the barrier from the other Window subtasks
        // hold those channels (aligned checkpoint) until this one's barrier arrives.
        if (params.slowSnapshot(System.currentTimeMillis(), subtask)) Thread.sleep(params.snapshotMs);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {}
}
