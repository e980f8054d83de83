package io.rec4j.codec.inr;

/**
 * Shape of a SIREN-style INR (Sitzmann et al., NeurIPS 2020, arXiv 2006.09661) with a Fourier-feature input, as
 * COMBINER uses it (Guo et al., NeurIPS 2023, arXiv 2305.19185; {@code docs/combiner.md}, "Network"), and the <b>flat
 * parameter layout</b> that encoders, model files and {@link SirenNetwork} share.
 *
 * <h2>Network</h2>
 * Input: {@code inputDim} coordinates → γ(x) of size {@code embeddingSize} ({@link FourierFeatures}). Then
 * {@code hiddenLayers} hidden layers of width {@code hiddenWidth}, each {@code a ↦ sin(w0·(a·W + b))} (the first
 * one included), then one affine output layer {@code a ↦ a·W + b} with {@code outputChannels} outputs. There are
 * {@link #layerCount()} {@code = hiddenLayers + 1} linear layers; layer {@code l} maps
 * {@link #layerInputDim(int) d_in(l)} to {@link #layerOutputDim(int) d_out(l)}.
 *
 * <h2>Flat parameter layout</h2>
 * All parameters live in one {@code double[]} of length {@link #parameterCount()}, layer by layer
 * ({@code l = 0, 1, …, hiddenLayers}). Layer {@code l} starts at {@link #layerOffset(int) offset(l)} and holds
 * <ol>
 *   <li>its weight matrix {@code W} ({@code d_in × d_out}, used as {@code a·W}) row-major:
 *       {@code W[i][j]} at {@code offset(l) + i·d_out + j} ({@link #weightIndex(int, int, int)});</li>
 *   <li>then its bias {@code b[j]} at {@code offset(l) + d_in·d_out + j} ({@link #biasIndex(int, int)}).</li>
 * </ol>
 * Equivalently each layer is a {@code (d_in + 1) × d_out} row-major matrix whose last row is the bias, which is exactly
 * the per-layer storage of the COMBINER authors' code (flat index {@code row·d_out + col}), and
 * {@code offset(l + 1) = offset(l) + (d_in(l) + 1)·d_out(l)}.
 *
 * @param inputDim       coordinates per point {@code I} (2 for images)
 * @param embeddingSize  Fourier embedding size {@code E}, a multiple of {@code 2I}
 * @param hiddenWidth    width of every hidden layer
 * @param hiddenLayers   number of sine-activated layers (COMBINER Kodak: 5)
 * @param outputChannels outputs per point (3 for RGB)
 * @param w0             SIREN frequency factor (30 in both references)
 */
public record SirenArchitecture(int inputDim, int embeddingSize, int hiddenWidth, int hiddenLayers,
        int outputChannels, double w0) {

    /** SIREN frequency factor used by COMBINER and RECOMBINER (both authors' codes). */
    public static final double DEFAULT_W0 = 30.0;

    public SirenArchitecture {
        new FourierFeatures(inputDim, embeddingSize); // validates I and E
        if (hiddenWidth < 1) {
            throw new IllegalArgumentException("hidden width must be positive, was " + hiddenWidth);
        }
        if (hiddenLayers < 0) {
            throw new IllegalArgumentException("hidden layer count must be non-negative, was " + hiddenLayers);
        }
        if (outputChannels < 1) {
            throw new IllegalArgumentException("output channels must be positive, was " + outputChannels);
        }
        if (!(w0 > 0) || Double.isInfinite(w0)) {
            throw new IllegalArgumentException("w0 must be positive and finite, was " + w0);
        }
        long count = 0;
        for (int l = 0; l <= hiddenLayers; l++) {
            long in = l == 0 ? embeddingSize : hiddenWidth;
            long out = l == hiddenLayers ? outputChannels : hiddenWidth;
            count += (in + 1) * out;
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many parameters for one array: " + count);
        }
    }

    /** The architecture with the default {@code w0 = 30}. */
    public static SirenArchitecture of(int inputDim, int embeddingSize, int hiddenWidth, int hiddenLayers,
            int outputChannels) {
        return new SirenArchitecture(inputDim, embeddingSize, hiddenWidth, hiddenLayers, outputChannels, DEFAULT_W0);
    }

    /**
     * COMBINER's Kodak model (the authors' published Kodak configuration): 2-D input, E = 64, five sine layers of width
     * 48, RGB output; 12 675 parameters.
     */
    public static SirenArchitecture combinerKodak() {
        return of(2, 64, 48, 5, 3);
    }

    /** Number of linear layers, {@code hiddenLayers + 1}. */
    public int layerCount() {
        return hiddenLayers + 1;
    }

    /** Input width of layer {@code l}: {@code E} for the first layer, the hidden width after it. */
    public int layerInputDim(int l) {
        checkLayer(l);
        return l == 0 ? embeddingSize : hiddenWidth;
    }

    /** Output width of layer {@code l}: the hidden width, or the channel count for the last layer. */
    public int layerOutputDim(int l) {
        checkLayer(l);
        return l == hiddenLayers ? outputChannels : hiddenWidth;
    }

    /** Parameters of layer {@code l}: {@code (d_in + 1)·d_out}. */
    public int layerParameterCount(int l) {
        return (layerInputDim(l) + 1) * layerOutputDim(l);
    }

    /** Index of the first parameter (weight {@code W[0][0]}) of layer {@code l}; {@code l = layerCount()} gives the total. */
    public int layerOffset(int l) {
        if (l < 0 || l > layerCount()) {
            throw new IndexOutOfBoundsException("layer " + l + " outside 0.." + layerCount());
        }
        int offset = 0;
        for (int k = 0; k < l; k++) {
            offset += layerParameterCount(k);
        }
        return offset;
    }

    /** Flat index of weight {@code W[i][j]} of layer {@code l} (input {@code i}, output {@code j}). */
    public int weightIndex(int l, int i, int j) {
        int in = layerInputDim(l);
        int out = layerOutputDim(l);
        if (i < 0 || i >= in || j < 0 || j >= out) {
            throw new IndexOutOfBoundsException("weight (" + i + ", " + j + ") outside " + in + " x " + out);
        }
        return layerOffset(l) + i * out + j;
    }

    /** Flat index of bias {@code b[j]} of layer {@code l}. */
    public int biasIndex(int l, int j) {
        int in = layerInputDim(l);
        int out = layerOutputDim(l);
        if (j < 0 || j >= out) {
            throw new IndexOutOfBoundsException("bias " + j + " outside 0.." + (out - 1));
        }
        return layerOffset(l) + in * out + j;
    }

    /** Total number of scalars (weights and biases) in the flat layout. */
    public int parameterCount() {
        return layerOffset(layerCount());
    }

    /** The Fourier embedding of this architecture. */
    public FourierFeatures features() {
        return new FourierFeatures(inputDim, embeddingSize);
    }

    private void checkLayer(int l) {
        if (l < 0 || l > hiddenLayers) {
            throw new IndexOutOfBoundsException("layer " + l + " outside 0.." + hiddenLayers);
        }
    }
}
