package io.rec4j.codec.miracle;

import java.util.List;
import java.util.Locale;

/**
 * The classifiers MIRACLE compresses (Havasi, Peharz, Hernández-Lobato, "Minimal Random Code Learning: Getting Bits
 * Back from Compressed Model Parameters", ICLR 2019, arXiv 1810.00440, §4), with their weight tensors in PyTorch's
 * naming and layout ({@code docs/miracle.md}):
 * <ul>
 *   <li>{@link #LENET_300_100}: 784 → 300 → 100 → 10, ReLU between layers: {@code fc1}, {@code fc2}, {@code fc3};
 *       266,610 parameters.</li>
 *   <li>{@link #LENET_5}: LeNet-5-Caffe, conv 5×5 1→20 (no padding) → ReLU → max-pool 2 → conv 5×5 20→50 → ReLU →
 *       max-pool 2 → flatten (channel, row, column) → 800 → 500 → ReLU → 10: {@code conv1}, {@code conv2},
 *       {@code fc1}, {@code fc2}; 431,080 parameters.</li>
 * </ul>
 * Inputs are 28×28 pixels scaled to [0, 1]. Every tensor has a hash group size g (the hashing trick of Chen et al.,
 * ICML 2015, as MIRACLE uses it): its entries, in row-major or in output-major order, are cut into consecutive groups
 * of g that share one coded variable, each entry times a fixed sign ({@link WeightHashing}). LeNet-5 uses the paper's
 * groups (conv2 2, fc1 50, the rest 1: 26,580 variables) in output-major order, which is the authors' row-major order
 * of TensorFlow's {@code [in, out]} layout: a group ties g consecutive output units of one input. LeNet-300-100 groups
 * fc1 by 10 in row-major order (54,930 variables).
 *
 * @param id      the byte that names the architecture in a file
 * @param name    the name the command line uses
 * @param tensors the weight tensors in file order
 */
public record MiracleArchitecture(int id, String name, List<Tensor> tensors) {
    /**
     * One weight tensor.
     *
     * @param name  PyTorch's name, e.g. {@code fc1.weight}
     * @param shape PyTorch's shape: {@code [out, in]} for a dense weight, {@code [out, in, kh, kw]} for a
     *              convolution, {@code [out]} for a bias
     * @param group        hash group size (divides the entry count)
     * @param fanIn        inputs per output unit (the initial weights' scale), 0 for a bias
     * @param outputMajor  whether groups run along the output axis: entry {@code (o, r)} ({@code r} the row-major
     *                     index of the remaining axes) has hash position {@code r·out + o} instead of its row-major
     *                     position {@code o·R + r}
     */
    public record Tensor(String name, int[] shape, int group, int fanIn, boolean outputMajor) {
        /** A tensor hashed in row-major order. */
        public Tensor(String name, int[] shape, int group, int fanIn) {
            this(name, shape, group, fanIn, false);
        }

        /** The hash position of row-major entry {@code e}. */
        public int hashPosition(int e) {
            if (!outputMajor) {
                return e;
            }
            int out = shape[0];
            int rest = size() / out;
            return (e % rest) * out + e / rest;
        }

        /** Number of entries. */
        public int size() {
            int n = 1;
            for (int s : shape) {
                n *= s;
            }
            return n;
        }

        /** Number of coded variables: {@code size / group}. */
        public int variables() {
            return size() / group;
        }

        /** Whether this is a bias. */
        public boolean isBias() {
            return shape.length == 1;
        }
    }

    /** LeNet-300-100. */
    public static final MiracleArchitecture LENET_300_100 = new MiracleArchitecture(1, "lenet-300-100", List.of(
            new Tensor("fc1.weight", new int[] {300, 784}, 10, 784),
            new Tensor("fc1.bias", new int[] {300}, 1, 0),
            new Tensor("fc2.weight", new int[] {100, 300}, 1, 300),
            new Tensor("fc2.bias", new int[] {100}, 1, 0),
            new Tensor("fc3.weight", new int[] {10, 100}, 1, 100),
            new Tensor("fc3.bias", new int[] {10}, 1, 0)));

