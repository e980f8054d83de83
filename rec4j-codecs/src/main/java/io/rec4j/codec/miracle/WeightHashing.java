package io.rec4j.codec.miracle;

import io.rec4j.core.random.SharedRandomness;

/**
 * The hashing trick as MIRACLE applies it (Havasi et al., ICLR 2019, arXiv 1810.00440, §3.3, after Chen et al.,
 * "Compressing neural networks with the hashing trick", ICML 2015): tensor {@code t} with {@code N} entries and group
 * size {@code g} has {@code N/g} coded variables; the entry at hash position {@code h} (its row-major index in
 * PyTorch's layout, or its output-major index where the tensor says so,
 * {@link MiracleArchitecture.Tensor#hashPosition}) equals variable {@code offset_t + h/g} times the sign
 * {@code s_t[h mod g]}. The sign pattern of a tensor is drawn once from shared randomness ({@code docs/miracle.md},
 * "Hashing"): {@code s_t[j] = +1} if the top bit of {@code bits64(0, j)} under key {@code shared.derive(t)} is 0,
 * else −1. Groups are consecutive hash positions, as in the authors' code, rather than a random hash; the mapping is
 * a bijection between variables and groups, so
 * {@link #variables} inverts {@link #expand} exactly wherever a group's entries agree.
 */
public final class WeightHashing {
    private final MiracleArchitecture arch;
    private final int[][] signs;

    /**
     * @param arch   the architecture
     * @param shared the randomness of the signs (the file's seed, derived for hashing)
     */
    public WeightHashing(MiracleArchitecture arch, SharedRandomness shared) {
        this.arch = arch;
        this.signs = new int[arch.tensors().size()][];
        for (int t = 0; t < signs.length; t++) {
            int g = arch.tensors().get(t).group();
            SharedRandomness s = shared.derive(t);
            signs[t] = new int[g];
            for (int j = 0; j < g; j++) {
                signs[t][j] = s.bits64(0, j) < 0 ? -1 : 1;
            }
        }
    }

    public MiracleArchitecture architecture() {
        return arch;
    }

    /** The sign pattern of tensor {@code t} (a copy), length its group size. */
    public int[] signs(int t) {
        return signs[t].clone();
    }

    /** The tensors, as float32 in PyTorch's layout, of a variable vector. */
    public float[][] expand(double[] variables) {
        if (variables.length != arch.variableCount()) {
            throw new IllegalArgumentException("need " + arch.variableCount() + " variables, got " + variables.length);
        }
        float[][] out = new float[arch.tensors().size()][];
        int v = 0;
        for (int t = 0; t < out.length; t++) {
            MiracleArchitecture.Tensor tensor = arch.tensors().get(t);
            int g = tensor.group();
            float[] w = new float[tensor.size()];
            for (int e = 0; e < w.length; e++) {
                int h = tensor.hashPosition(e);
                w[e] = (float) (signs[t][h % g] * variables[v + h / g]);
            }
            v += tensor.variables();
            out[t] = w;
        }
        return out;
    }

    /**
     * The variables of tensors in the hashed form (every group's entries equal to its variable times the signs):
     * the first entry of each group times its sign.
     */
    public double[] variables(float[][] tensors) {
        double[] out = new double[arch.variableCount()];
        int v = 0;
        for (int t = 0; t < tensors.length; t++) {
            MiracleArchitecture.Tensor tensor = arch.tensors().get(t);
            int g = tensor.group();
            for (int e = 0; e < tensor.size(); e++) {
                int h = tensor.hashPosition(e);
                if (h % g == 0) {
                    out[v + h / g] = signs[t][0] * (double) tensors[t][e];
                }
            }
            v += tensor.variables();
        }
        return out;
    }
}
