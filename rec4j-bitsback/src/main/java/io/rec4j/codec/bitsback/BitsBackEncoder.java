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
    /** Header bytes a bits-back site costs over a plain one: its grid bits and 32 correction frequencies. */
    public static final int SITE_HEADER_BITS = 8 * (1 + 2 * (2 * RotationCoder.CORRECTION_RANGE + 2));
    /** Grid bits tried when the settings ask for a search. */
    public static final int[] GRID_SEARCH = {10, 11, 12, 13, 14};

    private BitsBackEncoder() {
    }

    /**
     * @param bitsBack  draw rotations from the stream (false: every site plain, the baseline)
     * @param gridBits  {@code b} of every site, or 0 to try {@link #GRID_SEARCH} per site and keep the best
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
            int[] grid = settings.gridBits() == 0 ? GRID_SEARCH : new int[] {settings.gridBits()};
            long needed = (long) (grid[grid.length - 1] + 1) * d * (d + 1) / 2;
            // the first site finds too few bits on the stack to pop from: it is coded plainly
            if (settings.bitsBack() && stack.bitLength() > needed + 64) {
                AnsStack.Snapshot clean = stack.snapshot();
                try {
                    best = bitsBackSite(stack, view, d, n, grid, BitsBackFormat.siteKey(settings.salt(), s));
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
    private record Chosen(RotationCoder.Result result, int gridBits, double[] rotation) {
    }

    /**
     * Tries each grid size on a copy of the state and codes the site with the best one; null if none pays (the
     * stack is then as before).
     */
    private static Chosen bitsBackSite(AnsStack stack, double[] view, int d, int n, int[] grid, long key) {
        RotationCoder.Canonical can = RotationCoder.canonical(view, d, n);
        AnsStack.Snapshot before = grid.length > 1 ? stack.snapshot() : null;
        AnsStack.Snapshot after = null; // the stack as the best grid size left it
        RotationCoder.Result best = null;
        int bestBits = 0;
        for (int b : grid) {
            RotationCoder.Result r = RotationCoder.encode(stack, can.block(), d, n, b, key, SITE_HEADER_BITS);
            if (r.code() != null && (best == null || r.netBits() > best.netBits())) {
                best = r;
                bestBits = b;
                after = before != null ? stack.snapshot() : null;
            }
            if (before != null) {
                stack.restore(before);
            }
        }
        if (best == null) {
            return null;
        }
        if (after != null) {
            stack.restore(after);
        }
        return new Chosen(best, bestBits, multiply(best.rotation(), can.basis(), d));
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