    /** LeNet-5-Caffe (file id 3: fc1 and conv2 hashed in output-major order). */
    public static final MiracleArchitecture LENET_5 = new MiracleArchitecture(3, "lenet-5", List.of(
            new Tensor("conv1.weight", new int[] {20, 1, 5, 5}, 1, 25),
            new Tensor("conv1.bias", new int[] {20}, 1, 0),
            new Tensor("conv2.weight", new int[] {50, 20, 5, 5}, 2, 500, true),
            new Tensor("conv2.bias", new int[] {50}, 1, 0),
            new Tensor("fc1.weight", new int[] {500, 800}, 50, 800, true),
            new Tensor("fc1.bias", new int[] {500}, 1, 0),
            new Tensor("fc2.weight", new int[] {10, 500}, 1, 500),
            new Tensor("fc2.bias", new int[] {10}, 1, 0)));

    /**
     * LeNet-5-Caffe as rec4j up to commit 123e5d1 hashed it (file id 2): the same groups in row-major order, which
     * starves fc1 ({@code docs/miracle.md}, "Hashing"). Its files still decode; nothing trains it any more.
     */
    public static final MiracleArchitecture LENET_5_ROW_MAJOR = new MiracleArchitecture(2, "lenet-5-row-major",
            List.of(
                    new Tensor("conv1.weight", new int[] {20, 1, 5, 5}, 1, 25),
                    new Tensor("conv1.bias", new int[] {20}, 1, 0),
                    new Tensor("conv2.weight", new int[] {50, 20, 5, 5}, 2, 500),
                    new Tensor("conv2.bias", new int[] {50}, 1, 0),
                    new Tensor("fc1.weight", new int[] {500, 800}, 50, 800),
                    new Tensor("fc1.bias", new int[] {500}, 1, 0),
                    new Tensor("fc2.weight", new int[] {10, 500}, 1, 500),
                    new Tensor("fc2.bias", new int[] {10}, 1, 0)));

    /** The architectures one can train (and {@link #byName} knows). */
    public static final List<MiracleArchitecture> ALL = List.of(LENET_300_100, LENET_5);

    /** Every architecture a file may name, the legacy ones included. */
    public static final List<MiracleArchitecture> DECODABLE = List.of(LENET_300_100, LENET_5_ROW_MAJOR, LENET_5);

    public MiracleArchitecture {
        tensors = List.copyOf(tensors);
        for (Tensor t : tensors) {
            if (t.group() < 1 || t.size() % t.group() != 0) {
                throw new IllegalArgumentException(t.name() + ": group " + t.group() + " does not divide "
                        + t.size());
            }
        }
    }

    /** The architecture called {@code name} ({@code lenet-300-100} or {@code lenet-5}). */
    public static MiracleArchitecture byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (MiracleArchitecture a : ALL) {
            if (a.name.equals(n)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown architecture '" + name + "'; expected lenet-300-100 or lenet-5");
    }

    /** The architecture with file id {@code id} (legacy ones included), or null. */
    public static MiracleArchitecture byId(int id) {
        for (MiracleArchitecture a : DECODABLE) {
            if (a.id == id) {
                return a;
            }
        }
        return null;
    }

    /** Whether the network starts with convolutions (LeNet-5). */
    public boolean isConvolutional() {
        return tensors.get(0).shape().length == 4;
    }

    /** Number of parameters (tensor entries). */
    public int parameterCount() {
        int n = 0;
        for (Tensor t : tensors) {
            n += t.size();
        }
        return n;
    }

    /** Number of coded variables after hashing. */
    public int variableCount() {
        int n = 0;
        for (Tensor t : tensors) {
            n += t.variables();
        }
        return n;
    }

    /** Index of the first variable of tensor {@code t} in the variable vector (tensors in order). */
    public int variableOffset(int t) {
        int n = 0;
        for (int i = 0; i < t; i++) {
            n += tensors.get(i).variables();
        }
        return n;
    }

    /** The tensor of each variable. */
    public int[] tensorOfVariable() {
        int[] out = new int[variableCount()];
        int at = 0;
        for (int t = 0; t < tensors.size(); t++) {
            for (int i = 0; i < tensors.get(t).variables(); i++) {
                out[at++] = t;
            }
        }
        return out;
    }
}
