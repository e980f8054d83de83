package io.rec4j.codec.bitsback;

import io.rec4j.core.coding.AnsStack;
import io.rec4j.core.coding.CategoricalModel;
import io.rec4j.core.coding.CorruptStreamException;
import io.rec4j.core.math.Float16;
import io.rec4j.core.math.OrderedProduct;
import io.rec4j.core.math.SymmetricEigen;

/**
 * Bits-back coding of one rotation: the step that makes the orthogonal freedom of a residual site pay for itself
 * (He, Flamich &amp; Hernández-Lobato, "Getting Free Bits Back from Rotational Symmetries in LLMs", arXiv 2410.01309,
 * the poster's "decoding and encoding of a rotation matrix"). See {@code docs/bitsback.md}.
 *
 * <p>The encoder holds a <em>canonical</em> block {@code C} ({@code d×n}, rows mutually orthogonal with squared norms
 * {@code μ} ascending: the reference weights in the eigenbasis of their Gram matrix). It
 * <ol>
 *   <li><b>pops</b> a symmetric matrix {@code S} from the stack: its {@code m = d(d+1)/2} upper-triangle entries
 *       {@code k·2⁻ᵇ}, {@code k} uniform in {@code [−2ᵇ, 2ᵇ)}, read as {@code b+1} raw bits each and XOR-whitened with a
 *       keystream (so that structured earlier bits do not give a structured {@code S});</li>
 *   <li>takes {@code S = Q·diag(λ)·Qᵀ} and stores {@code W′ = float16(Q·C)}: a rotation of the weights drawn from
 *       the stack's bits;</li>
 *   <li>simulates the decoder: {@code Û} = the eigenvectors of {@code W′·W′ᵀ} (ascending, {@link SymmetricEigen}, so
 *       {@code Û ≈ Q} up to column signs), {@code Ŝ = Û·diag(λ̃)·Ûᵀ} with {@code λ̃ = float32(λ)}, and the
 *       corrections {@code c = k − rint(Ŝ·2ᵇ)};</li>
 *   <li>pushes {@code λ̃} and {@code c}; the caller then pushes {@code W′}.</li>
 * </ol>
 * The decoder, having popped {@code W′}, computes the same {@code Û} and {@code Ŝ} bit for bit (pinned arithmetic,
 * {@link #ALGORITHM_ID}), pops {@code c} and {@code λ̃}, and pushes {@code S} back: the stack returns exactly to its
 * state before the pop, so the {@code (b+1)·m} popped bits were free and the rotation cost only {@code λ̃}'s
 * {@code 32·d} bits and the corrections. Column signs of {@code Û} do not matter ({@code Ŝ} is unchanged by them),
 * so no sign bits are sent. Where the corrections would cost more than the pop saves (near-equal {@code μ} make
 * {@code Q} unrecoverable from float16 weights), the site is coded plainly and the pop is undone.
 */
public final class RotationCoder {
    /** Version of the decoder's arithmetic (Gram matrix, {@link SymmetricEigen}, reconstruction, rounding). */
    public static final int ALGORITHM_ID = 1;
    /** Corrections in {@code [−K, K]} have their own symbol; others escape to a 32-bit raw value. */
    public static final int CORRECTION_RANGE = 15;
    /** Precision of the correction model's frequencies. */
    public static final int CORRECTION_PRECISION = 16;
    /** Smallest and largest grid bits {@code b}. */
    public static final int MIN_GRID_BITS = 4;
    public static final int MAX_GRID_BITS = 20;
    /** Largest site width: {@code d(d+1)/2} entries and {@code d²} doubles must stay manageable. */
    public static final int MAX_WIDTH = 16_384;
    private static final int ESCAPE = CORRECTION_RANGE + 1;

    private RotationCoder() {
    }

    /**
     * What the decoder of one site needs besides the stack: the grid bits and the correction model's frequencies
     * (symbols {@code −K … K}, then the escape), both written in the file's header.
     */
    public record SiteCode(int gridBits, int[] correctionFrequencies) {
        public SiteCode {
            if (gridBits < MIN_GRID_BITS || gridBits > MAX_GRID_BITS) {
                throw new IllegalArgumentException("grid bits must be in [" + MIN_GRID_BITS + ", " + MAX_GRID_BITS
                        + "], was " + gridBits);
            }
            if (correctionFrequencies.length != 2 * CORRECTION_RANGE + 2) {
                throw new IllegalArgumentException("expected " + (2 * CORRECTION_RANGE + 2)
                        + " correction frequencies, got " + correctionFrequencies.length);
            }
            correctionFrequencies = correctionFrequencies.clone();
        }

