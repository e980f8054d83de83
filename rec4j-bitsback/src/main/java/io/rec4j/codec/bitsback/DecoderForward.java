package io.rec4j.codec.bitsback;

import java.util.Map;

/**
 * The forward pass of a decoder-only transformer in plain Java (double precision), for calibration and evaluation, in
 * both families {@link SiteLayout} codes:
 * <ul>
 *   <li><b>OPT</b> (Zhang et al., arXiv 2205.01068): pre-LayerNorm with weights and biases, learned positions offset
 *       by 2, biases on every projection, a ReLU MLP ({@code fc1}, {@code fc2});</li>
 *   <li><b>Llama</b> (Touvron et al., arXiv 2302.13971): RMSNorm with a weight, rotary positions (Su et al., arXiv
 *       2104.09864, eq. 34, in the Hugging Face layout that pairs dimension {@code i} with {@code i + head_dim/2}),
 *       grouped-query attention ({@code num_key_value_heads}), a SwiGLU MLP
 *       {@code down(silu(gate(x))·up(x))}, no biases.</li>
 * </ul>
 * Each in its original form and in the SliceGPT form (Ashkboos et al., arXiv 2401.15024, eq. 9 and §3.3): weight-free
 * RMSNorm dividing by the <em>original</em> width, shortcut matrices on the residual path, sliced widths. Attention is
 * causal and scaled by {@code head_dim^-½}.
 */
public final class DecoderForward {
    private final TransformerConfig config;
    private final Map<String, double[]> w;
    private final Map<String, long[]> shapes;
    private final boolean opt;
    private final boolean sliced;

    /** Tensors by name (values) and their shapes. */
    public DecoderForward(TransformerConfig config, Map<String, double[]> weights, Map<String, long[]> shapes) {
        this.config = config;
        this.w = weights;
        this.shapes = shapes;
        this.opt = config.family() == TransformerConfig.Family.OPT;
        this.sliced = !weights.containsKey(opt ? "model.decoder.final_layer_norm.weight" : "model.norm.weight");
    }

    /** What {@link #run} reports besides logits: the residual stream entering each site's norm, per position. */
    public interface Probe {
        /** {@code site}: 0 = E, 2ℓ+1 = A_ℓ, 2ℓ+2 = M_ℓ; {@code x} the residual vector at one position. */
        void residual(int site, int position, double[] x);
    }

