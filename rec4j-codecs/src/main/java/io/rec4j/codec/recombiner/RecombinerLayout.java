package io.rec4j.codec.recombiner;

import io.rec4j.core.random.SharedRandomness;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the coded rows of one signal sit in its flat latent vector (He, Flamich, Guo, Hernández-Lobato, ICLR 2024,
 * arXiv 2309.17182, §3.3 and App. D; {@code docs/recombiner.md}, "Patched signals").
 *
 * <p><b>Flat vector</b> ({@link RecombinerArchitecture#signalLatentCount()} values, the encoder's training layout):
 * every patch's {@code [h1_w, h_z]} (row-major patches), then with three levels every group's {@code h2}, then the
 * signal's {@code h3}.
 *
 * <p><b>Coded rows.</b> Level {@code l} has {@link RecombinerModel#levelRows} rows of
 * {@link RecombinerModel#levelDimension} latents. Without patches the one row is the flat vector itself. With
 * patches, levels 1 and 2 are permuted across their rows ({@link PatchPermutation} seeded by
 * {@link #permutationSeed}, one permutation per latent {@code j}): coded row {@code i} holds, at position {@code j}, latent {@code j} of patch (or group)
 * {@code π_j(i)}, so each row of κ-bit blocks mixes patches while every row keeps the level's block count. Every
 * row is coded against its level's prior and plan, as an unpatched row would be; the candidates of row {@code i} of
 * level {@code l} come from {@code shared.derive(ROW_LABEL + l).derive(i)} (the model's shared randomness itself
 * without patches). Rows are stored in the file from the top level down: level 3, level 2's rows, level 1's rows,
 * the order the encoder codes them in.
 */
public final class RecombinerLayout {
    /** Derivation label of a level's row streams ("ROWS" + level), far above any block index. */
    static final long ROW_LABEL = 0x524F5753_00000000L;
    /** Added to the model seed to seed a level's cross-patch permutation. */
    static final long PERMUTATION_OFFSET = 0x5045524D_00000000L;

    /**
     * One coded row.
     *
     * @param level 0-based level (0 = patches)
     * @param row   row within the level
     * @param at    per position {@code j} of the coded row, its place in the flat vector
     */
    public record Row(int level, int row, int[] at) {
    }

    private final List<Row> rows;

    private RecombinerLayout(List<Row> rows) {
        this.rows = rows;
    }

    /** The layout of a model's signals. */
    public static RecombinerLayout of(RecombinerModel model) {
        RecombinerArchitecture arch = model.architecture();
        List<Row> out = new ArrayList<>();
        for (int l = arch.levels() - 1; l >= 0; l--) {
            int count = RecombinerModel.levelRows(arch, l);
            int dim = RecombinerModel.levelDimension(arch, l);
            PatchPermutation perm = count > 1 ? new PatchPermutation(count, dim, permutationSeed(model.seed(), l))
                    : null;
            for (int i = 0; i < count; i++) {
                int[] at = new int[dim];
                for (int j = 0; j < dim; j++) {
                    int source = perm == null ? i : perm.source(i, j);
                    at[j] = Math.toIntExact(offset(arch, l, source) + j);
                }
                out.add(new Row(l, i, at));
            }
        }
        return new RecombinerLayout(List.copyOf(out));
    }

    /** The seed of level {@code l}'s cross-patch permutation. */
    static long permutationSeed(long modelSeed, int l) {
        return modelSeed + PERMUTATION_OFFSET + l;
    }

    /** Where row {@code instance} of level {@code l} (unpermuted: a patch, a group, the signal) starts in the flat vector. */
    public static long offset(RecombinerArchitecture arch, int l, int instance) {
        long level1 = (long) arch.patchCount() * arch.patchLatentCount();
        return switch (l) {
            case 0 -> (long) instance * arch.patchLatentCount();
            case 1 -> level1 + (long) instance * arch.weightLatentCount();
            default -> level1 + (long) arch.groupCount() * arch.weightLatentCount();
        };
    }

    /** The coded rows in file order (top level first). */
    public List<Row> rows() {
        return rows;
    }

    /** The candidates' shared randomness of a coded row. */
    public static SharedRandomness shared(RecombinerModel model, Row row) {
        SharedRandomness base = RecombinerCodec.shared(model);
        return model.architecture().levels() == 1 ? base : base.derive(ROW_LABEL + row.level()).derive(row.row());
    }

    /** Values of a coded row gathered from a flat vector. */
    public static double[] gather(Row row, double[] flat) {
        double[] out = new double[row.at().length];
        for (int j = 0; j < out.length; j++) {
            out[j] = flat[row.at()[j]];
        }
        return out;
    }

    /** The decoder's per-patch latents of a flat vector: {@code h_w} summed over the levels, and {@code h_z}. */
    public static double[][][] split(RecombinerArchitecture arch, double[] flat) {
        int w = arch.weightLatentCount();
        int per = arch.patchLatentCount();
        int patches = arch.patchCount();
        double[][] h1 = new double[patches][];
        double[][] hz = new double[patches][];
        for (int p = 0; p < patches; p++) {
            h1[p] = java.util.Arrays.copyOfRange(flat, p * per, p * per + w);
            hz[p] = java.util.Arrays.copyOfRange(flat, p * per + w, (p + 1) * per);
        }
        if (arch.levels() == 1) {
            return new double[][][] {h1, hz};
        }
        double[][] groups = new double[arch.groupCount()][];
        for (int g = 0; g < groups.length; g++) {
            int at = Math.toIntExact(offset(arch, 1, g));
            groups[g] = java.util.Arrays.copyOfRange(flat, at, at + w);
        }
        int at = Math.toIntExact(offset(arch, 2, 0));
        double[] signal = java.util.Arrays.copyOfRange(flat, at, at + w);
        return new double[][][] {HierarchicalLatents.compose(arch, h1, groups, signal), hz};
    }
}
