package io.rec4j.core.rec;

import io.rec4j.core.math.FastLog;
import io.rec4j.core.random.SharedRandomness;

/**
 * Encoder-private arrival times of a unit-rate Poisson process, {@code T_n = E_1 + ... + E_n} with
 * {@code E_i = −ln U_i ~ Exp(1)} ({@code docs/algorithms.md}, "Poisson arrivals and Gumbel noise"), and i.i.d. Gumbel
 * noise for minimal random coding. Decoders never need them; they are drawn from a key derived from the shared seed
 * only so that encodings are reproducible. Logarithms use {@link FastLog} (deterministic, a few ulp) and uniforms are
 * generated in blocks, as these loops run once per candidate. Not thread-safe; one instance per encoding.
 */
final class Arrivals {
    /** Derivation label of the arrival stream ("ARRIVALS"). */
    static final long LABEL = 0x415252495641_4C53L;
    static final int BLOCK = 256;

    private final SharedRandomness rng;
    private final double[] arrivalUniforms = new double[BLOCK];
    private final double[] gumbelUniforms = new double[BLOCK];
    private long arrivalIndex;
    private long gumbelIndex;
    private double time;

    Arrivals(SharedRandomness shared, long label) {
        this.rng = shared.derive(LABEL, label);
    }

    /** The next arrival time; uniforms come from stream 0 at indices 0, 1, 2, ... */
    double next() {
        int i = (int) (arrivalIndex % BLOCK);
        if (i == 0) {
            rng.fillUniform(0, arrivalIndex, arrivalUniforms, 0, BLOCK);
        }
        arrivalIndex++;
        time += -FastLog.log(arrivalUniforms[i]);
        return time;
    }

    /**
     * Writes {@code −ln T} of the next {@code len} arrival times to {@code out[0, len)}: exactly the values of
     * {@code len} calls {@code −FastLog.log(next())}, computed in loops whose logarithms do not wait on each other.
     */
    void nextNegLogArrivals(double[] out, int len) {
        int done = 0;
        while (done < len) {
            int i = (int) (arrivalIndex % BLOCK);
            if (i == 0) {
                rng.fillUniform(0, arrivalIndex, arrivalUniforms, 0, BLOCK);
            }
            int m = Math.min(len - done, BLOCK - i);
            for (int j = 0; j < m; j++) {
                out[done + j] = -FastLog.log(arrivalUniforms[i + j]);
            }
            double t = time;
            for (int j = 0; j < m; j++) {
                t += out[done + j];
                out[done + j] = t;
            }
            time = t;
            for (int j = 0; j < m; j++) {
                out[done + j] = -FastLog.log(out[done + j]);
            }
            arrivalIndex += m;
            done += m;
        }
    }

    /** The next {@code len} values of {@link #nextGumbel()} into {@code out[0, len)}. */
    void nextGumbels(double[] out, int len) {
        int done = 0;
        while (done < len) {
            int i = (int) (gumbelIndex % BLOCK);
            if (i == 0) {
                rng.fillUniform(1, gumbelIndex, gumbelUniforms, 0, BLOCK);
            }
            int m = Math.min(len - done, BLOCK - i);
            for (int j = 0; j < m; j++) {
                out[done + j] = -FastLog.log(-FastLog.log(gumbelUniforms[i + j]));
            }
            gumbelIndex += m;
            done += m;
        }
    }

    /**
     * The next standard Gumbel draw {@code −ln(−ln U)} (for minimal random coding), from stream 1, independent of
     * the arrival times on stream 0. PFR and ORC share stream 0, so ORC with N candidates selects exactly what PFR
     * selects whenever PFR's index is at most N.
     */
    double nextGumbel() {
        int i = (int) (gumbelIndex % BLOCK);
        if (i == 0) {
            rng.fillUniform(1, gumbelIndex, gumbelUniforms, 0, BLOCK);
        }
        gumbelIndex++;
        return -FastLog.log(-FastLog.log(gumbelUniforms[i]));
    }
}
