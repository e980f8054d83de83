package io.rec4j.nn;

/**
 * Shape of a COMBINER-style SIREN implicit neural representation (spec combiner-recombiner.md §1.2–1.3, §2.1).
 *
 * <p>The network has {@code linearLayers} affine layers: {@code embeddingSize → hiddenWidth}, then
 * {@code linearLayers − 2} times {@code hiddenWidth → hiddenWidth}, then {@code hiddenWidth → outputs}. Every layer but
 * the last is followed by {@code sin(w0·z)}. The COMBINER Kodak configuration is {@link #combinerKodak()}: 6 linear
 * layers, E = 64, width 48, 3 outputs, 12 675 scalars.
 *
 * <p>Flat parameter layout (§2.1 "per-layer storage"): layers in order; layer {@code l} is a {@code (d_in+1) × d_out}
 * matrix stored row-major, rows {@code 0..d_in−1} are the weights and the last row is the bias, so the weight
 * {@code W[r][c]} has flat index {@code offset(l) + r·d_out + c} and the bias {@code b[c]} has
 * {@code offset(l) + d_in·d_out + c}.
 *
 * @param inputDims    coordinate dimension I (2 for images)
 * @param embeddingSize Fourier embedding size E, divisible by 2I
 * @param hiddenWidth  width of the hidden layers
 * @param linearLayers number of affine layers, at least 2
 * @param outputs      output channels (3 for RGB)
 * @param w0           SIREN frequency factor (30 in COMBINER)
 */
public record SirenArchitecture(int inputDims, int embeddingSize, int hiddenWidth, int linearLayers, int outputs,
                                double w0) {

    /** SIREN frequency factor used by COMBINER and RECOMBINER (§1.3). */
    public static final double COMBINER_W0 = 30.0;

    public SirenArchitecture {
        if (inputDims < 1 || embeddingSize < 1 || embeddingSize % (2 * inputDims) != 0) {
            throw new IllegalArgumentException("embedding size " + embeddingSize + " must be a positive multiple of 2·"
                    + inputDims);
        }
        if (hiddenWidth < 1 || outputs < 1 || linearLayers < 2) {
            throw new IllegalArgumentException("need width ≥ 1, outputs ≥ 1 and at least 2 linear layers");
        }
        if (!(w0 > 0) || Double.isInfinite(w0)) {
            throw new IllegalArgumentException("w0 must be positive and finite: " + w0);
        }
    }

    /** COMBINER's Kodak config (§2.1): E = 64, 6 linear layers, width 48, RGB output, w0 = 30. */
    public static SirenArchitecture combinerKodak() {
        return images(64, 48, 6);
    }

    /** An image INR (2-D coordinates, RGB output, w0 = 30) with the given embedding size, width and layer count. */
    public static SirenArchitecture images(int embeddingSize, int hiddenWidth, int linearLayers) {
        return new SirenArchitecture(2, embeddingSize, hiddenWidth, linearLayers, 3, COMBINER_W0);
    }

    /** Input width of layer {@code l}. */
    public int inputsOf(int l) {
        checkLayer(l);
        return l == 0 ? embeddingSize : hiddenWidth;
    }

    /** Output width of layer {@code l}. */
    public int outputsOf(int l) {
        checkLayer(l);
        return l == linearLayers - 1 ? outputs : hiddenWidth;
    }

    /** Number of scalars (weights and bias) of layer {@code l}: {@code (d_in+1)·d_out}. */
    public int sizeOf(int l) {
        return (inputsOf(l) + 1) * outputsOf(l);
    }

    /** Flat index of the first scalar of layer {@code l}. */
    public int offsetOf(int l) {
        checkLayer(l);
        int off = 0;
        for (int i = 0; i < l; i++) {
            off += sizeOf(i);
        }
        return off;
    }

    /** Total number of scalars. */
    public int parameterCount() {
        return offsetOf(linearLayers - 1) + sizeOf(linearLayers - 1);
    }

    /**
     * Initialisation scale {@code w} of layer {@code l} (§2.3): {@code 1/d_in} for the first layer and
     * {@code sqrt(c/d_in)/w0} with c = 6 for every other layer (including the output layer).
     */
    public double initScale(int l) {
        final double c = 6.0; // SIREN initialisation constant (§1.3)
        return l == 0 ? 1.0 / inputsOf(0) : Math.sqrt(c / inputsOf(l)) / w0;
    }

    private void checkLayer(int l) {
        if (l < 0 || l >= linearLayers) {
            throw new IndexOutOfBoundsException("layer " + l + " of " + linearLayers);
        }
    }
}
