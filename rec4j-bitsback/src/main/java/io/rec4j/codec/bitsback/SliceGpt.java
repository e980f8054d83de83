package io.rec4j.codec.bitsback;

import io.rec4j.core.math.SymmetricEigen;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SliceGPT for OPT and Llama models (Ashkboos, Croci, do Nascimento, Hoefler &amp; Hensman, "SliceGPT: Compress Large
 * Language Models by Deleting Rows and Columns", ICLR 2024, arXiv 2401.15024):
 * <ol>
 *   <li><b>Fold the norms</b> (§3.2): subtract the mean over the residual coordinates from everything that writes the
 *       residual stream (embeddings, attention output and second MLP layer, weights and biases), so that the stream has
 *       zero mean and each LayerNorm is {@code RMSNorm(x)·γ + β}; then multiply {@code γ} into the columns of the
 *       layers that read the norm and add their {@code W·β} to their biases (Llama's norms are RMSNorms already:
 *       only {@code γ} moves). The norms are then weight-free.</li>
 *   <li><b>Calibrate</b>: run calibration text and sum {@code x·xᵀ} of the residual stream at every site.</li>
 *   <li><b>Rotate and slice</b> (§3.3, eq. 9): {@code Q_s} = the eigenvectors of site {@code s}'s sum, largest first,
 *       keeping the first {@code d′} (a fraction of {@code d} rounded down to a multiple of 8); readers of the site are
 *       multiplied by {@code Q_s} on the right, writers by {@code Q_sᵀ} on the left, and each block's skip connection
 *       gets the shortcut {@code Q_inᵀ·Q_out}.</li>
 * </ol>
 * Calibration uses the folded, unsliced model's activations at every site (the paper recomputes them layer by layer on
 * the sliced model; with both, a keep fraction of 1 reproduces the model exactly).
 */
public final class SliceGpt {
    private SliceGpt() {
    }

    /** A model's tensors by name, with shapes. */
    public record Weights(Map<String, double[]> values, Map<String, long[]> shapes) {
    }

    /** The sliced width of a site of width {@code d}: {@code ⌊keep·d⌋} rounded down to a multiple of {@code round}. */
    public static int slicedWidth(int d, double keep, int round) {
        int w = (int) Math.floor(keep * d + 1e-9);
        w -= w % round;
        return Math.max(round, Math.min(d, w));
    }

    /**
     * Folds, calibrates on {@code calibration} (byte sequences of the model's context length at most), rotates and
     * slices every site to {@link #slicedWidth}.
     */
    public static Weights slice(TransformerConfig c, Weights original, List<int[]> calibration, double keep, int round) {
        Weights folded = fold(c, original);
        int sites = 2 * c.layers() + 1;
        int d = c.hidden();
        double[][] cov = new double[sites][d * d];
        DecoderForward f = new DecoderForward(c, folded.values(), folded.shapes());
        for (int[] seq : calibration) {
            f.run(seq, (site, position, x) -> {
                double[] s = cov[site];
                for (int i = 0; i < d; i++) {
                    double xi = x[i];
                    for (int j = 0; j <= i; j++) {
                        s[i * d + j] += xi * x[j];
                    }
                }
            });
        }
        double[][] q = new double[sites][];
        int[] widths = new int[sites];
        for (int s = 0; s < sites; s++) {
            SymmetricEigen.Decomposition e = SymmetricEigen.decompose(cov[s], d);
            widths[s] = slicedWidth(d, keep, round);
            // Q: d × d′, column k = the eigenvector of the k-th largest eigenvalue
            double[] m = new double[d * widths[s]];
            for (int k = 0; k < widths[s]; k++) {
                int src = d - 1 - k;
                for (int r = 0; r < d; r++) {
                    m[r * widths[s] + k] = e.vector(src, r);
                }
            }
            q[s] = m;
        }
        return rotate(c, folded, q, widths);
    }

