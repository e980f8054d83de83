package io.rec4j.codec.bitsback;

import java.util.Map;

/**
 * The forward pass of an OPT-style decoder-only transformer in plain Java (double precision), for calibration and
 * evaluation: both the original form (pre-LayerNorm with weights; Zhang et al., "OPT", arXiv 2205.01068) and the
 * SliceGPT form (weight-free RMSNorm dividing by the <em>original</em> width, shortcut matrices on the residual path,
 * sliced widths; Ashkboos et al., arXiv 2401.15024, eq. 9 and §3.3). Learned positions are offset by 2, as OPT's are;
 * attention is causal, multi-head, scaled by {@code head_dim^-½}; the MLP activation is ReLU.
 */
public final class OptForward {
    private final TransformerConfig config;
    private final Map<String, double[]> w;
    private final Map<String, long[]> shapes;
    private final boolean sliced;

    /** Tensors by name (values) and their shapes. */
    public OptForward(TransformerConfig config, Map<String, double[]> weights, Map<String, long[]> shapes) {
        if (config.family() != TransformerConfig.Family.OPT) {
            throw new IllegalArgumentException("OptForward runs OPT models only");
        }
        this.config = config;
        this.w = weights;
        this.shapes = shapes;
        this.sliced = !weights.containsKey("model.decoder.final_layer_norm.weight");
    }

    /** What {@link #run} reports besides logits: the residual stream entering each site's norm, per position. */
    public interface Probe {
        /** {@code site}: 0 = E, 2ℓ+1 = A_ℓ, 2ℓ+2 = M_ℓ; {@code x} the residual vector at one position. */
        void residual(int site, int position, double[] x);
    }

    /** Logits {@code [T][vocab]} for a token sequence ({@code T ≤ max_position_embeddings}). */
    public double[][] run(int[] tokens, Probe probe) {
        int t = tokens.length;
        if (t < 1 || t > config.positions()) {
            throw new IllegalArgumentException("sequence length must be in [1, " + config.positions() + "], was " + t);
        }
        String emb = config.tokenEmbedding();
        int width = (int) shapes.get(emb)[1];
        double[][] h = new double[t][width];
        double[] te = w.get(emb);
        double[] pe = w.get("model.decoder.embed_positions.weight");
        for (int i = 0; i < t; i++) {
            if (tokens[i] < 0 || tokens[i] >= config.vocab()) {
                throw new IllegalArgumentException("token " + tokens[i] + " outside the vocabulary");
            }
            for (int c = 0; c < width; c++) {
                h[i][c] = te[tokens[i] * width + c] + pe[(i + 2) * width + c];
            }
        }
        int site = 0;
        report(probe, site, h);
        for (int l = 0; l < config.layers(); l++) {
            String p = config.layer(l);
            double[][] a = attention(norm(h, p + "self_attn_layer_norm"), p);
            h = residual(h, a, p + "attn_shortcut_Q");
            report(probe, ++site, h);
            double[][] f = linear(norm(h, p + "final_layer_norm"), p + "fc1");
            for (double[] row : f) {
                for (int c = 0; c < row.length; c++) {
                    row[c] = Math.max(0, row[c]);
                }
            }
            h = residual(h, linear(f, p + "fc2"), p + "mlp_shortcut_Q");
            report(probe, ++site, h);
        }
        return linear(norm(h, "model.decoder.final_layer_norm"), "lm_head");
    }

    private static void report(Probe probe, int site, double[][] h) {
        if (probe != null) {
            for (int i = 0; i < h.length; i++) {
                probe.residual(site, i, h[i]);
            }
        }
    }

