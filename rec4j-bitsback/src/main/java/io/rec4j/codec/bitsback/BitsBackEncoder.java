package io.rec4j.codec.bitsback;

import io.rec4j.codec.safetensors.Json;
import io.rec4j.codec.safetensors.ModelFormatException;
import io.rec4j.codec.safetensors.Safetensors;
import io.rec4j.core.coding.AnsStack;
import io.rec4j.core.coding.CategoricalModel;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.MethodId;
import io.rec4j.core.math.Float16;
import io.rec4j.core.math.OrderedProduct;
import io.rec4j.core.math.SpecialFunctions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Encodes a SliceGPT-sliced transformer to a {@code BITSBACK_ROTATION} file (docs/bitsback.md): the site-free
 * tensors first, then, site by site in coding order, the site's rotation drawn from the stack
 * ({@link RotationCoder}), its reference block and every tensor that becomes complete there, each rotated by the
 * rotations of the sites it touches and rounded to float16. With bits-back off, every site is plain: the same coder and
 * weight model, the baseline the saving is measured against.
 */
public final class BitsBackEncoder {
    /**
     * The most weights a model may have: at 16 bits each (the worst case of either weight model) plus a header its
     * file stays under 2 GiB, the largest byte array a file is built in.
     */
    public static final long MAX_WEIGHTS = (Integer.MAX_VALUE - (1L << 24)) / 2;
    /** Header bits a bits-back site costs over a plain one: its grid bits and 32 correction frequencies. */
    public static final int SITE_HEADER_BITS = 8 * (1 + 2 * (2 * RotationCoder.CORRECTION_RANGE + 2));
    /** Grid bits tried when the settings ask for a search. */
    /** The grid bits of the first trial when the encoder chooses them per site. */
    public static final int FIRST_TRIAL = 12;
    /** The range the second trial's grid bits are chosen from. */
    public static final int SEARCH_MIN = 8;
    public static final int SEARCH_MAX = 14;

    private BitsBackEncoder() {
    }

    /**
     * @param bitsBack  draw rotations from the stream (false: every site plain, the baseline)
     * @param gridBits  {@code b} of every site, or 0 to choose per site ({@link #chooseGridBits})
     * @param weights   {@link BitsBackFormat#WEIGHTS_RAW16} or {@link BitsBackFormat#WEIGHTS_EXPONENT}
     * @param salt      seed of the whitening keys
     */
    public record Settings(boolean bitsBack, int gridBits, int weights, long salt) {
        public Settings {
            if (gridBits != 0 && (gridBits < RotationCoder.MIN_GRID_BITS || gridBits > RotationCoder.MAX_GRID_BITS)) {
                throw new IllegalArgumentException("grid bits must be 0 (search) or in [" + RotationCoder.MIN_GRID_BITS
                        + ", " + RotationCoder.MAX_GRID_BITS + "], was " + gridBits);
            }
            if (weights != BitsBackFormat.WEIGHTS_RAW16 && weights != BitsBackFormat.WEIGHTS_EXPONENT) {
                throw new IllegalArgumentException("unknown weight model " + weights);
            }
        }

        /** Bits-back on, grid bits searched, exponent-coded weights. */
        public static Settings defaults() {
            return new Settings(true, 0, BitsBackFormat.WEIGHTS_EXPONENT, 0x6269_7473_6261_636BL);
        }
    }

    /**
     * What one site did.
     *
     * @param poppedBits bits taken from the stream for the rotation (0 if plain)
     * @param pushedBits eigenvalues and corrections pushed for it
     * @param corrected  symmetric-matrix entries that needed a correction, of {@code d(d+1)/2}
     */
    public record SiteReport(String name, int width, int columns, boolean bitsBack, int gridBits, long poppedBits,
            double pushedBits, int corrected, double seconds) {
        /** Net bits saved (header cost not included). */
        public double netBits() {
            return poppedBits - pushedBits;
        }

        /** Net bits per degree of freedom of O(d), {@code d(d−1)/2}. */
        public double bitsPerDegreeOfFreedom() {
            return netBits() / (width * (width - 1) / 2.0);
        }
    }

    /**
     * The file and what went into it.
     *
     * @param weights   float16 values coded
     * @param rotated   the stored (rotated, float16) tensors, as the decoder will return them
     */
    public record Result(byte[] file, List<SiteReport> sites, long weights, List<Safetensors.Tensor> rotated) {
    }