    /**
     * Step 1: the norms folded into the adjacent layers; the result has no norm weights. OPT's LayerNorm also needs its
     * writers made zero-mean (the mean subtraction then does nothing and the norm becomes an RMSNorm); Llama's RMSNorm
     * only gives its weight to the layers that read it.
     */
    public static Weights fold(TransformerConfig c, Weights in) {
        Map<String, double[]> v = new LinkedHashMap<>();
        in.values().forEach((k, a) -> v.put(k, a.clone()));
        Map<String, long[]> sh = new LinkedHashMap<>(in.shapes());
        int d = c.hidden();
        if (c.family() == TransformerConfig.Family.LLAMA) {
            for (int l = 0; l < c.layers(); l++) {
                String p = c.layer(l);
                foldNorm(v, sh, p + "input_layernorm", new String[] {p + "self_attn.q_proj", p + "self_attn.k_proj",
                    p + "self_attn.v_proj"});
                foldNorm(v, sh, p + "post_attention_layernorm", new String[] {p + "mlp.gate_proj", p + "mlp.up_proj"});
            }
            foldNorm(v, sh, "model.norm", new String[] {"lm_head"});
            return new Weights(v, sh);
        }
        // zero-mean writers: embedding rows, and the columns of output weights and their biases
        centreRows(v.get(c.tokenEmbedding()), d);
        centreRows(v.get("model.decoder.embed_positions.weight"), d);
        for (int l = 0; l < c.layers(); l++) {
            String p = c.layer(l);
            for (String writer : new String[] {"self_attn.out_proj", "fc2"}) {
                double[] wt = v.get(p + writer + ".weight");
                centreColumns(wt, d, (int) sh.get(p + writer + ".weight")[1]);
                centreRows(v.get(p + writer + ".bias"), d);
            }
        }
        for (int l = 0; l < c.layers(); l++) {
            String p = c.layer(l);
            foldNorm(v, sh, p + "self_attn_layer_norm", new String[] {p + "self_attn.q_proj", p + "self_attn.k_proj",
                p + "self_attn.v_proj"});
            foldNorm(v, sh, p + "final_layer_norm", new String[] {p + "fc1"});
        }
        foldNorm(v, sh, "model.decoder.final_layer_norm", new String[] {"lm_head"});
        return new Weights(v, sh);
    }

    private static void foldNorm(Map<String, double[]> v, Map<String, long[]> sh, String norm, String[] readers) {
        double[] gamma = v.remove(norm + ".weight");
        double[] beta = v.remove(norm + ".bias");
        sh.remove(norm + ".weight");
        sh.remove(norm + ".bias");
        for (String r : readers) {
            double[] w = v.get(r + ".weight");
            int out = (int) sh.get(r + ".weight")[0];
            int in = (int) sh.get(r + ".weight")[1];
            double[] b = v.get(r + ".bias");
            if (b == null && beta != null) {
                b = new double[out];
                v.put(r + ".bias", b);
                sh.put(r + ".bias", new long[] {out});
            }
            for (int o = 0; o < out; o++) {
                double add = 0;
                for (int k = 0; k < in; k++) {
                    if (beta != null) {
                        add += w[o * in + k] * beta[k];
                    }
                    if (gamma != null) {
                        w[o * in + k] *= gamma[k];
                    }
                }
                if (b != null) {
                    b[o] += add;
                }
            }
        }
    }

    /** Each run of {@code d} consecutive values (a residual vector) minus its mean. */
    private static void centreRows(double[] a, int d) {
        if (a == null) {
            return;
        }
        for (int r = 0; r < a.length / d; r++) {
            double mean = 0;
            for (int k = 0; k < d; k++) {
                mean += a[r * d + k];
            }
            mean /= d;
            for (int k = 0; k < d; k++) {
                a[r * d + k] -= mean;
            }
        }
    }

    /** Each column of a {@code [d, n]} weight minus its mean. */
    private static void centreColumns(double[] a, int d, int n) {
        for (int c = 0; c < n; c++) {
            double mean = 0;
            for (int r = 0; r < d; r++) {
                mean += a[r * n + c];
            }
            mean /= d;
            for (int r = 0; r < d; r++) {
                a[r * n + c] -= mean;
            }
        }
    }