    /** {@code x·S + y} with the shortcut {@code S} if the model has one, else {@code x + y}. */
    private double[][] residual(double[][] x, double[][] y, String shortcut) {
        double[] s = w.get(shortcut);
        if (s == null) {
            for (int i = 0; i < x.length; i++) {
                for (int c = 0; c < y[i].length; c++) {
                    y[i][c] += x[i][c];
                }
            }
            return y;
        }
        int in = (int) shapes.get(shortcut)[0];
        int out = (int) shapes.get(shortcut)[1];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < in; k++) {
                double xk = x[i][k];
                for (int c = 0; c < out; c++) {
                    y[i][c] += xk * s[k * out + c];
                }
            }
        }
        return y;
    }

    /** LayerNorm with weight and bias where the model has them; else SliceGPT's RMSNorm over the original width. */
    private double[][] norm(double[][] x, String name) {
        double[][] out = new double[x.length][];
        double[] gamma = w.get(name + ".weight");
        double[] beta = w.get(name + ".bias");
        for (int i = 0; i < x.length; i++) {
            double[] v = x[i];
            double[] o = new double[v.length];
            if (gamma == null) {
                double ss = 0;
                for (double e : v) {
                    ss += e * e;
                }
                double inv = 1 / Math.sqrt(ss / config.hidden() + config.normEps());
                for (int c = 0; c < v.length; c++) {
                    o[c] = v[c] * inv;
                }
            } else {
                double mean = 0;
                for (double e : v) {
                    mean += e;
                }
                mean /= v.length;
                double var = 0;
                for (double e : v) {
                    var += (e - mean) * (e - mean);
                }
                double inv = 1 / Math.sqrt(var / v.length + config.normEps());
                for (int c = 0; c < v.length; c++) {
                    o[c] = (v[c] - mean) * inv * gamma[c] + (beta == null ? 0 : beta[c]);
                }
            }
            out[i] = o;
        }
        return out;
    }

    /** {@code x·Wᵀ + b} for a PyTorch-layout weight {@code [out, in]}. */
    private double[][] linear(double[][] x, String name) {
        String wn = name.endsWith(".weight") ? name : name + ".weight";
        double[] m = w.get(wn);
        double[] b = w.get(name + ".bias");
        int out = (int) shapes.get(wn)[0];
        int in = (int) shapes.get(wn)[1];
        double[][] y = new double[x.length][out];
        for (int i = 0; i < x.length; i++) {
            double[] xi = x[i];
            for (int o = 0; o < out; o++) {
                double s = b == null ? 0 : b[o];
                int row = o * in;
                for (int k = 0; k < in; k++) {
                    s += m[row + k] * xi[k];
                }
                y[i][o] = s;
            }
        }
        return y;
    }

    private double[][] attention(double[][] x, String p) {
        double[][] q = linear(x, p + "self_attn.q_proj");
        double[][] k = linear(x, p + "self_attn.k_proj");
        double[][] v = linear(x, p + "self_attn.v_proj");
        int heads = config.heads();
        int hd = q[0].length / heads;
        double scale = 1 / Math.sqrt(hd);
        int t = x.length;
        double[][] ctx = new double[t][q[0].length];
        double[] score = new double[t];
        for (int hIdx = 0; hIdx < heads; hIdx++) {
            int off = hIdx * hd;
            for (int i = 0; i < t; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= i; j++) {
                    double s = 0;
                    for (int c = 0; c < hd; c++) {
                        s += q[i][off + c] * k[j][off + c];
                    }
                    score[j] = s * scale;
                    max = Math.max(max, score[j]);
                }
                double z = 0;
                for (int j = 0; j <= i; j++) {
                    score[j] = Math.exp(score[j] - max);
                    z += score[j];
                }
                for (int j = 0; j <= i; j++) {
                    double a = score[j] / z;
                    for (int c = 0; c < hd; c++) {
                        ctx[i][off + c] += a * v[j][off + c];
                    }
                }
            }
        }
        return linear(ctx, p + "self_attn.out_proj");
    }

    /** Whether this is the SliceGPT form (no norm weights). */
    public boolean sliced() {
        return sliced;
    }

    /**
     * Mean negative log-likelihood, nats per token, of predicting each byte of {@code text} from those before it, in
     * windows of the model's context (the first token of each window is not predicted).
     */
    public double negativeLogLikelihood(byte[] text, int windows) {
        int ctx = config.positions();
        double total = 0;
        long count = 0;
        int step = Math.max(ctx, (text.length - ctx) / Math.max(1, windows));
        for (int start = 0; start + ctx <= text.length && count / (ctx - 1) < windows; start += step) {
            int[] tok = new int[ctx];
            for (int i = 0; i < ctx; i++) {
                tok[i] = text[start + i] & 0xFF;
            }
            double[][] logits = run(tok, null);
            for (int i = 0; i + 1 < ctx; i++) {
                double[] l = logits[i];
                double max = Double.NEGATIVE_INFINITY;
                for (double e : l) {
                    max = Math.max(max, e);
                }
                double z = 0;
                for (double e : l) {
                    z += Math.exp(e - max);
                }
                total += Math.log(z) + max - l[tok[i + 1]];
                count++;
            }
        }
        return total / count;
    }
}
