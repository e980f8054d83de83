package io.rec4j.nn.fused;

import java.util.concurrent.locks.LockSupport;

/**
 * One extra worker thread of a {@link FusedInrPosterior} pass with a low-latency hand-off: the thread spins for a
 * short while after each task (a training loop posts the next one within a fraction of a millisecond) and parks
 * when none comes; the caller spins, then yields, while it waits for completion. An executor's park/unpark on every
 * pass cost a measurable share of a 5 ms step.
 */
final class HelperThread {
    /** How long an idle helper spins before it parks. */
    private static final long IDLE_SPIN_NANOS = 2_000_000L;
    /** How long the caller spins for completion before it yields between checks. */
    private static final long WAIT_SPIN_NANOS = 200_000L;

    private final Thread thread;
    private volatile Runnable task;
    private volatile long posted;
    private volatile long finished;
    private volatile Throwable failure;
    private volatile boolean closed;

    HelperThread(String name) {
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts {@code r} on this thread; the previous task must have been {@linkplain #await awaited}. */
    void post(Runnable r) {
        failure = null;
        task = r;
        posted = posted + 1; // single writer: the owner's thread
        LockSupport.unpark(thread);
    }

    /** Waits for the posted task; returns its failure or null. */
    Throwable await() {
        long target = posted;
        long start = System.nanoTime();
        while (finished != target) {
            if (System.nanoTime() - start < WAIT_SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        return failure;
    }

    void close() {
        closed = true;
        LockSupport.unpark(thread);
    }

    private void loop() {
        long seen = 0;
        while (true) {
            long idleSince = System.nanoTime();
            while (posted == seen) {
                if (closed) {
                    return;
                }
                if (System.nanoTime() - idleSince < IDLE_SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = posted;
            try {
                task.run();
            } catch (Throwable t) {
                failure = t;
            }
            finished = seen;
        }
    }
}
