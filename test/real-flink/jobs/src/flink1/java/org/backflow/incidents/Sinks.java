package org.backflow.incidents;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;

/** Flink 1.x: a SinkFunction (the Sink v2 API only arrived in 1.15, and the jar also serves 1.14). */
final class Sinks {
    private Sinks() {}

    static void attach(DataStream<Event> in, Params p, String name) {
        in.addSink(new SlowSink(p)).name(name).uid("sink").setParallelism(p.sinkParallelism);
    }

    static final class SlowSink extends RichSinkFunction<Event> {
        private static final long serialVersionUID = 1L;
        private final Params params;
        private transient SinkLogic logic;

        SlowSink(Params params) {
            this.params = params;
        }

        @Override
        public void open(Configuration parameters) {
            logic = new SinkLogic(params);
        }

        @Override
        public void invoke(Event e, Context context) throws Exception {
            logic.write(e);
        }
    }
}