    /**
     * Logits {@code [T][vocab]} for a token sequence ({@code T ≤ max_position_embeddings} for OPT's learned
     * positions; rotary positions have no bound).
     */
    public double[][] run(int[] tokens, Probe probe) {
        int t = tokens.length;
        if (t < 1 || (opt && t > config.positions())) {
            throw new IllegalArgumentException("sequence length must be in [1, " + config.positions() + "], was " + t);
        }
        String emb = config.tokenEmbedding();
        int width = (int) shapes.get(emb)[1];
        double[][] h = new double[t][width];
        double[] te = w.get(emb);
        double[] pe = opt ? w.get("model.decoder.embed_positions.weight") : null;
        for (int i = 0; i < t; i++) {
            if (tokens[i] < 0 || tokens[i] >= config.vocab()) {
                throw new IllegalArgumentException("token " + tokens[i] + " outside the vocabulary");
            }
            for (int c = 0; c < width; c++) {
                h[i][c] = te[tokens[i] * width + c] + (pe == null ? 0 : pe[(i + 2) * width + c]);
            }
        }
        int site = 0;
        report(probe, site, h);
        for (int l = 0; l < config.layers(); l++) {
            String p = config.layer(l);
            double[][] a = attention(norm(h, p + (opt ? "self_attn_layer_norm" : "input_layernorm")), p);
            h = residual(h, a, p + "attn_shortcut_Q");
            report(probe, ++site, h);
            double[][] x = norm(h, p + (opt ? "final_layer_norm" : "post_attention_layernorm"));
            double[][] f;
            if (opt) {
                f = linear(x, p + "fc1");
                for (double[] row : f) {
                    for (int c = 0; c < row.length; c++) {
                        row[c] = Math.max(0, row[c]);
                    }
                }
                f = linear(f, p + "fc2");
            } else {
                double[][] gate = linear(x, p + "mlp.gate_proj");
                double[][] up = linear(x, p + "mlp.up_proj");
                for (int i = 0; i < gate.length; i++) {
                    for (int c = 0; c < gate[i].length; c++) {
                        double g = gate[i][c];
                        gate[i][c] = g / (1 + Math.exp(-g)) * up[i][c];
                    }
                }
                f = linear(gate, p + "mlp.down_proj");
            }
            h = residual(h, f, p + "mlp_shortcut_Q");
            report(probe, ++site, h);
        }
        return linear(norm(h, opt ? "model.decoder.final_layer_norm" : "model.norm"), "lm_head");
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

    /**
     * OPT's LayerNorm with weight and bias, or Llama's RMSNorm with a weight, where the model has them; else
     * SliceGPT's weight-free RMSNorm over the original width.
     */
    private double[][] norm(double[][] x, String name) {
        double[][] out = new double[x.length][];
        double[] gamma = w.get(name + ".weight");
        double[] beta = w.get(name + ".bias");
        for (int i = 0; i < x.length; i++) {
            double[] v = x[i];
            double[] o = new double[v.length];
            if (gamma == null || !opt) {
                double ss = 0;
                for (double e : v) {
                    ss += e * e;
                }
                double inv = 1 / Math.sqrt(ss / config.hidden() + config.normEps());
                for (int c = 0; c < v.length; c++) {
                    o[c] = v[c] * inv * (gamma == null ? 1 : gamma[c]);
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
        int group = heads / config.kvHeads(); // query heads per key/value head
        if (k[0].length != config.kvHeads() * hd || v[0].length != k[0].length) {
            throw new IllegalArgumentException(p + "self_attn: key/value width " + k[0].length + ", expected "
                    + config.kvHeads() + " heads of " + hd);
        }
        if (!opt) {
            rotary(q, heads, hd, config.ropeTheta());
            rotary(k, config.kvHeads(), hd, config.ropeTheta());
        }
        double scale = 1 / Math.sqrt(hd);
        int t = x.length;
        double[][] ctx = new double[t][q[0].length];
        double[] score = new double[t];
        for (int hIdx = 0; hIdx < heads; hIdx++) {
            int off = hIdx * hd;
            int kvOff = hIdx / group * hd;
            for (int i = 0; i < t; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= i; j++) {
                    double s = 0;
                    for (int c = 0; c < hd; c++) {
                        s += q[i][off + c] * k[j][kvOff + c];
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
                        ctx[i][off + c] += a * v[j][kvOff + c];
                    }
                }
            }
        }
        return linear(ctx, p + (opt ? "self_attn.out_proj" : "self_attn.o_proj"));
    }

    /**
     * Rotary positions in place: in each head, dimensions {@code c} and {@code c + hd/2} of position {@code t} turn
     * by the angle {@code t·θ^(−2c/hd)}.
     */
    static void rotary(double[][] x, int heads, int hd, double theta) {
        int half = hd / 2;
        for (int c = 0; c < half; c++) {
            double frequency = Math.pow(theta, -2.0 * c / hd);
            for (int t = 0; t < x.length; t++) {
                double angle = t * frequency;
                double cos = Math.cos(angle);
                double sin = Math.sin(angle);
                for (int h = 0; h < heads; h++) {
                    int a = h * hd + c;
                    double x1 = x[t][a];
                    double x2 = x[t][a + half];
                    x[t][a] = x1 * cos - x2 * sin;
                    x[t][a + half] = x2 * cos + x1 * sin;
                }
            }
        }
    }

    /** Whether this is the SliceGPT form (no norm weights). */
    public boolean sliced() {
        return sliced;
    }

    /**
     * Mean negative log-likelihood, nats per token, of predicting each byte of {@code text} from those before it, in
     * windows of the model's learned context (the first token of each window is not predicted).
     */
    public double negativeLogLikelihood(byte[] text, int windows) {
        int[] tokens = new int[text.length];
        for (int i = 0; i < text.length; i++) {
            tokens[i] = text[i] & 0xFF;
        }
        return negativeLogLikelihood(tokens, config.positions(), windows);
    }

    /**
     * Mean negative log-likelihood, nats per token, of predicting each token from those before it within the windows
     * {@link #windows} places (the first token of each window is not predicted).
     */
    public double negativeLogLikelihood(int[] tokens, int context, int windows) {
        double total = 0;
        int[] starts = windows(tokens.length, context, windows);
        for (int start : starts) {
            int[] tok = java.util.Arrays.copyOfRange(tokens, start, start + context);
            total += negativeLogLikelihood(run(tok, null), tok);
        }
        return total / ((long) starts.length * (context - 1));
    }

    /** Summed negative log-likelihood, nats, of tokens {@code 1..T−1} of a window under its logits {@code [T][V]}. */
    public static double negativeLogLikelihood(double[][] logits, int[] tokens) {
        double total = 0;
        for (int i = 0; i + 1 < tokens.length; i++) {
            double[] l = logits[i];
            double max = Double.NEGATIVE_INFINITY;
            for (double e : l) {
                max = Math.max(max, e);
            }
            double z = 0;
            for (double e : l) {
                z += Math.exp(e - max);
            }
            total += Math.log(z) + max - l[tokens[i + 1]];
        }
        return total;
    }

    /**
     * Where the evaluation windows of {@code context} tokens start in a sequence of {@code length}: up to
     * {@code windows} of them, spread evenly, not overlapping (fewer if the sequence is short); at least one.
     *
     * @throws IllegalArgumentException if the sequence is shorter than one window, or the window is under 2 tokens
     */
    public static int[] windows(int length, int context, int windows) {
        if (context < 2 || length < context || windows < 1) {
            throw new IllegalArgumentException("need a context of at least 2 tokens and a sequence at least that long;"
                    + " got context " + context + ", length " + length);
        }
        int fit = length / context;
        int count = Math.min(windows, fit);
        int step = count == 1 ? 0 : Math.max(context, (length - context) / (count - 1));
        int[] starts = new int[count];
        for (int i = 0; i < count; i++) {
            starts[i] = Math.min(i * step, length - context);
        }
        return starts;
    }
}
