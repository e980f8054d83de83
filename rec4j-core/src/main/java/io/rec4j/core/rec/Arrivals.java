package io.rec4j.core.rec;

import io.rec4j.core.math.FastLog;
import io.rec4j.core.random.SharedRandomness;

/**
 * Encoder-private arrival times of a unit-rate Poisson process, {@code T_n = E_1 + ... + E_n} with
 * {@code E_i ~ Exp(1)} (spec §1.3). Decoders never need them; they are drawn from a key derived from the shared
 * seed only so that encodings are reproducible. Logarithms use {@link FastLog} (deterministic, a few ulp), as
 * these loops run once per candidate.
 */
final class Arrivals {
    /** Derivation label of the arrival stream ("ARRIVALS"). */
    static final long LABEL = 0x415252495641_4C53L;

    private final SharedRandomness rng;
    private long next;
    private double time;

    Arrivals(SharedRandomness shared, long label) {
        this.rng = shared.derive(LABEL, label);
    }

    /** The next arrival time. */
    double next() {
        time += -FastLog.log(rng.uniform(0, next++));
        return time;
    }

    /**
     * An independent standard Gumbel draw (for minimal random coding), from stream 1, independent of the arrival
     * times on stream 0. PFR and ORC share stream 0, so ORC with N candidates selects exactly what PFR selects
     * whenever PFR's index is at most N.
     */
    double gumbel(long index) {
        return -FastLog.log(-FastLog.log(rng.uniform(1, index)));
    }
}