        /** The correction model (throws {@link IllegalArgumentException} if the frequencies are not a model). */
        public CategoricalModel model() {
            return CategoricalModel.fromFrequencies(correctionFrequencies, CORRECTION_PRECISION, -CORRECTION_RANGE);
        }

        @Override
        public int[] correctionFrequencies() {
            return correctionFrequencies.clone();
        }
    }

    /**
     * The encoder's result for one site.
     *
     * @param code        the header entry, or null if the site is coded plainly (nothing was popped or pushed; the
     *                    counts below then describe the trial that did not pay, or are 0 if none could be made)
     * @param rotation    {@code Q} ({@code d×d}, row-major: {@code W′ = float16(Q·C)}), or null if plain
     * @param stored      {@code W′}'s float16 codes ({@code d×n}, row-major), or null if plain: the caller pushes
     *                    them next
     * @param poppedBits  {@code (b+1)·m}
     * @param pushedBits  {@code 32·d} for the eigenvalues plus the corrections' exact information content
     * @param corrected   how many of the {@code m} entries needed a non-zero correction
     * @param correctionMeanSquare the mean of the squared corrections, in grid units
     */
    public record Result(SiteCode code, double[] rotation, short[] stored, long poppedBits, double pushedBits,
            int corrected, double correctionMeanSquare) {
        /** Bits the site saved: popped minus pushed (minus nothing else: the header entry is the caller's). */
        public double netBits() {
            return poppedBits - pushedBits;
        }
    }

    /**
     * The encoder's half for one site (steps 1–4 above). On return the stack holds, above its earlier content with
     * {@code (b+1)·m} bits taken off, the eigenvalues and corrections; the caller must push {@link Result#stored()}
     * next. If the site does not pay ({@code netBits ≤ minNetBits}), the stack is restored and a plain result
     * returned.
     *
     * @param canonical  {@code C}, {@code d×n} row-major, rows orthogonal with ascending squared norms
     * @param key        whitening key of this site (from the file's salt and the site's index)
     * @param minNetBits the smallest net saving worth coding (the caller's header cost for the site)
     * @throws IllegalArgumentException if the stack holds too few bits to pop from (it is then left as it was)
     */
    public static Result encode(AnsStack stack, double[] canonical, int d, int n, int gridBits, long key,
            double minNetBits) {
        checkShape(d, n, canonical.length);
        new SiteCode(gridBits, defaultFrequencies()); // validates the grid bits
        int m = d * (d + 1) / 2;
        AnsStack.Snapshot before = stack.snapshot();
        int[] k = new int[m];
        int offset = 1 << gridBits;
        try {
            for (int t = 0; t < m; t++) {
                k[t] = (stack.popRaw(gridBits + 1) ^ whitening(key, t, gridBits + 1)) - offset;
            }
        } catch (CorruptStreamException e) {
            stack.restore(before);
            throw new IllegalArgumentException("the stack holds fewer than the " + (long) (gridBits + 1) * m
                    + " bits a site of width " + d + " pops");
        }
        double[] s = new double[d * d];
        double unit = Math.scalb(1.0, -gridBits);
        for (int i = 0, t = 0; i < d; i++) {
            for (int j = i; j < d; j++, t++) {
                s[i * d + j] = k[t] * unit;
                s[j * d + i] = k[t] * unit;
            }
        }
        SymmetricEigen.Decomposition eig = SymmetricEigen.decompose(s, d);
        // Q's column i is eigenvector i (row i of eig.vectors()); W′ = float16(Q·C), Q·C = eig.vectors()ᵀ·C
        double[] q = transpose(eig.vectors(), d);
        double[] product = OrderedProduct.transposeTimes(eig.vectors(), d, canonical, n, d);
        short[] stored = new short[d * n];
        for (int t = 0; t < stored.length; t++) {
            stored[t] = Float16.fromDouble(product[t]);
            if (!Float16.isFinite(stored[t])) {
                stack.restore(before);
                return plain();
            }
        }
        // the decoder's view
        SymmetricEigen.Decomposition rec = recover(stored, d, n);
        float[] lambda = new float[d];
        for (int i = 0; i < d; i++) {
            // pair decoder vector i with the encoder's eigenvector it points along (the identity unless μ nearly tie)
            int best = i;
            double bestDot = Math.abs(dot(rec, eig, i, i, d));
            // the eigenvectors are orthonormal: a squared overlap above ½ is the largest one
            for (int j = 0; bestDot * bestDot <= 0.5 && j < d; j++) {
                double dot = Math.abs(dot(rec, eig, i, j, d));
                if (dot > bestDot) {
                    bestDot = dot;
                    best = j;
                }
            }
            lambda[i] = (float) eig.values()[best];
        }
        int[] predicted = predict(rec, lambda, d, gridBits);
        int[] correction = new int[m];
        long[] counts = new long[2 * CORRECTION_RANGE + 2];
        int corrected = 0;
        double squares = 0;
        for (int t = 0; t < m; t++) {
            correction[t] = k[t] - predicted[t];
            squares += (double) correction[t] * correction[t];
            counts[symbol(correction[t]) + CORRECTION_RANGE]++;
            if (correction[t] != 0) {
                corrected++;
            }
        }
        CategoricalModel model = CategoricalModel.fromCounts(counts, CORRECTION_PRECISION, -CORRECTION_RANGE);
        int[] freq = new int[counts.length];
        double correctionBits = 0;
        for (int sym = -CORRECTION_RANGE; sym <= ESCAPE; sym++) {
            freq[sym + CORRECTION_RANGE] = model.frequency(sym);
            correctionBits += counts[sym + CORRECTION_RANGE] * model.informationBits(sym);
        }
        correctionBits += 32.0 * counts[ESCAPE + CORRECTION_RANGE];
        long popped = (long) (gridBits + 1) * m;
        double pushed = 32.0 * d + correctionBits;
        if (popped - pushed <= minNetBits) {
            stack.restore(before);
            // plain, with what the trial measured
            return new Result(null, null, null, popped, pushed, corrected, squares / m);
        }
        for (int i = d - 1; i >= 0; i--) {
            stack.pushRaw(Float.floatToRawIntBits(lambda[i]), 32);
        }
        for (int t = m - 1; t >= 0; t--) {
            int sym = symbol(correction[t]);
            if (sym == ESCAPE) {
                stack.pushRaw(correction[t], 32);
            }
            stack.push(sym, model);
        }
        return new Result(new SiteCode(gridBits, freq), q, stored, popped, pushed, corrected, squares / m);
    }

