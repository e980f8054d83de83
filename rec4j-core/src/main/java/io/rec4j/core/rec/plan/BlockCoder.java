package io.rec4j.core.rec.plan;

import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.ChannelSimulator;
import io.rec4j.core.rec.Codeword;
import io.rec4j.core.rec.Encoding;
import io.rec4j.core.rec.OrderedRandomCoding;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Codes a diagonal Gaussian posterior block by block along a {@link BlockPlan}, as MIRACLE (Havasi et al., ICLR 2019,
 * arXiv 1810.00440), COMBINER (Guo et al., NeurIPS 2023, arXiv 2305.19185) and RECOMBINER (He et al., ICLR 2024,
 * arXiv 2309.17182) code network weights ({@code docs/algorithms.md}, "Block planning"): each block {@code b} is
 * one channel simulation of {@code Q_b} against {@code P_b} (the restrictions of posterior and prior to the block's
 * dimensions, in block order) under its own key {@code shared.derive(b)}, so no two blocks share candidates or Poisson
 * arrivals.
 *
 * <h2>Coding order and the bitstream</h2>
 * By default blocks are coded in {@linkplain CodingOrder#DESCENDING_KL descending current KL} (RECOMBINER), and a
 * {@link BlockListener} may change the targets of uncoded blocks after each one (progressive fine-tuning). Given P,
 * every block decodes independently of the others, so the order is encoder-only information: the encoder keeps
 * the codewords and writes them <b>in plan order</b> once all blocks are coded, and the decoder reads them in plan
 * order without ever learning the coding order (as RECOMBINER stores indices per block). Layout, for
 * {@code b = 0, ..., B−1}:
 * <pre>
 *   [flag_b: 1 bit, only if the block's primary simulator is exact; 1 = coded with the fallback]
 *   [codeword_b: written by the simulator that coded it]
 * </pre>
 * Nothing else is written (no header, no block count: the plan is shared), so the message costs exactly
 * {@code Σ_b codewordBits_b + #{b : primary_b exact}} bits. Encoding writes nothing if it fails part way.
 *
 * <h2>Fallback for unbounded density ratios</h2>
 * An exact global-bound method (PFR, A*, GPRS) needs D∞[Q_b‖P_b] &lt; ∞, which fails as soon as one dimension has
 * {@code σ_q > σ_p}, or {@code σ_q = σ_p} with {@code μ_q ≠ μ_p} ({@code docs/algorithms.md},
 * "Notation and closed forms"). Such a block (or, optionally, one whose D∞ exceeds
 * {@link #maxLogRatioBitsForPrimary()}, where the exact search would take about {@code 2^D∞} candidates) is coded with
 * the fixed-budget fallback instead (ORC with κ = {@value #DEFAULT_FALLBACK_BUDGET_BITS} bits by default), and its flag
 * tells the decoder. Blocks whose primary simulator is approximate never fall back and carry no flag.
 *
 * <p>Simulators come from a per-block factory so that, for example, a PFR block can tune its Zipf code to the
 * block's expected KL; the factory must depend only on what the decoder knows (plan, training statistics).
 * Instances are immutable; configure them with the {@code with...} methods.
 */
public final class BlockCoder {
    /** Default fallback budget κ: COMBINER's 16 bits per block. */
    public static final int DEFAULT_FALLBACK_BUDGET_BITS = 16;

    private final BlockPlan plan;
    private final ChannelSimulator[] primary;
    private final ChannelSimulator fallback;
    private final CodingOrder order;
    private final double maxLogRatioBitsForPrimary;

    private BlockCoder(BlockPlan plan, ChannelSimulator[] primary, ChannelSimulator fallback, CodingOrder order,
                       double maxLogRatioBitsForPrimary) {
        this.plan = plan;
        this.primary = primary;
        this.fallback = fallback;
        this.order = order;
        this.maxLogRatioBitsForPrimary = maxLogRatioBitsForPrimary;
    }

    /** Every block coded with {@code simulator}; fallback ORC(16), descending-KL order. */
    public static BlockCoder of(BlockPlan plan, ChannelSimulator simulator) {
        Objects.requireNonNull(simulator, "simulator");
        return of(plan, b -> simulator);
    }

    /**
     * Block {@code b} coded with {@code simulators.apply(b)} (called once per block, here); fallback ORC(16),
     * descending-KL order.
     */
    public static BlockCoder of(BlockPlan plan, IntFunction<? extends ChannelSimulator> simulators) {
        ChannelSimulator[] sims = new ChannelSimulator[plan.blockCount()];
        for (int b = 0; b < sims.length; b++) {
            sims[b] = Objects.requireNonNull(simulators.apply(b), "simulator factory returned null for block " + b);
        }
        return new BlockCoder(plan, sims, OrderedRandomCoding.orc(DEFAULT_FALLBACK_BUDGET_BITS),
                CodingOrder.DESCENDING_KL, Double.POSITIVE_INFINITY);
    }

    /**
     * The same coder with another fallback (a fixed-budget, i.e. approximate, simulator).
     *
     * @throws IllegalArgumentException if {@code fallback} is exact (it could not code unbounded ratios either)
     */
    public BlockCoder withFallback(ChannelSimulator fallback) {
        if (fallback.isExact()) {
            throw new IllegalArgumentException("the fallback must be a fixed-budget method, not the exact "
                    + fallback.name());
        }
        return new BlockCoder(plan, primary, fallback, order, maxLogRatioBitsForPrimary);
    }

    /** The same coder with ORC of budget κ = {@code budgetBits} as fallback. */
    public BlockCoder withFallbackBudget(int budgetBits) {
        return withFallback(OrderedRandomCoding.orc(budgetBits));
    }

    /** The same coder with another coding order. */
    public BlockCoder withOrder(CodingOrder newOrder) {
        return new BlockCoder(plan, primary, fallback, Objects.requireNonNull(newOrder), maxLogRatioBitsForPrimary);
    }

    /**
     * The same coder, also falling back (for exact primaries) when a block's D∞ exceeds {@code bits}; the default
     * {@code +∞} falls back only for infinite D∞. The decoder does not need this setting (the flag is sent).
     */
    public BlockCoder withMaxLogRatioBitsForPrimary(double bits) {
        if (!(bits >= 0)) {
            throw new IllegalArgumentException("D∞ limit must be >= 0, was " + bits);
        }
        return new BlockCoder(plan, primary, fallback, order, bits);
    }

    public BlockPlan plan() {
        return plan;
    }

    /** The primary simulator of block {@code b}. */
    public ChannelSimulator simulator(int b) {
        return primary[b];
    }

    public ChannelSimulator fallback() {
        return fallback;
    }

    public CodingOrder order() {
        return order;
    }

    public double maxLogRatioBitsForPrimary() {
        return maxLogRatioBitsForPrimary;
    }

    /** Bits of the method flag in front of block {@code b}: 1 if its primary simulator is exact, else 0. */
    public int flagBits(int b) {
        return primary[b].isExact() ? 1 : 0;
    }

    /** {@link #encode(DiagonalGaussian, DiagonalGaussian, SharedRandomness, BitWriter, BlockListener)} without a listener. */
    public BlockEncoding encode(DiagonalGaussian prior, DiagonalGaussian posterior, SharedRandomness shared,
                                BitWriter out) {
        return encode(prior, posterior, shared, out, BlockListener.NONE);
    }

    /**
     * Codes {@code posterior} against {@code prior}, calling {@code listener} after each block, and appends the
     * message to {@code out} (see the class comment for the layout).
     *
     * @throws IllegalArgumentException if the dimensions do not match the plan, or a primary simulator rejects a
     *                                  block it should handle
     */
    public BlockEncoding encode(DiagonalGaussian prior, DiagonalGaussian posterior, SharedRandomness shared,
                                BitWriter out, BlockListener listener) {
        checkDimension(prior, "prior");
        checkDimension(posterior, "posterior");
        Objects.requireNonNull(listener, "listener");
        int blocks = plan.blockCount();
        RemainingPosterior view = new RemainingPosterior(plan, prior, posterior);
        double[] kl = new double[blocks];
        if (order == CodingOrder.DESCENDING_KL) {
            for (int b = 0; b < blocks; b++) {
                kl[b] = view.blockKlNats(b);
            }
        }
        boolean[] coded = new boolean[blocks];
        Codeword[] codewords = new Codeword[blocks];
        ChannelSimulator[] used = new ChannelSimulator[blocks];
        BlockReport[] reports = new BlockReport[blocks];
        int[] codingOrder = new int[blocks];
        for (int step = 0; step < blocks; step++) {
            int b = order == CodingOrder.PLAN ? step : largestUncoded(kl, coded);
            int[] indices = plan.block(b);
            RecProblem problem = new RecProblem(view.blockTarget(b), prior.restrict(indices));
            boolean fellBack = primary[b].isExact()
                    && (!problem.hasBoundedRatio() || problem.maxLogRatioBits() > maxLogRatioBitsForPrimary);
            ChannelSimulator sim = fellBack ? fallback : primary[b];
            Encoding e = sim.encode(problem, shared.derive(b));
            double[] sample = e.sample();
            if (sample.length != indices.length) {
                throw new IllegalStateException(sim.name() + " returned a sample of " + sample.length
                        + " dimensions for a block of " + indices.length);
            }
            codewords[b] = e.codeword();
            used[b] = sim;
            coded[b] = true;
            codingOrder[step] = b;
            reports[b] = new BlockReport(b, step, fellBack, problem.klBits(), problem.maxLogRatioBits(),
                    e.codeword().bitLength(), flagBits(b), e.candidatesExamined());
            view.markCoded(b, sample);
            view.open();
            try {
                listener.blockCoded(new CodedBlock(b, step, indices, sample, fellBack, e), view);
            } finally {
                view.close();
            }
            for (int c = 0; c < blocks; c++) {
                if (view.takeDirty(c) && order == CodingOrder.DESCENDING_KL) {
                    kl[c] = view.blockKlNats(c);
                }
            }
        }
        for (int b = 0; b < blocks; b++) {
            if (primary[b].isExact()) {
                out.writeBit(used[b] != primary[b]);
            }
            used[b].write(codewords[b], prior.restrict(plan.block(b)), shared.derive(b), out);
        }
        return new BlockEncoding(view.values(), reports, codingOrder);
    }

    /** The uncoded block with the largest KL; ties go to the smallest index. */
    private static int largestUncoded(double[] kl, boolean[] coded) {
        int best = -1;
        for (int b = 0; b < kl.length; b++) {
            if (!coded[b] && (best < 0 || kl[b] > kl[best])) {
                best = b;
            }
        }
        return best;
    }

    /**
     * Reads a message written by {@link #encode} and regenerates every block's sample, bit for bit.
     *
     * @throws io.rec4j.core.coding.CorruptStreamException if the stream is truncated or holds an invalid codeword
     */
    public double[] decode(DiagonalGaussian prior, SharedRandomness shared, BitReader in) {
        checkDimension(prior, "prior");
        double[] x = new double[plan.dimension()];
        for (int b = 0; b < plan.blockCount(); b++) {
            ChannelSimulator sim = primary[b].isExact() && in.readBit() ? fallback : primary[b];
            int[] indices = plan.block(b);
            ProductDistribution p = prior.restrict(indices);
            Codeword c = sim.read(p, shared.derive(b), in);
            double[] sample = sim.decode(p, shared.derive(b), c);
            for (int i = 0; i < indices.length; i++) {
                x[indices[i]] = sample[i];
            }
        }
        return x;
    }

    private void checkDimension(DiagonalGaussian g, String what) {
        if (g.dimension() != plan.dimension()) {
            throw new IllegalArgumentException("the " + what + " has " + g.dimension() + " dimensions, the plan "
                    + plan.dimension());
        }
    }
}
