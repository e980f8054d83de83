package io.rec4j.codec.recombiner;

import io.rec4j.codec.inr.FourierFeatures;
import io.rec4j.codec.inr.SirenArchitecture;

/**
 * The sizes of a RECOMBINER model (He, Flamich, Guo, Hernández-Lobato, ICLR 2024, arXiv 2309.17182, §3 and
 * App. D, Table 2; {@code docs/recombiner.md}, "Architectures"): the signal is cut into {@code patchRows ×
 * patchCols} patches of {@code patchHeight × patchWidth} samples (one patch for unpatched data); every patch has a
 * SIREN over {@code [γ(local coordinates), learned positional encoding]} and a latent grid of
 * {@code latentHeight × latentWidth × latentChannels} values, upsampled by φ ({@link PositionalUpsampler}) with a
 * total factor {@code 4·firstUpsample}; patches form groups of {@code groupRows × groupCols} for the hierarchical
 * prior. One-dimensional signals (audio) have {@code inputDim = 1} and height 1 throughout.
 *
 * <p>{@code encodingChannels = latentChannels = upsamplerChannels = 0} is the paper's ablation without learned
 * positional encodings (§5.2): no latent grid, no φ, and the INR reads the Fourier features alone
 * ({@link #withoutPositionalEncodings}).
 *
 * @param inputDim          1 (audio) or 2 (images)
 * @param patchHeight       samples per patch vertically (1 for 1-D)
 * @param patchWidth        samples per patch horizontally
 * @param patchRows         patches vertically (1 for 1-D)
 * @param patchCols         patches horizontally
 * @param fourierSize       Fourier embedding size {@code E}, a multiple of {@code 2·inputDim}
 * @param encodingChannels  learned positional encoding channels (16)
 * @param hiddenWidth       hidden units of the SIREN (32)
 * @param hiddenLayers      sine-activated layers (3, so 4 linear layers)
 * @param outputChannels    outputs per sample (3 for RGB, 1 for audio)
 * @param latentChannels    channels of the latent grid (128)
 * @param upsamplerChannels hidden channels of φ (64)
 * @param firstUpsample     φ's first upsampling factor {@code s1} (4)
 * @param groupRows         patches per group vertically
 * @param groupCols         patches per group horizontally
 */
