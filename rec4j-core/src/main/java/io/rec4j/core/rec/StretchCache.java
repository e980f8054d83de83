package io.rec4j.core.rec;

import io.rec4j.core.rec.dist.DensityRatio1D;
import io.rec4j.core.rec.dist.Distribution1D;
import io.rec4j.core.rec.dist.RecProblem;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link StretchFunction} tables of one GPRS encoder, per (target, coding) marginal pair: building one costs far
 * more than an encoding, and codecs repeat pairs. Flushed when it holds {@value #LIMIT} tables. Thread-safe.
 */
final class StretchCache {
    /** Largest number of cached tables before the cache is flushed. */
    static final int LIMIT = 256;

    private final Map<List<Distribution1D>, StretchFunction> tables = new ConcurrentHashMap<>();

    /** The table of {@code ratio} (D∞ must be finite and positive). */
    StretchFunction of(DensityRatio1D ratio) {
        List<Distribution1D> key = List.of(ratio.target(), ratio.coding());
        StretchFunction s = tables.get(key);
        if (s == null) {
            s = StretchFunction.of(ratio);
            if (tables.size() >= LIMIT) {
                tables.clear();
            }
            tables.put(key, s);
        }
        return s;
    }

    /**
     * Refuses a problem that a GPRS variant cannot simulate exactly: an unbounded ratio in any dimension, or, if
     * {@code unimodal}, a ratio not certified unimodal ({@link UnsupportedPairException} naming the global variant).
     *
     * @param variant the variant's name in messages, e.g. {@code split-on-sample}
     */
    static void checkPairs(RecProblem problem, boolean unimodal, String variant) {
        for (int d = 0; d < problem.dimension(); d++) {
            DensityRatio1D r = problem.ratio(d);
            if (!(r.maxLogRatioNats() < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("D∞[Q‖P] is infinite in dimension " + d + " (the target is wider "
                        + "than the coding distribution in some tail): exact GPRS would not terminate; use ordered "
                        + "random coding (orc) or the budgeted sampler (budgeted) instead");
            }
            if (unimodal && r.maxLogRatioNats() > 0 && !r.isUnimodal()) {
                throw new UnsupportedPairException(GreedyPoissonRejectionSampling.notUnimodal(d, r)
                        .replace("split-on-sample", variant), "gprs --gprs-variant global");
            }
        }
    }
}
