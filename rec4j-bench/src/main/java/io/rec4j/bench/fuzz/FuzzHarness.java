package io.rec4j.bench.fuzz;

import io.rec4j.bench.report.ProgressSink;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the cases of {@link FuzzTarget}s one at a time on a worker thread, each under a time bound: a case that does
 * not finish in time is recorded as a {@link Outcome#HANG} and the run goes on (the stuck worker is interrupted,
 * then stopped if it ignores the interrupt, and replaced). For every case it records the exit code, the first line
 * of the error output, the wall time and the bytes the worker thread allocated
 * ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}, where the JVM supports it). A {@link Throwable}
 * that escapes a case (an {@link OutOfMemoryError}, a {@link StackOverflowError}) is a {@link Outcome#CRASH}.
 *
 * <p>A case is <em>unexpected</em> if it hangs, crashes, ends with an exit code its case does not allow, or
 * allocates more than the memory bound. {@link FuzzReport} summarises a run.
 */
public final class FuzzHarness {
    /** How a case ended. */
    public enum Outcome {
        /** The case returned an exit code. */
        EXIT,
        /** The case did not finish within the time bound. */
        HANG,
        /** A throwable escaped the case. */
        CRASH
    }

    /**
     * What one case did.
     *
     * @param target     the target's name
     * @param stratum    the stratum's name
     * @param label      the case's label
     * @param outcome    how it ended
     * @param exitCode   its exit code ({@code -1} unless {@link Outcome#EXIT})
     * @param firstLine  the first line of its error output, or the escaped throwable, or "" for a hang
     * @param nanos      wall time (the time bound for a hang)
     * @param allocated  bytes allocated by the worker thread ({@code -1} if unknown)
     * @param expected   whether the outcome is one the case allows, within the memory bound
     */
    public record CaseRecord(String target, String stratum, String label, Outcome outcome, int exitCode,
                             String firstLine, long nanos, long allocated, boolean expected) {
        /** The outcome as one word: {@code exit0} … {@code exit3}, {@code hang} or {@code crash}. */
        public String outcomeName() {
            return outcome == Outcome.EXIT ? "exit" + exitCode : outcome.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * How to run.
     *
     * @param seed           picks the sampled cases
     * @param casesPerTarget cases per target, spread evenly over its strata; {@code <= 0} for all of them
     * @param stratumCap     with {@code casesPerTarget <= 0}: strata with more cases than this are sampled down to it
     *                       ({@code <= 0}: no cap)
     * @param timeoutMillis  the time bound of one case
     * @param maxAllocBytes  the memory bound: a case whose worker allocates more is unexpected ({@code <= 0}: none)
     */
    public record Settings(long seed, int casesPerTarget, int stratumCap, long timeoutMillis, long maxAllocBytes) {
    }

    /** Gives up on a stuck worker after this long past its interrupt. */
    private static final long GRACE_MILLIS = 500;

    private final Settings settings;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private ExecutorService worker;
    private final AtomicReference<Thread> workerThread = new AtomicReference<>();
    private int hung;

    public FuzzHarness(Settings settings) {
        if (settings.timeoutMillis() < 1) {
            throw new IllegalArgumentException("time bound must be positive, was " + settings.timeoutMillis());
        }
        this.settings = settings;
    }

    /** Runs the targets' cases in order and summarises them. */
    public FuzzReport run(List<FuzzTarget> targets, ProgressSink progress) {
        long t0 = System.nanoTime();
        List<CaseRecord> records = new ArrayList<>();
        List<FuzzReport.TargetSpace> spaces = new ArrayList<>();
        try {
            for (FuzzTarget t : targets) {
                List<FuzzTarget.Stratum> strata = t.strata();
                List<int[]> chosen = choose(t.name(), strata);
                long n = 0;
                for (int[] c : chosen) {
                    n += c.length;
                }
                spaces.add(new FuzzReport.TargetSpace(t.name(), t.caseCount()));
                Runnable step = progress.phase("fuzz " + t.name(), n);
                for (int s = 0; s < strata.size(); s++) {
                    FuzzTarget.Stratum st = strata.get(s);
                    for (int index : chosen.get(s)) {
                        records.add(runOne(t.name(), st, index));
                        step.run();
                    }
                }
            }
        } finally {
            if (worker != null) {
                worker.shutdownNow();
            }
        }
        return new FuzzReport(settings, spaces, records, System.nanoTime() - t0, FuzzReport.peakRssBytes());
    }

    /** The indices to run in each stratum (sorted). */
    List<int[]> choose(String target, List<FuzzTarget.Stratum> strata) {
        int s = strata.size();
        int[] take = new int[s];
        if (settings.casesPerTarget() <= 0) {
            for (int i = 0; i < s; i++) {
                int c = strata.get(i).count();
                take[i] = settings.stratumCap() > 0 ? Math.min(c, settings.stratumCap()) : c;
            }
        } else {
            // round robin: one more case from every stratum that has cases left, until the quota is reached
            int left = settings.casesPerTarget();
            boolean more = true;
            while (left > 0 && more) {
                more = false;
                for (int i = 0; i < s && left > 0; i++) {
                    if (take[i] < strata.get(i).count()) {
                        take[i]++;
                        left--;
                        more = true;
                    }
                }
            }
        }
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < s; i++) {
            FuzzTarget.Stratum st = strata.get(i);
            SplittableRandom rnd = new SplittableRandom(settings.seed() ^ (31L * target.hashCode() + st.name().hashCode()));
            out.add(sample(st.count(), take[i], rnd));
        }
        return out;
    }

    /** {@code k} distinct indices of {@code 0..n-1}, sorted (all of them if {@code k >= n}). */
    static int[] sample(int n, int k, SplittableRandom rnd) {
        if (k >= n) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        // Floyd's algorithm
        Set<Integer> set = new HashSet<>();
        for (int j = n - k; j < n; j++) {
            int r = rnd.nextInt(j + 1);
            set.add(set.contains(r) ? j : r);
        }
        return set.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private CaseRecord runOne(String target, FuzzTarget.Stratum st, int index) {
        FuzzCase c;
        try {
            c = st.caseAt(index);
        } catch (RuntimeException e) {
            return new CaseRecord(target, st.name(), st.name() + "#" + index, Outcome.CRASH, -1,
                    "case generation failed: " + e, 0, -1, false);
        }
        if (worker == null) {
            worker = Executors.newSingleThreadExecutor(r -> {
                Thread th = new Thread(r, "fuzz-worker");
                th.setDaemon(true);
                workerThread.set(th);
                return th;
            });
        }
        long[] alloc = {-1};
        long[] nanos = {0};
        CountDownLatch finished = new CountDownLatch(1);
        Future<FuzzCase.Result> f = worker.submit(() -> {
            long a0 = allocated();
            long n0 = System.nanoTime();
            try {
                return c.body().run();
            } finally {
                nanos[0] = System.nanoTime() - n0;
                long a1 = allocated();
                alloc[0] = a0 < 0 || a1 < 0 ? -1 : a1 - a0;
                finished.countDown();
            }
        });
        long bound = TimeUnit.MILLISECONDS.toNanos(settings.timeoutMillis());
        try {
            FuzzCase.Result r = f.get(settings.timeoutMillis(), TimeUnit.MILLISECONDS);
            finished.await();
            boolean ok = c.allowed().contains(r.exitCode()) && (!c.boundedWork() || withinMemory(alloc[0]));
            return new CaseRecord(target, st.name(), c.label(), Outcome.EXIT, r.exitCode(), oneLine(r.firstLine()),
                    nanos[0], alloc[0], ok);
        } catch (TimeoutException e) {
            abandon(f, finished);
            return new CaseRecord(target, st.name(), c.label(), Outcome.HANG, -1, "", bound, -1, false);
        } catch (ExecutionException e) {
            awaitQuietly(finished);
            Throwable cause = e.getCause();
            return new CaseRecord(target, st.name(), c.label(), Outcome.CRASH, -1, oneLine(String.valueOf(cause)),
                    nanos[0], alloc[0], false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("fuzz run interrupted", e);
        }
    }

    private boolean withinMemory(long allocated) {
        return settings.maxAllocBytes() <= 0 || allocated <= settings.maxAllocBytes();
    }

    /** Interrupts a case that ran out of time; if it does not end soon, stops its thread and starts a new worker. */
    @SuppressWarnings("removal")
    private void abandon(Future<?> f, CountDownLatch finished) {
        f.cancel(true);
        hung++;
        try {
            if (finished.await(GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Thread th = workerThread.get();
        worker.shutdownNow();
        worker = null;
        if (th != null && th.isAlive()) {
            // a stuck case would otherwise keep a core busy (and its memory alive) for the rest of the run
            try {
                Thread.class.getMethod("stop").invoke(th);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // Thread.stop is unsupported on this JVM: leave the daemon thread behind
            }
        }
    }

    private static void awaitQuietly(CountDownLatch l) {
        try {
            l.await(GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Number of cases that hung so far. */
    public int hungCases() {
        return hung;
    }

    private long allocated() {
        if (threads instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()
                && sun.isThreadAllocatedMemoryEnabled()) {
            return sun.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.strip();
    }
}
