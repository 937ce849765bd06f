package org.backflow.incidents;

/** What the Sink does per record, shared by both API families' sink classes: the network incident's slow writes. */
final class SinkLogic {
    private final Params params;
    private final Cost cost = new Cost();

    SinkLogic(Params params) {
        this.params = params;
    }

    void write(Event e) throws InterruptedException {
        // A blocking write to a slow external system: the sink accepts the next record only after this one.
        cost.charge(params.sinkCostMs(System.currentTimeMillis()));
    }
}
