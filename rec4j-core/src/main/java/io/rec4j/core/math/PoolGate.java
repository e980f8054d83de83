package io.rec4j.core.math;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Runs a loop of independent iterations on the common fork-join pool when no other such loop is running there, and
 * on the calling thread otherwise. The encoders' candidate loops split a block's work into chunks whose results do not
 * depend on which thread runs them; when many callers do this at once (RECOMBINER codes every patch of a batch in its
 * own thread, COMBINER one image per core), their threads all scanning the one pool for work to help with cost more
 * than the work (measured: 70 % of an audio encoder's samples in {@code ForkJoinPool.helpComplete}). One loop at a time
 * on the pool keeps the cores busy without that. The results are the same either way.
 */
public final class PoolGate {
    private static final AtomicBoolean BUSY = new AtomicBoolean();

    private PoolGate() {
    }

    /** Runs {@code body} for every {@code i} in {@code [0, n)}: on the pool if it is free, else here. */
    public static void forEach(int n, IntConsumer body) {
        if (n > 1 && BUSY.compareAndSet(false, true)) {
            try {
                IntStream.range(0, n).parallel().forEach(body);
            } finally {
                BUSY.set(false);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            body.accept(i);
        }
    }
}