    /** Step 3: rotations {@code q[s]} ({@code d × d′_s}) applied, shortcuts added. */
    static Weights rotate(TransformerConfig c, Weights folded, double[][] q, int[] widths) {
        Map<String, double[]> v = new LinkedHashMap<>();
        Map<String, long[]> sh = new LinkedHashMap<>();
        int d = c.hidden();
        Map<String, double[]> f = folded.values();
        Map<String, long[]> fs = folded.shapes();
        boolean opt = c.family() == TransformerConfig.Family.OPT;
        readers(f, fs, c.tokenEmbedding(), q[0], widths[0], d, v, sh);
        if (opt) {
            readers(f, fs, "model.decoder.embed_positions.weight", q[0], widths[0], d, v, sh);
        }
        int in = 0;
        for (int l = 0; l < c.layers(); l++) {
            String p = c.layer(l);
            int a = 2 * l + 1;
            int m = 2 * l + 2;
            for (String proj : new String[] {"q", "k", "v"}) {
                readers(f, fs, p + "self_attn." + proj + "_proj.weight", q[in], widths[in], d, v, sh);
                copy(f, fs, p + "self_attn." + proj + "_proj.bias", v, sh);
            }
            writers(f, fs, p + (opt ? "self_attn.out_proj" : "self_attn.o_proj"), q[a], widths[a], d, v, sh);
            shortcut(p + "attn_shortcut_Q", q[in], widths[in], q[a], widths[a], d, v, sh);
            for (String reader : opt ? new String[] {"fc1"} : new String[] {"mlp.gate_proj", "mlp.up_proj"}) {
                readers(f, fs, p + reader + ".weight", q[a], widths[a], d, v, sh);
                copy(f, fs, p + reader + ".bias", v, sh);
            }
            writers(f, fs, p + (opt ? "fc2" : "mlp.down_proj"), q[m], widths[m], d, v, sh);
            shortcut(p + "mlp_shortcut_Q", q[a], widths[a], q[m], widths[m], d, v, sh);
            in = m;
        }
        readers(f, fs, "lm_head.weight", q[in], widths[in], d, v, sh);
        copy(f, fs, "lm_head.bias", v, sh);
        return new Weights(v, sh);
    }

    private static void copy(Map<String, double[]> f, Map<String, long[]> fs, String name, Map<String, double[]> v,
            Map<String, long[]> sh) {
        if (f.containsKey(name)) {
            v.put(name, f.get(name).clone());
            sh.put(name, fs.get(name));
        }
    }

