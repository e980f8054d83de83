package io.rec4j.core.rec;

import io.rec4j.core.math.PoolGate;
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
 * <p>Tables are cached per (key, generator, dimension, count) in a small LRU cache, and only for keys that come back:
 * the first request for a key is answered with {@code null} (the caller then streams the candidates through its
 * scoring loop, {@link OrderedRandomCoding}'s fused path, without a table); a second request for the same key builds
 * and caches the table. With per-block derived seeds (COMBINER) every block has its own key, so no table is built;
 * blocks that share a seed pay for generation at most twice.
 */
final class CandidateTable {
    private static final int CACHE_ENTRIES = 4;
    /** Keys remembered as requested once. */
    private static final int SEEN_ENTRIES = 64;
    /** Tables larger than this (values) are not retained, so the cache holds at most 4 × 128 MiB. */
    static final long CACHE_MAX_VALUES = 1L << 24;
    /** Tables with at least this many values are generated on the common fork-join pool. */
    static final long PARALLEL_MIN_VALUES = 1L << 18;

    private static final Map<Key, double[]> CACHE = lru(CACHE_ENTRIES);
    private static final Map<Key, Boolean> SEEN = lru(SEEN_ENTRIES);

    private record Key(long key, NormalGenerator generator, int dim, int count) {
    }

    private CandidateTable() {
    }

    private static <V> Map<Key, V> lru(int entries) {
        return new LinkedHashMap<>(2 * entries, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, V> eldest) {
                return size() > entries;
            }
        };
    }

    /**
     * The cached table for {@code count} candidates of dimension {@code dim} (shared, read-only: do not modify), or
     * {@code null} the first time a key is asked for (or when the table would be too large to cache), in which case
     * the caller generates the candidates itself.
     */
    static double[] cachedOrNull(SharedRandomness shared, int dim, int count) {
        Key k = new Key(shared.key(), shared.generator(), dim, count);
        synchronized (CACHE) {
            double[] t = CACHE.get(k);
            if (t != null) {
                return t;
            }
            if ((long) dim * count > CACHE_MAX_VALUES || SEEN.put(k, Boolean.TRUE) == null) {
                return null;
            }
        }
        double[] t = standardNormals(shared, dim, count);
        synchronized (CACHE) {
            CACHE.put(k, t);
        }
        return t;
    }

    /** A new table for {@code count} candidates of dimension {@code dim}, not cached. */
    static double[] standardNormals(SharedRandomness shared, int dim, int count) {
        double[] t = new double[Math.multiplyExact(dim, count)];
        if ((long) dim * count >= PARALLEL_MIN_VALUES && dim > 1) {
            // Encoder only. Every slot's value depends on (key, d, n) alone, so filling columns on several threads
            // gives exactly the table a single thread would.
            PoolGate.forEach(dim, d -> shared.fillNormal(d, 0, t, d * count, count));
        } else {
            for (int d = 0; d < dim; d++) {
                shared.fillNormal(d, 0, t, d * count, count);
            }
        }
        return t;
    }
}
