package io.rec4j.nn.djl;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Standard-normal noise for one local-reparameterisation forward pass ({@code docs/combiner.md},
 * "Posterior and β-ELBO"): per layer, an (N, d_out) array ε for the weight part (one draw per pixel and unit) and a
 * (d_out) array ε_b for the bias (one draw per unit, shared by all pixels). Fixing the noise makes the ELBO a
 * deterministic function of the posterior parameters (used by the gradient check).
 *
 * @param preActivation per layer, (N, d_out)
 * @param bias          per layer, (d_out)
 */
public record SirenNoise(List<NDArray> preActivation, List<NDArray> bias) {
    public SirenNoise {
        if (preActivation.size() != bias.size()) {
            throw new IllegalArgumentException("layer counts differ");
        }
        preActivation = List.copyOf(preActivation);
        bias = List.copyOf(bias);
    }
}