    /** Encodes {@code tensors} (any accepted dtype; stored as float16) of the model {@code configJson} describes. */
    public static Result encode(String configJson, List<Safetensors.Tensor> tensors, Settings settings,
            IntConsumer progress) throws ModelFormatException {
        TransformerConfig config = TransformerConfig.of(Json.parseObject(configJson));
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, Safetensors.Tensor> byName = new HashMap<>();
        for (Safetensors.Tensor t : tensors) {
            if (shapes.put(t.name(), t.shape()) != null) {
                throw new ModelFormatException("tensor " + t.name() + " appears twice");
            }
            byName.put(t.name(), t);
        }
        SiteLayout layout = SiteLayout.of(config, shapes);
        long total = 0;
        for (Safetensors.Tensor t : tensors) {
            total += t.size();
        }
        if (total > MAX_WEIGHTS) {
            throw new ModelFormatException("the model has " + total + " weights: at up to 16 bits each its file could"
                    + " pass 2 GiB, the largest file this version writes (" + MAX_WEIGHTS + " weights at most)");
        }
        Map<String, double[]> values = new HashMap<>(); // decoded once, checked before any rotation is computed
        for (Safetensors.Tensor t : tensors) {
            double[] v = t.toDoubles();
            toFloat16(v, t.name());
            values.put(t.name(), v);
        }
        AnsStack stack = new AnsStack(1 << 16);
        Map<String, BitsBackFormat.TensorEntry> entries = new HashMap<>();
        Map<String, short[]> stored = new HashMap<>();
        long weights = 0;
        for (String name : layout.siteFree()) {
            Safetensors.Tensor t = byName.get(name);
            short[] codes = toFloat16(values.get(name), name);
            weights += codes.length;
            push(stack, name, t.shape(), codes, settings, entries, stored);
        }
        int sites = layout.sites().size();
        double[][] rotation = new double[sites][];
        List<BitsBackFormat.SiteEntry> siteEntries = new ArrayList<>();
        List<SiteReport> reports = new ArrayList<>();
        for (int s = 0; s < sites; s++) {
            long start = System.nanoTime();
            SiteLayout.Site site = layout.sites().get(s);
            SiteLayout.Block ref = site.reference();
            Safetensors.Tensor rt = byName.get(ref.tensor());
            int d = site.width();
            int n = rt.size() / d;
            double[] view = view(values.get(ref.tensor()), rt.shape(), ref.kind());
            Chosen best = null;
            int bestBits = 0;
            int grid = settings.gridBits() == 0 ? FIRST_TRIAL : settings.gridBits();
            long needed = (long) (grid + 1) * d * (d + 1) / 2;
            // the first site finds too few bits on the stack to pop from: it is coded plainly
            if (settings.bitsBack() && stack.bitLength() > needed + 64) {
                AnsStack.Snapshot clean = stack.snapshot();
                try {
                    best = bitsBackSite(stack, view, d, n, settings.gridBits(),
                            BitsBackFormat.siteKey(settings.salt(), s));
                } catch (IllegalArgumentException numerical) {
                    // a Gram matrix too large or ill-conditioned for the eigensolver: this site is coded plainly
                    stack.restore(clean);
                    best = null;
                }
                if (best != null) {
                    rotation[s] = best.rotation;
                    bestBits = best.gridBits;
                }
            }
            short[] refCodes;
            if (rotation[s] != null) {
                refCodes = best.result.stored();
                if (ref.kind() == SiteLayout.Kind.COLS) {
                    refCodes = BitsBackFormat.view(refCodes, new long[] {d, n}, SiteLayout.Kind.COLS); // back to [n, d]
                }
                siteEntries.add(new BitsBackFormat.SiteEntry(best.result.code()));
                reports.add(new SiteReport(site.name(), d, n, true, bestBits, best.result.poppedBits(),
                        best.result.pushedBits(), best.result.corrected(), (System.nanoTime() - start) / 1e9));
            } else {
                refCodes = toFloat16(values.get(ref.tensor()), ref.tensor());
                siteEntries.add(new BitsBackFormat.SiteEntry(null));
                reports.add(new SiteReport(site.name(), d, n, false, 0, 0, 0, 0, (System.nanoTime() - start) / 1e9));
            }
            weights += refCodes.length;
            push(stack, ref.tensor(), rt.shape(), refCodes, settings, entries, stored);
            for (SiteLayout.Block b : site.blocks()) {
                Safetensors.Tensor t = byName.get(b.tensor());
                short[] codes = toFloat16(rotate(values.get(b.tensor()), t.shape(), b, rotation, layout), b.tensor());
                weights += codes.length;
                push(stack, b.tensor(), t.shape(), codes, settings, entries, stored);
            }
            if (progress != null) {
                progress.accept(s + 1);
            }
        }
        List<BitsBackFormat.TensorEntry> table = new ArrayList<>();
        List<Safetensors.Tensor> rotated = new ArrayList<>();
        for (String name : layout.tensors()) {
            table.add(entries.get(name));
            rotated.add(Safetensors.Tensor.ofFloat16(name, shapes.get(name), stored.get(name)));
        }
        BitsBackFormat.Header header = new BitsBackFormat.Header(configJson, settings.weights(), settings.salt(), table,
                siteEntries);
        byte[] file = Container.compact(MethodId.BITSBACK_ROTATION, BitsBackFormat.toContainer(header), stack.toBytes())
                .toBytes();
        return new Result(file, reports, weights, rotated);
    }

