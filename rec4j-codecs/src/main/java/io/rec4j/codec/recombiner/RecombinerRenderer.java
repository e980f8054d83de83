package io.rec4j.codec.recombiner;

import io.rec4j.codec.inr.CoordinateGrid;
import io.rec4j.codec.inr.FeatureMajorPass;
import io.rec4j.codec.inr.SineFunction;
import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.codec.inr.SirenNetwork;
import java.util.Objects;

/**
 * The decoder's forward pass of RECOMBINER (He, Flamich, Guo, Hernández-Lobato, ICLR 2024, arXiv 2309.17182,
 * §3.1–3.3; {@code docs/recombiner.md}, "Rendering"): from every patch's INR latents {@code h_w} (already summed over
 * the hierarchy) and latent grid {@code h_z} to the signal.
 * <ol>
 *   <li>the patches' latent grids are stitched into one grid (patch {@code (r, c)} at latent cell
 *       {@code (r·latentHeight, c·latentWidth)}), so that φ sees across patch borders;</li>
 *   <li>φ ({@link PositionalUpsampler}) turns the stitched grid into the encoding map of the whole signal;</li>
 *   <li>each patch's INR input at local sample {@code q} is {@code [γ(x_q), encoding at q's place in the signal]},
 *       where {@code x_q} is the sample's coordinate on the patch's own grid in (−1, 1)
 *       ({@link CoordinateGrid}) — every patch has the same Fourier inputs, and only the encoding says where it
 *       lies;</li>
 *   <li>the patch's SIREN parameters are {@code h_w·A} ({@link LinearReparameterisation}), evaluated by
 *       {@link SirenNetwork#evaluateInputs}, whose bits {@link FeatureMajorPass} reproduces on the patch's inputs
 *       laid out feature-major; its outputs are written at the patch's place.</li>
 * </ol>
 * Every step is plain IEEE double arithmetic in a fixed order, with {@code StrictMath} or the polynomial sine of
 * {@code io.rec4j.codec.inr.Sine}, so the output bits are the same on every JVM. Immutable.
 */
public final class RecombinerRenderer {
    private final RecombinerNetwork network;
    private final RecombinerArchitecture arch;
    private final SineFunction sine;
    /** φ with its phase kernels computed once; null without positional encodings. */
    private final PositionalUpsampler.Prepared upsampler;
    /**
     * γ of the local patch grid, feature-major: feature {@code f} of sample {@code q} at {@code f·n + q} ({@code n}
     * samples per patch, row-major), the first {@code E} rows of every patch's INR input.
     */
    private final double[] fourier;
    /** The INR's forward pass on feature-major inputs. */
    private final FeatureMajorPass pass;

    /** @param sine the hidden layers' sine */
    public RecombinerRenderer(RecombinerNetwork network, SineFunction sine) {
        this.network = Objects.requireNonNull(network, "network");
        this.sine = Objects.requireNonNull(sine, "sine");
        this.arch = network.architecture();
        this.upsampler = network.upsampler() == null ? null : network.upsampler().prepare();
        double[] coords = arch.inputDim() == 2 ? CoordinateGrid.image(arch.patchHeight(), arch.patchWidth())
                : CoordinateGrid.grid(arch.patchWidth());
        double[] sampleMajor = arch.fourier().embedAll(coords);
        int n = arch.patchHeight() * arch.patchWidth();
        int e = arch.fourierSize();
        this.fourier = new double[e * n];
        for (int q = 0; q < n; q++) {
            for (int f = 0; f < e; f++) {
                fourier[f * n + q] = sampleMajor[q * e + f];
            }
        }
        this.pass = new FeatureMajorPass(arch.siren(), sine);
    }

    public RecombinerNetwork network() {
        return network;
    }

    /**
     * The patches' latent grids stitched into one: {@code latentChannels × (patchRows·latentHeight) ×
     * (patchCols·latentWidth)}.
     *
     * @param gridLatents per patch (row-major patches), {@code h_z} in position-major order
     *                    ({@code (y, x, channel)}, {@link FeatureMap#fromPositionMajor})
     */
    public FeatureMap stitch(double[][] gridLatents) {
        checkCount(gridLatents, "latent grids");
        int lh = arch.latentHeight();
        int lw = arch.latentWidth();
        FeatureMap all = FeatureMap.zeros(arch.latentChannels(), arch.patchRows() * lh, arch.patchCols() * lw);
        for (int p = 0; p < gridLatents.length; p++) {
            double[] g = Objects.requireNonNull(gridLatents[p], "latent grid " + p);
            if (g.length != arch.gridLatentCount()) {
                throw new IllegalArgumentException("latent grid " + p + " needs " + arch.gridLatentCount()
                        + " values, got " + g.length);
            }
            FeatureMap part = FeatureMap.fromPositionMajor(g, 0, lh, lw, arch.latentChannels());
            all.paste(part, (p / arch.patchCols()) * lh, (p % arch.patchCols()) * lw);
        }
        return all;
    }

    /** The learned positional encodings of the whole signal: φ of the stitched grids (null without encodings). */
    public FeatureMap encodings(double[][] gridLatents) {
        if (upsampler == null) {
            checkCount(gridLatents, "latent grids");
            return null;
        }
        return upsampler.apply(stitch(gridLatents));
    }