    /**
     * The decoder's half for one site, after it popped {@code stored} ({@code W′}): pops the corrections and
     * eigenvalues and pushes {@code S} back, returning the stack to its state before the encoder's pop.
     *
     * @throws CorruptStreamException if the stream cannot be what the encoder wrote (an eigenvalue that is not
     *                                finite, a value off the grid, an exhausted stack)
     */
    public static void decode(AnsStack stack, short[] stored, int d, int n, SiteCode code, long key) {
        checkShape(d, n, stored.length);
        int b = code.gridBits();
        CategoricalModel model;
        try {
            model = code.model();
        } catch (IllegalArgumentException e) {
            throw new CorruptStreamException("bad correction model: " + e.getMessage());
        }
        for (short v : stored) {
            if (!Float16.isFinite(v)) {
                throw new CorruptStreamException("a reference weight is not finite");
            }
        }
        int m = d * (d + 1) / 2;
        SymmetricEigen.Decomposition rec;
        try {
            rec = recover(stored, d, n);
        } catch (IllegalArgumentException e) {
            throw new CorruptStreamException("reference weights: " + e.getMessage());
        }
        int[] correction = new int[m];
        for (int t = 0; t < m; t++) {
            int sym = stack.pop(model);
            correction[t] = sym == ESCAPE ? stack.popRaw(32) : sym;
        }
        float[] lambda = new float[d];
        for (int i = 0; i < d; i++) {
            lambda[i] = Float.intBitsToFloat(stack.popRaw(32));
            if (!Float.isFinite(lambda[i])) {
                throw new CorruptStreamException("eigenvalue " + i + " is not finite");
            }
        }
        int[] predicted = predict(rec, lambda, d, b);
        int offset = 1 << b;
        for (int t = m - 1; t >= 0; t--) {
            long value = (long) predicted[t] + correction[t] + offset;
            if (value < 0 || value >= 2L * offset) {
                throw new CorruptStreamException("symmetric-matrix entry " + t + " is off the grid");
            }
            stack.pushRaw((int) value ^ whitening(key, t, b + 1), b + 1);
        }
    }

