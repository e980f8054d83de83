package io.rec4j.core.rec;

import io.rec4j.core.random.NormalGenerator;
import io.rec4j.core.random.SharedRandomness;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A materialised block of shared standard-normal candidates, stored by dimension ("column-major") so that scoring
 * loops over candidates vectorise: {@code z[d * count + n] = shared.normal(d, n)} for {@code n < count} (by the
 * source's {@link NormalGenerator}; for {@link NormalGenerator#INVERSION} that is {@code Φ⁻¹(u(stream d, index n))}).
 * A Gaussian coding distribution's candidate is {@code μ_d + σ_d · z}, bit-identical to
 * {@link io.rec4j.core.rec.dist.ProductDistribution#candidate} at the same index, so a decoder that regenerates one
 * candidate on its own agrees with an encoder that scored the whole table.
 *
 * <p>Tables are cached per (key, generator, dimension, count) in a small LRU cache: blocks that share a seed (the COMBINER
 * layout) then pay for candidate generation once. With per-block derived seeds every block has its own table and
 * the cache only saves work on repeated encodings.
 */
final class CandidateTable {
    private static final int CACHE_ENTRIES = 4;
    /** Tables larger than this (values) are not retained, so the cache holds at most 4 × 128 MiB. */
    static final long CACHE_MAX_VALUES = 1L << 24;
    private static final Map<Key, double[]> CACHE = new LinkedHashMap<>(8, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, double[]> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };

    private record Key(long key, NormalGenerator generator, int dim, int count) {
    }

    private CandidateTable() {
    }

    /** The table for {@code count} candidates of dimension {@code dim} (shared, read-only: do not modify). */
    /** Tables with at least this many values are generated on the common fork-join pool. */
    static final long PARALLEL_MIN_VALUES = 1L << 18;

    static double[] standardNormals(SharedRandomness shared, int dim, int count) {
        Key k = new Key(shared.key(), shared.generator(), dim, count);
        synchronized (CACHE) {
            double[] t = CACHE.get(k);
            if (t != null) {
                return t;
            }
        }
        double[] t = new double[Math.multiplyExact(dim, count)];
        if ((long) dim * count >= PARALLEL_MIN_VALUES && dim > 1) {
            // Encoder only. Every slot's value depends on (key, d, n) alone, so filling columns on several threads
            // gives exactly the table a single thread would.
            java.util.List<java.util.concurrent.Callable<Void>> jobs = new java.util.ArrayList<>(dim);
            for (int d = 0; d < dim; d++) {
                int col = d;
                jobs.add(() -> {
                    shared.fillNormal(col, 0, t, col * count, count);
                    return null;
                });
            }
            for (java.util.concurrent.Future<Void> f : java.util.concurrent.ForkJoinPool.commonPool().invokeAll(jobs)) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while generating candidates", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        } else {
            for (int d = 0; d < dim; d++) {
                shared.fillNormal(d, 0, t, d * count, count);
            }
        }
        if (t.length <= CACHE_MAX_VALUES) {
            synchronized (CACHE) {
                CACHE.put(k, t);
            }
        }
        return t;
    }
}