    /** A reader {@code [n, d]} (or an embedding): {@code W·Q} → {@code [n, d′]}. */
    private static void readers(Map<String, double[]> f, Map<String, long[]> fs, String name, double[] q, int w, int d,
            Map<String, double[]> v, Map<String, long[]> sh) {
        double[] a = f.get(name);
        int n = (int) fs.get(name)[0];
        double[] out = new double[n * w];
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < d; k++) {
                double x = a[r * d + k];
                for (int c = 0; c < w; c++) {
                    out[r * w + c] += x * q[k * w + c];
                }
            }
        }
        v.put(name, out);
        sh.put(name, new long[] {n, w});
    }

    /** A writer {@code [d, n]} and its bias: {@code Qᵀ·W} → {@code [d′, n]}. */
    private static void writers(Map<String, double[]> f, Map<String, long[]> fs, String layer, double[] q, int w, int d,
            Map<String, double[]> v, Map<String, long[]> sh) {
        double[] a = f.get(layer + ".weight");
        int n = (int) fs.get(layer + ".weight")[1];
        double[] out = new double[w * n];
        for (int k = 0; k < d; k++) {
            for (int c = 0; c < w; c++) {
                double qk = q[k * w + c];
                for (int j = 0; j < n; j++) {
                    out[c * n + j] += qk * a[k * n + j];
                }
            }
        }
        v.put(layer + ".weight", out);
        sh.put(layer + ".weight", new long[] {w, n});
        double[] b = f.get(layer + ".bias");
        if (b != null) {
            double[] ob = new double[w];
            for (int k = 0; k < d; k++) {
                for (int c = 0; c < w; c++) {
                    ob[c] += q[k * w + c] * b[k];
                }
            }
            v.put(layer + ".bias", ob);
            sh.put(layer + ".bias", new long[] {w});
        }
    }

    /** {@code Q_inᵀ·Q_out} → {@code [d′_in, d′_out]}. */
    private static void shortcut(String name, double[] qin, int win, double[] qout, int wout, int d,
            Map<String, double[]> v, Map<String, long[]> sh) {
        double[] s = new double[win * wout];
        for (int k = 0; k < d; k++) {
            for (int i = 0; i < win; i++) {
                double a = qin[k * win + i];
                for (int j = 0; j < wout; j++) {
                    s[i * wout + j] += a * qout[k * wout + j];
                }
            }
        }
        v.put(name, s);
        sh.put(name, new long[] {win, wout});
    }

    /**
     * A randomly initialised original model of configuration {@code c}, OPT or Llama (norms with weights around 1,
     * OPT's with small biases, Gaussian weights scaled by 1/√fan-in, an untied head): seeds for tests, fuzzing and
     * timing runs at sizes no training here reaches.
     */
    public static Weights randomOriginal(TransformerConfig c, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        Map<String, double[]> v = new LinkedHashMap<>();
        Map<String, long[]> s = new LinkedHashMap<>();
        int d = c.hidden();
        int f = c.ffn();
        boolean opt = c.family() == TransformerConfig.Family.OPT;
        gaussian(v, s, r, c.tokenEmbedding(), 0.5, c.vocab(), d);
        if (opt) {
            gaussian(v, s, r, "model.decoder.embed_positions.weight", 0.2, c.positions() + 2L, d);
        }
        int kv = d / c.heads() * c.kvHeads();
        for (int l = 0; l < c.layers(); l++) {
            String p = c.layer(l);
            norm(v, s, r, p + (opt ? "self_attn_layer_norm" : "input_layernorm"), d, opt);
            for (String q : new String[] {"q", "k", "v", opt ? "out" : "o"}) {
                int rows = q.equals("k") || q.equals("v") ? kv : d;
                gaussian(v, s, r, p + "self_attn." + q + "_proj.weight", 1 / Math.sqrt(d), rows, d);
                if (opt) {
                    gaussian(v, s, r, p + "self_attn." + q + "_proj.bias", 0.05, rows);
                }
            }
            norm(v, s, r, p + (opt ? "final_layer_norm" : "post_attention_layernorm"), d, opt);
            if (opt) {
                gaussian(v, s, r, p + "fc1.weight", 1 / Math.sqrt(d), f, d);
                gaussian(v, s, r, p + "fc1.bias", 0.05, f);
                gaussian(v, s, r, p + "fc2.weight", 1 / Math.sqrt(f), d, f);
                gaussian(v, s, r, p + "fc2.bias", 0.05, d);
            } else {
                gaussian(v, s, r, p + "mlp.gate_proj.weight", 1 / Math.sqrt(d), f, d);
                gaussian(v, s, r, p + "mlp.up_proj.weight", 1 / Math.sqrt(d), f, d);
                gaussian(v, s, r, p + "mlp.down_proj.weight", 1 / Math.sqrt(f), d, f);
            }
        }
        norm(v, s, r, opt ? "model.decoder.final_layer_norm" : "model.norm", d, opt);
        gaussian(v, s, r, "lm_head.weight", 1 / Math.sqrt(d), c.vocab(), d);
        return new Weights(v, s);
    }

    private static void norm(Map<String, double[]> v, Map<String, long[]> s, java.util.SplittableRandom r, String name,
            int d, boolean bias) {
        double[] g = new double[d];
        double[] b = new double[d];
        for (int i = 0; i < d; i++) {
            g[i] = 1 + 0.2 * r.nextGaussian();
            b[i] = 0.1 * r.nextGaussian();
        }
        v.put(name + ".weight", g);
        s.put(name + ".weight", new long[] {d});
        if (bias) {
            v.put(name + ".bias", b);
            s.put(name + ".bias", new long[] {d});
        }
    }

    private static void gaussian(Map<String, double[]> v, Map<String, long[]> s, java.util.SplittableRandom r,
            String name, double scale, long... shape) {
        long n = 1;
        for (long x : shape) {
            n *= x;
        }
        double[] a = new double[Math.toIntExact(n)];
        for (int i = 0; i < a.length; i++) {
            a[i] = scale * r.nextGaussian();
        }
        v.put(name, a);
        s.put(name, shape);
    }

    /** Float32 tensors of weights, in map order (what a model directory stores before coding). */
    public static java.util.List<io.rec4j.codec.safetensors.Safetensors.Tensor> tensors(Weights w) {
        java.util.List<io.rec4j.codec.safetensors.Safetensors.Tensor> out = new java.util.ArrayList<>();
        for (Map.Entry<String, double[]> e : w.values().entrySet()) {
            double[] v = e.getValue();
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            out.add(io.rec4j.codec.safetensors.Safetensors.Tensor.ofFloat32(e.getKey(), w.shapes().get(e.getKey()), f));
        }
        return out;
    }
}