public record RecombinerArchitecture(int inputDim, int patchHeight, int patchWidth, int patchRows, int patchCols,
        int fourierSize, int encodingChannels, int hiddenWidth, int hiddenLayers, int outputChannels,
        int latentChannels, int upsamplerChannels, int firstUpsample, int groupRows, int groupCols) {

    /** Largest value of any size (larger ones would overflow the products the decoder forms). */
    public static final int MAX_SIZE = 1 << 16;
    /** Largest latent grid per patch. */
    public static final long MAX_LATENTS = 1 << 24;

    public RecombinerArchitecture {
        if (inputDim != 1 && inputDim != 2) {
            throw new IllegalArgumentException("RECOMBINER here takes 1-D or 2-D signals, was " + inputDim + "-D");
        }
        if (inputDim == 1 && (patchHeight != 1 || patchRows != 1 || groupRows != 1)) {
            throw new IllegalArgumentException("1-D signals have patches, patch rows and group rows of height 1");
        }
        if (patchHeight < 1 || patchWidth < 1 || patchRows < 1 || patchCols < 1 || firstUpsample < 1
                || groupRows < 1 || groupCols < 1) {
            throw new IllegalArgumentException("RECOMBINER sizes must be positive");
        }
        boolean none = encodingChannels == 0 && latentChannels == 0 && upsamplerChannels == 0;
        if (!none && (encodingChannels < 1 || latentChannels < 1 || upsamplerChannels < 1)) {
            throw new IllegalArgumentException("encoding, latent and upsampler channels must all be positive, or all"
                    + " 0 (no positional encodings); were " + encodingChannels + ", " + latentChannels + ", "
                    + upsamplerChannels);
        }
        for (int v : new int[] {patchHeight, patchWidth, patchRows, patchCols, fourierSize, encodingChannels,
                hiddenWidth, hiddenLayers, outputChannels, latentChannels, upsamplerChannels, firstUpsample,
                groupRows, groupCols}) {
            if (v > MAX_SIZE) {
                throw new IllegalArgumentException("RECOMBINER sizes are at most " + MAX_SIZE + ", got " + v);
            }
        }
        long grid = (long) (inputDim == 2 ? patchHeight / (4 * firstUpsample) : 1) * (patchWidth / (4L * firstUpsample))
                * latentChannels;
        if (grid > MAX_LATENTS) {
            throw new IllegalArgumentException("latent grid of " + grid + " values per patch; at most " + MAX_LATENTS);
        }
        new FourierFeatures(inputDim, fourierSize); // validates E
        int s = 4 * firstUpsample;
        if (patchWidth % s != 0 || (inputDim == 2 && patchHeight % s != 0)) {
            throw new IllegalArgumentException("patch " + patchHeight + " x " + patchWidth
                    + " is not a multiple of the upsampling factor " + s);
        }
        if (patchRows % groupRows != 0 || patchCols % groupCols != 0) {
            throw new IllegalArgumentException(patchRows + " x " + patchCols + " patches do not split into groups of "
                    + groupRows + " x " + groupCols);
        }
        long samples = (long) patchRows * patchHeight * patchCols * patchWidth;
        if (samples * Math.max(outputChannels, encodingChannels) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("signal too large: " + samples + " samples");
        }
        SirenArchitecture.of(inputDim, fourierSize + encodingChannels, hiddenWidth, hiddenLayers, outputChannels);
    }

    /** CIFAR-10: one 32×32 RGB image, E = 16, a 2×2×128 latent grid, 3 267 INR parameters, no hierarchy. */
    public static RecombinerArchitecture cifar10() {
        return new RecombinerArchitecture(2, 32, 32, 1, 1, 16, 16, 32, 3, 3, 128, 64, 4, 1, 1);
    }

    /**
     * Photos in 64×64 patches (the authors' Kodak setting is 8 × 12 patches of a 512×768 image), a 4×4×128 latent
     * grid per patch, groups of 4×4 patches.
     */
    public static RecombinerArchitecture photoPatches(int patchRows, int patchCols) {
        return new RecombinerArchitecture(2, 64, 64, patchRows, patchCols, 16, 16, 32, 3, 3, 128, 64, 4, 4, 4);
    }

    /** Audio: {@code patches} patches of 800 samples (the authors use 60, 3 s at 16 kHz), latent 50×128, groups of 4. */
    public static RecombinerArchitecture audio(int patches) {
        return new RecombinerArchitecture(1, 1, 800, 1, patches, 16, 16, 32, 3, 1, 128, 64, 4, 1, 4);
    }

    /** Whether the INR reads learned positional encodings (false: the ablation without them). */
    public boolean hasPositionalEncodings() {
        return encodingChannels > 0;
    }

    /** This architecture without learned positional encodings: no latent grid, no φ (the paper's §5.2 ablation). */
    public RecombinerArchitecture withoutPositionalEncodings() {
        return new RecombinerArchitecture(inputDim, patchHeight, patchWidth, patchRows, patchCols, fourierSize, 0,
                hiddenWidth, hiddenLayers, outputChannels, 0, 0, firstUpsample, groupRows, groupCols);
    }

    /** The INR of one patch: input {@code E + encodingChannels}, its layer layout and parameter count. */
    public SirenArchitecture siren() {
        return SirenArchitecture.of(inputDim, fourierSize + encodingChannels, hiddenWidth, hiddenLayers,
                outputChannels);
    }

    /** The Fourier embedding of the local patch coordinates. */
    public FourierFeatures fourier() {
        return new FourierFeatures(inputDim, fourierSize);
    }

    /** Total upsampling of φ per upsampled axis, {@code 4·s1}. */
    public int upsampling() {
        return 4 * firstUpsample;
    }

    /** Rows of a patch's latent grid. */
    public int latentHeight() {
        return inputDim == 2 ? patchHeight / upsampling() : 1;
    }

    /** Columns of a patch's latent grid. */
    public int latentWidth() {
        return patchWidth / upsampling();
    }

    /** Latent values of the INR, {@code dim h_w} (3 267 for the authors' images, 3 201 for audio). */
    public int weightLatentCount() {
        return siren().parameterCount();
    }

    /** Latent values of a patch's grid, {@code dim h_z}. */
    public int gridLatentCount() {
        return latentHeight() * latentWidth() * latentChannels;
    }

    /** Patches in the signal. */
    public int patchCount() {
        return patchRows * patchCols;
    }

    /** Groups of the middle level of the hierarchy. */
    public int groupCount() {
        return (patchRows / groupRows) * (patchCols / groupCols);
    }

    /** Latents of one patch at level 1, {@code [h_w, h_z]}: {@code weightLatentCount + gridLatentCount}. */
    public int patchLatentCount() {
        return weightLatentCount() + gridLatentCount();
    }

    /**
     * All latents of one signal, in the order training and coding keep them: every patch's {@code [h1_w, h_z]}
     * (row-major patches), then with three levels every group's {@code h2} and the signal's {@code h3}
     * ({@code weightLatentCount} each): {@code P·(dim h_w + dim h_z) + (G + 1)·dim h_w}, or
     * {@code dim h_w + dim h_z} without patches.
     */
    public long signalLatentCount() {
        long n = (long) patchCount() * patchLatentCount();
        return levels() == 3 ? n + (long) (groupCount() + 1) * weightLatentCount() : n;
    }

    /** 1 without patches, else 3 (patch, group, signal). */
    public int levels() {
        return patchCount() == 1 ? 1 : 3;
    }

    /** Group of patch {@code p} (row-major patches, row-major groups). */
    public int group(int p) {
        if (p < 0 || p >= patchCount()) {
            throw new IndexOutOfBoundsException("patch " + p + " outside 0.." + (patchCount() - 1));
        }
        int r = p / patchCols;
        int c = p % patchCols;
        return (r / groupRows) * (patchCols / groupCols) + c / groupCols;
    }

    /** Samples per row of the whole signal. */
    public int signalWidth() {
        return patchCols * patchWidth;
    }

    /** Rows of the whole signal (1 for 1-D). */
    public int signalHeight() {
        return patchRows * patchHeight;
    }

    /** Parameters of φ (0 without positional encodings). */
    public int upsamplerParameterCount() {
        if (!hasPositionalEncodings()) {
            return 0;
        }
        return PositionalUpsampler.parameterCount(inputDim, latentChannels, upsamplerChannels, encodingChannels);
    }
}