    /** A bits-back site's choice: the coder's result, its grid bits and the site rotation {@code R = Q·Uᵀ}. */
    public record Chosen(RotationCoder.Result result, int gridBits, double[] rotation) {
    }

    /**
     * Codes the site at {@code gridBits}, or, with 0, at the better of two trials: {@link #FIRST_TRIAL} and the grid
     * {@link #chooseGridBits} predicts from it. Null if neither pays (the stack is then as before).
     *
     * @param view the reference block's residual-rows view, {@code d×n} row-major
     * @throws IllegalArgumentException if the stack holds too few bits for the first pop, or the eigensolver fails
     */
    public static Chosen bitsBackSite(AnsStack stack, double[] view, int d, int n, int gridBits, long key) {
        RotationCoder.Canonical can = RotationCoder.canonical(view, d, n);
        if (gridBits != 0) {
            RotationCoder.Result r = RotationCoder.encode(stack, can.block(), d, n, gridBits, key, SITE_HEADER_BITS);
            return r.code() == null ? null : new Chosen(r, gridBits, multiply(r.rotation(), can.basis(), d));
        }
        AnsStack.Snapshot before = stack.snapshot();
        RotationCoder.Result first = RotationCoder.encode(stack, can.block(), d, n, FIRST_TRIAL, key, SITE_HEADER_BITS);
        RotationCoder.Result best = first.code() != null ? first : null;
        int bestBits = FIRST_TRIAL;
        int next = first.poppedBits() == 0 ? FIRST_TRIAL : chooseGridBits(first, FIRST_TRIAL, d);
        if (next != FIRST_TRIAL) {
            AnsStack.Snapshot after = best != null ? stack.snapshot() : null;
            stack.restore(before);
            RotationCoder.Result second = null;
            try {
                second = RotationCoder.encode(stack, can.block(), d, n, next, key, SITE_HEADER_BITS);
            } catch (IllegalArgumentException tooFewBits) {
                stack.restore(before); // a finer grid pops more than the stack holds
            }
            if (second != null && second.code() != null && (best == null || second.netBits() > best.netBits())) {
                best = second;
                bestBits = next;
            } else {
                stack.restore(after != null ? after : before);
            }
        }
        if (best == null) {
            return null;
        }
        return new Chosen(best, bestBits, multiply(best.rotation(), can.basis(), d));
    }

    /**
     * The grid bits in [{@link #SEARCH_MIN}, {@link #SEARCH_MAX}] a site's net saving is predicted to peak at, from a
     * trial at {@code b0}. Model: the decoder's reconstruction {@code Ŝ} misses {@code S} by a Gaussian error of a
     * fixed size, so in units of the grid {@code 2⁻ᵇ} its deviation is {@code σ_b = σ_{b0}·2^(b−b0)}; {@code σ_{b0}} is
     * estimated twice from the trial's corrections, from the share the error moved by half a unit or more
     * ({@code P(|e| ≥ ½)}) and from their mean square (minus the rounding's 1/12), and the larger taken. A site then
     * saves {@code (b+1)·m − 32d − m·H(round(e))} bits, {@code H} the entropy of the rounded error plus 32 bits for each
     * escape past ±15. Above 14 bits escapes grow faster than the model knows (its tails are too light): measured on
     * random sites of width 64–512, the best grid was 14 or 15 within 0.02 %, and the model picks 15 where 14 was
     * 0.1–0.5 % better; so the range stops at 14.
     */
    static int chooseGridBits(RotationCoder.Result trial, int b0, int d) {
        double m = d * (d + 1) / 2.0;
        double share = Math.min(1 - 0.5 / m, Math.max(0.5 / m, trial.corrected() / m));
        double fromShare = 0.5 / SpecialFunctions.normalQuantile(1 - share / 2);
        double fromMoment = Math.sqrt(Math.max(0, trial.correctionMeanSquare() - 1.0 / 12)); // rounding adds 1/12
        double sigma = Math.max(fromShare, fromMoment); // the larger: heavier tails than a Gaussian's cost bits
        int best = b0;
        double bestNet = Double.NEGATIVE_INFINITY;
        for (int b = SEARCH_MIN; b <= SEARCH_MAX; b++) {
            double net = (b + 1) - correctionBits(sigma * Math.scalb(1.0, b - b0));
            if (net > bestNet) {
                bestNet = net;
                best = b;
            }
        }
        return best;
    }

