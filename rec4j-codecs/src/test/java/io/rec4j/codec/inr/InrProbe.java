package io.rec4j.codec.inr;

import io.rec4j.codec.image.TestCard;
import io.rec4j.core.random.SharedRandomness;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Fixtures shared by the INR tests, and the entry point run in fresh JVMs by {@link InrCrossJvmTest}: prints the
 * digest of the pinned render, then the digest of the pinned test card, one per line.
 */
public final class InrProbe {
    /** Small architecture of the pinned render: 2-D input, E = 16, two sine layers of width 8, RGB. */
    static final SirenArchitecture ARCH = SirenArchitecture.of(2, 16, 8, 2, 3);
    static final long PARAM_SEED = 2024;
    static final int RENDER_H = 12;
    static final int RENDER_W = 16;
    static final int CARD_W = 64;
    static final int CARD_H = 48;

    private InrProbe() {
    }

    /**
     * Parameters drawn uniformly within the SIREN initialisation bounds ({@code docs/combiner.md}, "Initialisation":
     * {@code ±1/d_in} for the first layer, {@code ±sqrt(6/d_in)/w0} after it), from shared randomness so every JVM gets
     * the same values.
     */
    static double[] params(SirenArchitecture arch, long seed) {
        SharedRandomness r = SharedRandomness.fromSeed(seed);
        double[] p = new double[arch.parameterCount()];
        for (int l = 0; l < arch.layerCount(); l++) {
            int in = arch.layerInputDim(l);
            double bound = l == 0 ? 1.0 / in : StrictMath.sqrt(6.0 / in) / arch.w0();
            for (int k = arch.layerOffset(l); k < arch.layerOffset(l + 1); k++) {
                p[k] = bound * (2 * r.uniform(0, k) - 1);
            }
        }
        return p;
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

    static String renderDigest() {
        return digest(SirenNetwork.render(ARCH, params(ARCH, PARAM_SEED), RENDER_H, RENDER_W));
    }

    static String cardDigest() {
        return TestCard.generate(CARD_W, CARD_H).sha256();
    }

    public static void main(String[] args) {
        System.out.println(renderDigest());
        System.out.println(cardDigest());
    }
}
