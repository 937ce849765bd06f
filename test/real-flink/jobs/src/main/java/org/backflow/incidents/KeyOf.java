package org.backflow.incidents;

import org.apache.flink.api.java.functions.KeySelector;

final class KeyOf implements KeySelector<Event, Integer> {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer getKey(Event e) {
        return e.key;
    }
}