    /** Bits per entry of a correction {@code round(e)}, {@code e ~ N(0, σ²)}: its entropy, escapes at 32 bits extra. */
    static double correctionBits(double sigma) {
        int range = RotationCoder.CORRECTION_RANGE;
        double bits = 0;
        double inside = 0;
        for (int k = -range; k <= range; k++) {
            double p = SpecialFunctions.normalCdf((k + 0.5) / sigma) - SpecialFunctions.normalCdf((k - 0.5) / sigma);
            if (p > 0) {
                bits -= p * Math.log(p) / Math.log(2);
                inside += p;
            }
        }
        double escape = Math.max(0, 1 - inside);
        if (escape > 0) {
            bits += escape * (32 - Math.log(escape) / Math.log(2));
        }
        return bits;
    }

    private static void push(AnsStack stack, String name, long[] shape, short[] codes, Settings settings,
            Map<String, BitsBackFormat.TensorEntry> entries, Map<String, short[]> stored) {
        CategoricalModel model = null;
        int[] freq = null;
        if (settings.weights() == BitsBackFormat.WEIGHTS_EXPONENT) {
            model = BitsBackFormat.exponentModel(codes);
            freq = BitsBackFormat.frequencies(model);
        }
        BitsBackFormat.push(stack, codes, model);
        entries.put(name, new BitsBackFormat.TensorEntry(name, shape, freq));
        stored.put(name, codes);
    }

    private static short[] toFloat16(double[] v, String name) throws ModelFormatException {
        short[] out = new short[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float16.fromDouble(v[i]);
            if (!Float16.isFinite(out[i])) {
                throw new ModelFormatException("tensor " + name + ": value " + v[i] + " at " + i
                        + " is not finite in float16");
            }
        }
        return out;
    }

    /** The residual-rows view ({@code d×n}) of a tensor's values. */
    static double[] view(double[] v, long[] shape, SiteLayout.Kind kind) {
        if (kind != SiteLayout.Kind.COLS) {
            return v;
        }
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        double[] t = new double[v.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = v[r * cols + c];
            }
        }
        return t;
    }

    /** {@code a·b}, both {@code d×d}. */
    static double[] multiply(double[] a, double[] b, int d) {
        return OrderedProduct.times(a, d, b, d, d);
    }

    /** A block's values after the rotations of its sites (null rotation: the identity). */
    static double[] rotate(double[] v, long[] shape, SiteLayout.Block b, double[][] rotation, SiteLayout layout) {
        switch (b.kind()) {
            case ROWS: {
                double[] r = rotation[b.site()];
                if (r == null) {
                    return v;
                }
                int d = (int) shape[0];
                return leftMultiply(r, v, d, v.length / d);
            }
            case COLS: {
                double[] r = rotation[b.site()];
                if (r == null) {
                    return v;
                }
                int rows = (int) shape[0];
                int d = (int) shape[1];
                return rightMultiplyTransposed(v, r, rows, d);
            }
            default: {
                int dIn = (int) shape[0];
                int dOut = (int) shape[1];
                double[] out = v;
                if (rotation[b.site()] != null) {
                    out = leftMultiply(rotation[b.site()], out, dIn, dOut);
                }
                if (rotation[b.outSite()] != null) {
                    out = rightMultiplyTransposed(out, rotation[b.outSite()], dIn, dOut);
                }
                return out;
            }
        }
    }

    /** {@code R·V}, {@code R} {@code d×d}, {@code V} {@code d×n}. */
    private static double[] leftMultiply(double[] r, double[] v, int d, int n) {
        return OrderedProduct.times(r, d, v, n, d);
    }

    /** {@code T·Rᵀ}, {@code T} {@code rows×d}, {@code R} {@code d×d}. */
    private static double[] rightMultiplyTransposed(double[] t, double[] r, int rows, int d) {
        double[] rt = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                rt[j * d + i] = r[i * d + j];
            }
        }
        return OrderedProduct.times(t, rows, rt, d, d);
    }
}