    /** {@code Û}: the eigenvectors of {@code W′·W′ᵀ}, the Gram matrix summed in a fixed order (pinned). */
    static SymmetricEigen.Decomposition recover(short[] stored, int d, int n) {
        double[] w = new double[d * n];
        for (int i = 0; i < w.length; i++) {
            w[i] = Float16.toDouble(stored[i]);
        }
        return SymmetricEigen.decompose(OrderedProduct.gram(w, d, n), d);
    }

    /**
     * {@code rint(Ŝ_ij·2ᵇ)}, clamped to the grid, for the upper triangle in row-major order (pinned: {@code Ŝ_ij =
     * Σ_k (λ_k·û_ki)·û_kj}, {@code k} ascending).
     */
    static int[] predict(SymmetricEigen.Decomposition u, float[] lambda, int d, int gridBits) {
        int[] out = new int[d * (d + 1) / 2];
        double scale = Math.scalb(1.0, gridBits);
        double lo = -scale;
        double hi = scale - 1;
        double[] v = u.vectors();
        double[] scaled = new double[d * d]; // row k: λ_k·û_k
        for (int k = 0; k < d; k++) {
            double l = lambda[k];
            for (int c = 0; c < d; c++) {
                scaled[k * d + c] = l * v[k * d + c];
            }
        }
        double[] s = OrderedProduct.transposeTimesUpper(scaled, v, d, d);
        for (int i = 0, t = 0; i < d; i++) {
            for (int j = i; j < d; j++, t++) {
                double r = Math.rint(s[i * d + j] * scale);
                out[t] = (int) Math.max(lo, Math.min(hi, r));
            }
        }
        return out;
    }

    private static double[] transpose(double[] a, int d) {
        double[] t = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                t[j * d + i] = a[i * d + j];
            }
        }
        return t;
    }

    /** Low {@code bits} bits of a keystream word for entry {@code t} (SplitMix64's finaliser of key + t·φ). */
    static int whitening(long key, int t, int bits) {
        long z = key + (t + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (int) (z & ((1L << bits) - 1));
    }

    private static int symbol(int correction) {
        return Math.abs(correction) <= CORRECTION_RANGE ? correction : ESCAPE;
    }

    private static int[] defaultFrequencies() {
        int[] f = new int[2 * CORRECTION_RANGE + 2];
        java.util.Arrays.fill(f, 1);
        f[CORRECTION_RANGE] = (1 << CORRECTION_PRECISION) - (f.length - 1);
        return f;
    }

    private static Result plain() {
        return new Result(null, null, null, 0, 0, 0, 0);
    }

    private static double dot(SymmetricEigen.Decomposition a, SymmetricEigen.Decomposition b, int i, int j, int d) {
        double s = 0;
        for (int r = 0; r < d; r++) {
            s += a.vector(i, r) * b.vector(j, r);
        }
        return s;
    }

    /**
     * The canonical form of a reference block {@code M} ({@code d×n}): {@code C = Uᵀ·M} with {@code U} the
     * eigenvectors of {@code M·Mᵀ}, ascending, so that {@code C·Cᵀ} is diagonal (the poster's "canonical direction").
     *
     * @param basis {@code Uᵀ} ({@code d×d}, row {@code i} = eigenvector {@code i}); the site's rotation is then
     *              {@code R = Q·Uᵀ}
     * @param block {@code C}
     * @param gram  the eigenvalues {@code μ} of {@code M·Mᵀ}, ascending
     */
    public record Canonical(double[] basis, double[] block, double[] gram) {
    }

    /** {@link Canonical} of {@code m} ({@code d×n}, row-major). */
    public static Canonical canonical(double[] m, int d, int n) {
        checkShape(d, n, m.length);
        SymmetricEigen.Decomposition e = SymmetricEigen.decompose(OrderedProduct.gram(m, d, n), d);
        return new Canonical(e.vectors(), OrderedProduct.times(e.vectors(), d, m, n, d), e.values());
    }

    private static void checkShape(int d, int n, int length) {
        if (d < 2 || d > MAX_WIDTH || n < d || (long) d * n != length) {
            throw new IllegalArgumentException("a site needs 2 ≤ d ≤ " + MAX_WIDTH + " and n ≥ d, with d·n values; got d = "
                    + d + ", n = " + n + ", " + length + " values");
        }
    }
}
