package org.backflow.incidents;

/**
 * Per-record cost as sleep. Flink counts time spent in user code as busy whether the thread computes or
 * sleeps, so a sleep makes an operator as slow as real work would without eating the test machine's cores.
 * Fractions of a millisecond accumulate until a whole one is due; oversleep is paid back.
 */
final class Cost {
    private double debtMs;

    void charge(double ms) throws InterruptedException {
        if (ms <= 0) return;
        debtMs += ms;
        if (debtMs >= 1) {
            long start = System.nanoTime();
            Thread.sleep((long) debtMs);
            debtMs -= (System.nanoTime() - start) / 1e6;
        }
    }
}
