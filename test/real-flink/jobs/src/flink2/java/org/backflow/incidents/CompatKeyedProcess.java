package org.backflow.incidents;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;

/** Flink 2.x: open(OpenContext) and getTaskInfo(). */
abstract class CompatKeyedProcess<K, I, O> extends KeyedProcessFunction<K, I, O> {
    private static final long serialVersionUID = 1L;

    @Override
    public final void open(OpenContext context) throws Exception {
        setup();
    }

    protected void setup() throws Exception {}

    protected final int subtask() {
        return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    }
}
