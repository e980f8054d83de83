package io.rec4j.codec.recombiner;

import java.util.Objects;

/**
 * The learned, shared parts of a RECOMBINER model that the decoder's forward pass needs (He, Flamich, Guo,
 * Hernández-Lobato, ICLR 2024, arXiv 2309.17182, §3.1–3.2; {@code docs/recombiner.md}): the linear
 * reparameterisation matrices {@code A^[l]} and the upsampling network φ, for one architecture.
 *
 * @param architecture the sizes
 * @param reparameterisation the matrices {@code A^[l]} of the architecture's INR
 * @param upsampler φ, reading the architecture's latent grids and writing its encoding channels; {@code null} exactly
 *                  when the architecture has no positional encodings
 */
public record RecombinerNetwork(RecombinerArchitecture architecture, LinearReparameterisation reparameterisation,
        PositionalUpsampler upsampler) {
    public RecombinerNetwork {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(reparameterisation, "reparameterisation");
        if (!reparameterisation.siren().equals(architecture.siren())) {
            throw new IllegalArgumentException("matrices for " + reparameterisation.siren() + ", architecture has "
                    + architecture.siren());
        }
        if (upsampler == null) {
            if (architecture.hasPositionalEncodings()) {
                throw new NullPointerException("upsampler");
            }
        } else if (!architecture.hasPositionalEncodings()) {
            throw new IllegalArgumentException("an upsampler for an architecture without positional encodings");
        } else if (upsampler.dims() != architecture.inputDim()
                || upsampler.firstUpsample() != architecture.firstUpsample()
                || upsampler.latentChannels() != architecture.latentChannels()
                || upsampler.first().outChannels() != architecture.upsamplerChannels()
                || upsampler.encodingChannels() != architecture.encodingChannels()) {
            throw new IllegalArgumentException("upsampler does not match the architecture " + architecture);
        }
    }

    /** Values of {@link #fromParameters}' flat list: all matrices, then φ. */
    public static long parameterCount(RecombinerArchitecture arch) {
        return LinearReparameterisation.matrixValueCount(arch.siren()) + arch.upsamplerParameterCount();
    }

    /**
     * The network from one flat list: the matrices {@code A^[0]}, {@code A^[1]}, … (row-major), then φ's parameters
     * in the order of {@link PositionalUpsampler#fromParameters}.
     */
    public static RecombinerNetwork fromParameters(RecombinerArchitecture arch, double[] flat) {
        long need = parameterCount(arch);
        if (flat.length != need) {
            throw new IllegalArgumentException("expected " + need + " network parameters, got " + flat.length);
        }
        LinearReparameterisation a = LinearReparameterisation.fromParameters(arch.siren(), flat, 0);
        int at = (int) LinearReparameterisation.matrixValueCount(arch.siren());
        PositionalUpsampler phi = !arch.hasPositionalEncodings() ? null
                : PositionalUpsampler.fromParameters(arch.inputDim(), arch.latentChannels(), arch.upsamplerChannels(),
                        arch.encodingChannels(), arch.firstUpsample(), flat, at);
        return new RecombinerNetwork(arch, a, phi);
    }
}
