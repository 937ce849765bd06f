package org.backflow.incidents;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;

/** Flink 1.x: open(Configuration) and getIndexOfThisSubtask(). */
abstract class CompatKeyedProcess<K, I, O> extends KeyedProcessFunction<K, I, O> {
    private static final long serialVersionUID = 1L;

    @Override
    public final void open(Configuration parameters) throws Exception {
        setup();
    }

    protected void setup() throws Exception {}

    protected final int subtask() {
        return getRuntimeContext().getIndexOfThisSubtask();
    }
}
