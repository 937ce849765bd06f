package org.backflow.incidents;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;

/** Flink 1.x: open(Configuration) and the RuntimeContext accessors that 2.x replaced by getTaskInfo(). */
abstract class CompatMap<I, O> extends RichMapFunction<I, O> {
    private static final long serialVersionUID = 1L;

    @Override
    public final void open(Configuration parameters) throws Exception {
        setup();
    }

    protected void setup() throws Exception {}

    protected final int subtask() {
        return getRuntimeContext().getIndexOfThisSubtask();
    }

    protected final int attempt() {
        return getRuntimeContext().getAttemptNumber();
    }
}
