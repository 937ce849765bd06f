package org.backflow.incidents;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Flink 2.x: Sink v2 (DataStream#addSink and SinkFunction are gone). Its vertex is named "<name>: Writer". */
final class Sinks {
    private Sinks() {}

    static void attach(DataStream<Event> in, Params p, String name) {
        in.sinkTo(new SlowSink(p)).name(name).uid("sink").setParallelism(p.sinkParallelism);
    }

    static final class SlowSink implements Sink<Event> {
        private static final long serialVersionUID = 1L;
        private final Params params;

        SlowSink(Params params) {
            this.params = params;
        }

        @Override
        public SinkWriter<Event> createWriter(WriterInitContext context) {
            SinkLogic logic = new SinkLogic(params);
            return new SinkWriter<>() {
                @Override
                public void write(Event e, Context ctx) throws InterruptedException {
                    logic.write(e);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
