package io.rec4j.codec.irec;

import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.Codeword;
import io.rec4j.core.rec.Encoding;
import io.rec4j.core.rec.IrecCoder;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;

import io.rec4j.core.rec.ChannelSimulator;
import io.rec4j.core.rec.RecMethod;
import io.rec4j.core.rec.plan.BlockPlan;
import io.rec4j.core.rec.plan.KlBudgetPlanner;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How an iREC file codes a latent: the relative entropy coding method that sends one sample of the posterior
 * N(μ, σ²) against the prior N(0, I), and its shared parameters. A file names its channel in one byte
 * ({@link #code()}); everything the decoder needs follows from that byte and the model.
 *
 * <p>Codes: 1 = iREC with the paper's lossless setting (Ω = 3 nats, 1+ε = 1.2, the power-law variance split; the
 * encoder runs its beam search, B = 20), 2 = iREC with the paper's lossy setting (Ω = 3, 1+ε = 1.0, power law,
 * B = 10), 3 = iREC with rec4j's default (Ω = 3, 1+ε = 2, adaptive split, one sampled path; see
 * {@code docs/algorithms.md}, "iREC"). iREC's step count K is coded relative to the step count of the model's mean
 * training KL ({@link IrecCoder#write(io.rec4j.core.rec.Codeword, BitWriter, long)}). Codes 16 and up are exact
 * methods ({@link #EXACT}): the latent's dimensions are grouped into blocks of about {@value #BLOCK_KL_BITS} bits of
 * expected KL ({@link KlBudgetPlanner} over the model's per-latent training KLs, permuted under the model's seed),
 * and each block is one channel simulation under
 * {@code shared.derive(b)}, with the index code the method derives from the block's expected KL
 * ({@link RecMethod#forExpectedKl}); the codewords follow each other in block order. This is how the A* coding and
 * greedy rejection coding papers code VAE latents: dimension by dimension, or nearly.
 */
public final class LatentChannel {
    /** The paper's lossless iREC setting. */
    public static final int IREC_LOSSLESS = 1;
    /** The paper's lossy iREC setting. */
    public static final int IREC_LOSSY = 2;
    /** rec4j's iREC default. */
    public static final int IREC_SAMPLED = 3;

    /** Expected KL per block of the exact methods, bits. */
    public static final double BLOCK_KL_BITS = 4;
    /** The exact methods, by file code: 16 + position. */
    public static final List<RecMethod> EXACT = List.of(RecMethod.PFR, RecMethod.ASTAR_DL, RecMethod.GPRS,
            RecMethod.GRC, RecMethod.GRCD, RecMethod.SP_PFR);
    private static final int FIRST_EXACT = 16;
    /**
     * Most candidates (or search steps) an exact method may expect to examine for one block: 2^24, a fraction of a
     * second. A latent whose block would need more (a posterior far out in the prior's tail) is refused with
     * {@link io.rec4j.core.rec.RecCostException} rather than coded for hours; iREC codes every latent.
     */
    public static final long MAX_CANDIDATES_PER_BLOCK = 1L << 24;

    private final int code;
    private final IrecCoder irec;
    private final RecMethod method;
    private final BlockPlan plan;
    private final ChannelSimulator[] blocks;
    private final RecMethod.Settings settings;
    private final long expectedSteps;

    private LatentChannel(int code, IrecCoder irec, VaeModel model) {
        this.code = code;
        this.irec = irec;
        this.expectedSteps = irec.stepsFor(model.totalKlBits() * StrictMath.log(2));
        this.method = RecMethod.IREC;
        this.plan = null;
        this.blocks = null;
        this.settings = null;
    }

    private LatentChannel(int code, RecMethod method, VaeModel model) {
        this.code = code;
        this.irec = null;
        this.expectedSteps = 0;
        this.method = method;
        double[] kl = model.klBits();
        // a latent whose posterior never moves gets the KL of an even share of a thousandth of a bit: λ ≥ 1 anyway
        for (int d = 0; d < kl.length; d++) {
            kl[d] = Math.max(kl[d], 1e-3);
        }
        this.plan = new KlBudgetPlanner(BLOCK_KL_BITS, kl.length).plan(kl, model.seed());
        RecMethod.Settings settings = (method == RecMethod.ASTAR_DL
                ? new RecMethod.Settings(null, null, 0, null, null, null, null, null, null)
                : RecMethod.Settings.defaults()).withMaxCandidates(MAX_CANDIDATES_PER_BLOCK);
        this.settings = settings;
        this.blocks = new ChannelSimulator[plan.blockCount()];
        for (int b = 0; b < blocks.length; b++) {
            int[] dims = plan.block(b);
            double[] e = new double[dims.length];
            for (int i = 0; i < dims.length; i++) {
                e[i] = kl[dims[i]];
            }
            blocks[b] = method.forExpectedKl(e, settings);
        }
    }

    /** The channel with file code {@code code}, for {@code model}. */
    public static LatentChannel of(int code, VaeModel model) {
        switch (code) {
            case IREC_LOSSLESS:
                return new LatentChannel(code, IrecCoder.lossless(), model);
            case IREC_LOSSY:
                return new LatentChannel(code, IrecCoder.lossy(), model);
            case IREC_SAMPLED:
                return new LatentChannel(code, IrecCoder.defaults(), model);
            default:
                if (code >= FIRST_EXACT && code < FIRST_EXACT + EXACT.size()) {
                    return new LatentChannel(code, EXACT.get(code - FIRST_EXACT), model);
                }
                throw new Rec4jDataException("unknown latent coding method " + code);
        }
    }

    /**
     * The channel called {@code name} on the command line: {@code irec} (the paper's setting of the mode: lossless
     * or lossy), {@code irec-sampled}.
     */
    public static LatentChannel parse(String name, boolean lossless, VaeModel model) {
        switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "irec":
                return of(lossless ? IREC_LOSSLESS : IREC_LOSSY, model);
            case "irec-sampled":
                return of(IREC_SAMPLED, model);
            case "astar":
                return of(FIRST_EXACT + EXACT.indexOf(RecMethod.ASTAR_DL), model);
            default:
                for (int i = 0; i < EXACT.size(); i++) {
                    if (EXACT.get(i) != RecMethod.ASTAR_DL && EXACT.get(i).id().equals(name.strip())) {
                        return of(FIRST_EXACT + i, model);
                    }
                }
                throw new IllegalArgumentException("unknown latent coding method '" + name + "'; expected one of "
                        + names());
        }
    }

    /** The names {@link #parse} accepts. */
    public static String names() {
        return "irec, irec-sampled, pfr, astar, gprs, grc, grcd, sp-pfr";
    }

    /** The byte a file stores. */
    public int code() {
        return code;
    }

    /** E.g. {@code iREC (Ω = 3 nats, 1+ε = 1.2, B = 20, power-law split)}. */
    public String describe() {
        if (irec == null) {
            return String.format(Locale.ROOT, "%s (exact), %d blocks of about %s bits of expected KL",
                    method == RecMethod.ASTAR_DL ? "astar" : method.id(), plan.blockCount(), trim(BLOCK_KL_BITS));
        }
        return String.format(Locale.ROOT, "iREC (Ω = %s nats, 1+ε = %s, B = %d, %s, %s split)",
                trim(irec.omegaNats()), trim(irec.samplesFactor()), irec.beams(),
                irec.selection().name().toLowerCase(Locale.ROOT),
                irec.split() == IrecCoder.Split.POWER_LAW ? "power-law" : "adaptive");
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * For iREC channels, the longest codeword a latent with KL {@code klBits} can get: {@code γ(1 + zigzag(K − K̄)) +
     * K·log₂M + ⌈K/128⌉} bits with {@code K = max(1, ⌈KL/Ω⌉)} ({@code docs/irec.md}); NaN for the exact methods, whose
     * codeword lengths are random.
     */
    public double codewordBound(double klBits) {
        if (irec == null) {
            return Double.NaN;
        }
        long k = irec.stepsFor(klBits * StrictMath.log(2));
        long d = k - Math.max(1, expectedSteps);
        long zigzag = d >= 0 ? 2 * d : -2 * d - 1;
        double gamma = 2 * (63 - Long.numberOfLeadingZeros(1 + zigzag)) + 1;
        double shape = irec.split() == IrecCoder.Split.ADAPTIVE && k > 1 ? 6 : 0;
        return gamma + shape + k * StrictMath.log(irec.candidatesPerStep()) / StrictMath.log(2) + (k + 127) / 128;
    }

    /** Whether decoded latents follow the posterior exactly. */
    public boolean isExact() {
        return irec == null;
    }

    /** The name {@link #parse} accepts for this channel (both iREC paper settings are {@code irec}). */
    public String cliName() {
        if (irec == null) {
            return method == RecMethod.ASTAR_DL ? "astar" : method.id();
        }
        return code == IREC_SAMPLED ? "irec-sampled" : "irec";
    }

    /**
     * One coded latent.
     *
     * @param sample  the latent the decoder will regenerate, bit for bit
     * @param bits    the codeword's length in bits
     * @param klBits  KL[Q‖P] of the posterior, bits
     */
    public record Coded(double[] sample, long bits, double klBits) {
    }

    /**
     * Codes a sample of {@code posterior}, appending its codeword to {@code out}.
     *
     * @throws io.rec4j.core.rec.RecCostException if an exact method would expect to need more than
     *         {@link #MAX_CANDIDATES_PER_BLOCK} candidates for a block
     */
    public Coded encode(VaeNetwork.Posterior posterior, SharedRandomness shared, BitWriter out) {
        int l = posterior.mean().length;
        ProductDistribution q = ProductDistribution.gaussian(posterior.mean(), posterior.std());
        RecProblem problem = new RecProblem(q, prior(l));
        long before = out.bitLength();
        if (irec != null) {
            Encoding e = irec.encode(problem, shared);
            irec.write(e.codeword(), out, expectedSteps);
            return new Coded(e.sample(), out.bitLength() - before, problem.klBits());
        }
        checkLatents(l);
        double[] z = new double[l];
        for (int b = 0; b < blocks.length; b++) {
            int[] dims = plan.block(b);
            ProductDistribution p = prior(dims.length);
            RecProblem pb = new RecProblem(ProductDistribution.gaussian(select(posterior.mean(), dims),
                    select(posterior.std(), dims)), p);
            SharedRandomness sb = shared.derive(b);
            method.check(pb, settings, 1);
            Encoding e = blocks[b].encode(pb, sb);
            blocks[b].write(e.codeword(), p, sb, out);
            for (int i = 0; i < dims.length; i++) {
                z[dims[i]] = e.sample()[i];
            }
        }
        return new Coded(z, out.bitLength() - before, problem.klBits());
    }

    /**
     * Reads one codeword and regenerates its latent.
     *
     * @throws io.rec4j.core.coding.CorruptStreamException if the codeword is truncated or invalid
     */
    public double[] decode(int latents, SharedRandomness shared, BitReader in) {
        if (irec != null) {
            ProductDistribution p = prior(latents);
            Codeword c = irec.read(in, expectedSteps);
            return irec.decode(p, shared, c);
        }
        checkLatents(latents);
        double[] z = new double[latents];
        for (int b = 0; b < blocks.length; b++) {
            int[] dims = plan.block(b);
            ProductDistribution p = prior(dims.length);
            SharedRandomness sb = shared.derive(b);
            double[] x = blocks[b].decode(p, sb, blocks[b].read(p, sb, in));
            for (int i = 0; i < dims.length; i++) {
                z[dims[i]] = x[i];
            }
        }
        return z;
    }

    private void checkLatents(int latents) {
        if (latents != plan.dimension()) {
            throw new IllegalArgumentException("this channel codes " + plan.dimension() + " latents, not " + latents);
        }
    }

    private static double[] select(double[] v, int[] idx) {
        double[] out = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = v[idx[i]];
        }
        return out;
    }

    private static ProductDistribution prior(int latents) {
        double[] zero = new double[latents];
        double[] one = new double[latents];
        Arrays.fill(one, 1.0);
        return ProductDistribution.gaussian(zero, one);
    }
}
