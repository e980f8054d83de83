package io.rec4j.codec.recombiner;

import io.rec4j.codec.inr.SineFunction;
import io.rec4j.core.random.SharedRandomness;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Tiny RECOMBINER networks with pinned weights for the tests, and the entry point run in fresh JVMs by
 * {@link RecombinerCrossJvmTest}: prints the digest of the pinned render.
 */
public final class RecombinerFixtures {
    /**
     * 2 × 2 patches of 8 × 8 RGB samples, E = 8, 4 encoding channels, a SIREN of two sine layers of width 8, latent
     * grids of 2 × 2 × 3 per patch, φ with 5 hidden channels and {@code s1 = 1}, groups of 1 × 2 patches.
     */
    static final RecombinerArchitecture TINY = new RecombinerArchitecture(2, 8, 8, 2, 2, 8, 4, 8, 2, 3, 3, 5, 1, 1, 2);
    /** The same in 1-D: 3 patches of 16 samples, one output channel, {@code s1 = 2}. */
    static final RecombinerArchitecture TINY_AUDIO = new RecombinerArchitecture(1, 1, 16, 1, 3, 8, 4, 8, 2, 1, 3, 5,
            2, 1, 3);

    private RecombinerFixtures() {
    }

    /** {@code n} values uniform in {@code ±bound}, from shared randomness (the same on every JVM). */
    static double[] uniform(long seed, int n, double bound) {
        SharedRandomness r = SharedRandomness.fromSeed(seed);
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            out[k] = bound * (2 * r.uniform(0, k) - 1);
        }
        return out;
    }

    /**
     * A network whose matrices are {@code U(−1, 1)/n_l} (the authors' initialisation of {@code A}) and whose φ
     * weights are {@code U(−1/√fan_in, 1/√fan_in)}-sized (bound 0.3 here, the order of the default init).
     */
    static RecombinerNetwork network(RecombinerArchitecture arch, long seed) {
        return RecombinerNetwork.fromParameters(arch, networkParameters(arch, seed));
    }

    /** The flat parameters of {@link #network}. */
    static double[] networkParameters(RecombinerArchitecture arch, long seed) {
        int matrices = (int) LinearReparameterisation.matrixValueCount(arch.siren());
        double[] flat = new double[(int) RecombinerNetwork.parameterCount(arch)];
        int at = 0;
        for (int l = 0; l < arch.siren().layerCount(); l++) {
            int n = arch.siren().layerParameterCount(l);
            double[] a = uniform(seed + l, n * n, 1.0 / n);
            System.arraycopy(a, 0, flat, at, a.length);
            at += a.length;
        }
        double[] phi = uniform(seed + 100, flat.length - matrices, 0.3);
        System.arraycopy(phi, 0, flat, at, phi.length);
        return flat;
    }

    /** Per-patch latents {@code h_w} (spread so that the INR is far from linear: ±3). */
    static double[][] weightLatents(RecombinerArchitecture arch, long seed) {
        double[][] out = new double[arch.patchCount()][];
        for (int p = 0; p < out.length; p++) {
            out[p] = uniform(seed * 1000 + p, arch.weightLatentCount(), 3.0);
        }
        return out;
    }

    /** Per-patch latent grids {@code h_z}, ±1. */
    static double[][] gridLatents(RecombinerArchitecture arch, long seed) {
        double[][] out = new double[arch.patchCount()][];
        for (int p = 0; p < out.length; p++) {
            out[p] = uniform(seed * 1000 + 500 + p, arch.gridLatentCount(), 1.0);
        }
        return out;
    }

    /** Hex SHA-256 of the IEEE bits of {@code values}, big-endian. */
    static String digest(double[] values) {
        ByteBuffer buf = ByteBuffer.allocate(8 * values.length);
        for (double v : values) {
            buf.putLong(Double.doubleToRawLongBits(v));
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(buf.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Digest of the pinned 2-D render with {@code sine}. */
    static String renderDigest(SineFunction sine) {
        RecombinerRenderer r = new RecombinerRenderer(network(TINY, 7), sine);
        return digest(r.render(weightLatents(TINY, 3), gridLatents(TINY, 4)));
    }

    /** Digest of the pinned 1-D render (polynomial sine). */
    static String audioDigest() {
        RecombinerRenderer r = new RecombinerRenderer(network(TINY_AUDIO, 8), SineFunction.POLYNOMIAL);
        return digest(r.render(weightLatents(TINY_AUDIO, 5), gridLatents(TINY_AUDIO, 6)));
    }

    /**
     * A patched model of {@code arch} (three levels) with the pinned network, zero-mean priors of std 0.05 (level 1),
     * 0.03 (level 2) and 0.02 (level 3), blocks of 7 latents and κ = 5 bits (so rows are not whole bytes).
     */
    static RecombinerModel patchedModel(RecombinerArchitecture arch, long seed) {
        double[] net = networkParameters(arch, seed);
        float[] f = new float[net.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) net[i];
        }
        java.util.List<RecombinerModel.Level> levels = new java.util.ArrayList<>();
        double[] stds = {0.05, 0.03, 0.02};
        for (int l = 0; l < arch.levels(); l++) {
            int d = RecombinerModel.levelDimension(arch, l);
            double[] std = new double[d];
            java.util.Arrays.fill(std, stds[l]);
            double[] rho = new double[d];
            java.util.Arrays.fill(rho, -4);
            levels.add(new RecombinerModel.Level(io.rec4j.core.rec.dist.DiagonalGaussian.of(new double[d], std), rho,
                    new io.rec4j.core.rec.plan.FixedSizePlanner(7).plan(d, seed + l)));
        }
        return new RecombinerModel("patched-tiny", arch, f, levels, seed, 5, 1e-6);
    }

    /** Digest of the decoder's samples for pinned random indices of a patched model of {@code arch}. */
    static String patchedDecodeDigest(RecombinerArchitecture arch) {
        RecombinerModel m = patchedModel(arch, 9);
        byte[] indices = RecombinerCodec.randomIndices(m, new java.util.SplittableRandom(10));
        return digest(RecombinerCodec.render(m, RecombinerCodec.latents(m, indices)));
    }

    /** Prints the pinned digests, one per line. */
    public static void main(String[] args) {
        System.out.println(renderDigest(SineFunction.STRICT_MATH));
        System.out.println(renderDigest(SineFunction.POLYNOMIAL));
        System.out.println(audioDigest());
        System.out.println(patchedDecodeDigest(TINY));
        System.out.println(patchedDecodeDigest(TINY_AUDIO));
    }
}