    /**
     * Renders the signal.
     *
     * @param weightLatents per patch (row-major patches), {@code h_w} of {@code weightLatentCount()} values, the
     *                      sum over the hierarchy's levels
     * @param gridLatents   per patch, {@code h_z} (see {@link #stitch})
     * @return {@code signalHeight·signalWidth·outputChannels} values, sample-major (row-major samples, then
     *         channels), unclamped
     */
    public double[] render(double[][] weightLatents, double[][] gridLatents) {
        return render(weightLatents, gridLatents, false);
    }

    /**
     * {@link #render(double[][], double[][])}, on two threads when {@code overlap} holds: φ runs on the common
     * fork-join pool while this thread forms the patches' INR parameters {@code h·A}, and each patch's INR then
     * evaluates the first half of its samples on the pool and the rest here. The parts do not depend on each other
     * and each value is computed whole by one thread in its usual order, so the output bits are the same either way
     * (no sum is split across threads). One image
     * decodes faster on a machine with a spare core; a caller that already keeps every core busy (many images at
     * once) gains nothing from it.
     */
    public double[] render(double[][] weightLatents, double[][] gridLatents, boolean overlap) {
        checkCount(weightLatents, "weight latents");
        SirenArchitecture siren = arch.siren();
        for (int p = 0; p < weightLatents.length; p++) {
            double[] hw = Objects.requireNonNull(weightLatents[p], "weight latents " + p);
            if (hw.length != siren.parameterCount()) {
                throw new IllegalArgumentException("weight latents " + p + " need " + siren.parameterCount()
                        + " values, got " + hw.length);
            }
        }
        java.util.concurrent.CompletableFuture<FeatureMap> phi = null;
        FeatureMap enc = null;
        if (overlap && upsampler != null) {
            checkCount(gridLatents, "latent grids");
            phi = java.util.concurrent.CompletableFuture.supplyAsync(() -> encodings(gridLatents));
        } else {
            enc = encodings(gridLatents);
        }
        double[][] patchParams = new double[weightLatents.length][];
        for (int p = 0; p < weightLatents.length; p++) {
            patchParams[p] = network.reparameterisation().weights(weightLatents[p], 0);
        }
        if (phi != null) {
            enc = joined(phi);
        }
        int ph = arch.patchHeight();
        int pw = arch.patchWidth();
        int e = arch.fourierSize();
        int k = arch.encodingChannels();
        int n = ph * pw;
        int channels = arch.outputChannels();
        int signalW = arch.signalWidth();
        int encH = enc == null ? 0 : enc.height();
        double[] encValues = enc == null ? null : enc.values();
        double[] out = new double[arch.signalHeight() * signalW * channels];
        // the patch's INR inputs feature-major: the E Fourier rows, then the k encoding rows, n samples each
        double[] inputs = new double[(e + k) * n];
        System.arraycopy(fourier, 0, inputs, 0, e * n);
        // with one patch per row of patches, patch p's samples are out's samples [p·n, (p + 1)·n)
        boolean direct = arch.patchCols() == 1;
        double[] values = direct ? out : new double[n * channels];
        FeatureMajorPass.Scratch scratch = pass.scratch();
        FeatureMajorPass.Scratch second = overlap ? pass.scratch() : null;
        for (int p = 0; p < weightLatents.length; p++) {
            int y0 = (p / arch.patchCols()) * ph;
            int x0 = (p % arch.patchCols()) * pw;
            for (int c = 0; c < k; c++) {
                for (int y = 0; y < ph; y++) {
                    System.arraycopy(encValues, (c * encH + y0 + y) * signalW + x0, inputs, (e + c) * n + y * pw, pw);
                }
            }
            double[] params = patchParams[p];
            int base = direct ? p * n : 0;
            if (second != null) {
                // the first half of the samples' chunks on the pool, the rest here: disjoint outputs
                int chunks = (n + FeatureMajorPass.CHUNK - 1) / FeatureMajorPass.CHUNK;
                int split = Math.min(n, (chunks / 2) * FeatureMajorPass.CHUNK);
                java.util.concurrent.CompletableFuture<Void> half = java.util.concurrent.CompletableFuture.runAsync(
                        () -> forward(params, inputs, n, 0, split, second, values, base));
                forward(params, inputs, n, split, n, scratch, values, base);
                joined(half);
            } else {
                forward(params, inputs, n, 0, n, scratch, values, base);
            }
            if (!direct) {
                for (int y = 0; y < ph; y++) {
                    System.arraycopy(values, y * pw * channels, out, ((y0 + y) * signalW + x0) * channels,
                            pw * channels);
                }
            }
        }
        return out;
    }

    /** The INR over samples {@code [from, to)} of a patch, chunk by chunk, into {@code values} from {@code base}. */
    private void forward(double[] params, double[] inputs, int n, int from, int to, FeatureMajorPass.Scratch scratch,
                         double[] values, int base) {
        for (int at = from; at < to; at += FeatureMajorPass.CHUNK) {
            int m = Math.min(FeatureMajorPass.CHUNK, to - at);
            pass.forward(params, inputs, n, at, m, scratch, values, base + at);
        }
    }

    /** The value of a finished task, rethrowing what it threw. */
    private static <T> T joined(java.util.concurrent.CompletableFuture<T> task) {
        try {
            return task.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            } else if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private void checkCount(double[][] perPatch, String what) {
        Objects.requireNonNull(perPatch, what);
        if (perPatch.length != arch.patchCount()) {
            throw new IllegalArgumentException("expected " + what + " for " + arch.patchCount() + " patches, got "
                    + perPatch.length);
        }
    }
}
