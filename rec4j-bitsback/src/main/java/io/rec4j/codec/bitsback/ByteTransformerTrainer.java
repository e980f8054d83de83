package io.rec4j.codec.bitsback;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.rec4j.nn.djl.Adam;
import io.rec4j.nn.djl.NativeArrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a small byte-level OPT-style language model on the DJL engine (PyTorch CPU): token and learned position
 * embeddings, {@code L} pre-LayerNorm blocks of causal multi-head attention and a ReLU MLP, a final LayerNorm and an
 * untied output layer, next-byte cross-entropy, Adam with a cosine decay to a tenth. The tensors carry Hugging Face
 * OPT names and layouts, so {@link DecoderForward}, {@link SliceGpt} and the codec read them as they would a real OPT
 * checkpoint. Training is not bit-reproducible across machines; what it writes is an ordinary model file.
 */
public final class ByteTransformerTrainer implements AutoCloseable {
    /** Model and schedule. */
    public record Settings(int hidden, int layers, int heads, int context, int steps, int batch, double lr, long seed) {
        public Settings {
            if (hidden < 8 || hidden > 4096 || heads < 1 || hidden % heads != 0 || layers < 1 || layers > 64) {
                throw new IllegalArgumentException("need 8 ≤ hidden ≤ 4096 divisible by heads, 1 ≤ layers ≤ 64");
            }
            if (context < 2 || context > 4096 || steps < 1 || batch < 1 || !(lr > 0) || lr > 1) {
                throw new IllegalArgumentException("bad context, steps, batch or learning rate");
            }
        }

        /** The demo's: d = 128, 2 layers, 4 heads, 64 bytes of context, 1,200 steps of 32 windows, lr 3·10⁻³. */
        public static Settings demo() {
            return new Settings(128, 2, 4, 64, 1200, 32, 3e-3, 1);
        }

        /**
         * The demo's settings at width {@code hidden}, with the learning rate measured to train it: 3·10⁻³ up to
         * d = 128, 10⁻³ above (on book1 at d = 256, 3·10⁻³ ended at 2.32 nats/byte of training loss, 10⁻³ at a
         * held-out 1.62).
         */
        public static Settings demo(int hidden) {
            Settings d = demo();
            return new Settings(hidden, d.layers(), d.heads(), d.context(), d.steps(), d.batch(),
                    hidden <= 128 ? 3e-3 : 1e-3, d.seed());
        }
    }

    private final Settings s;
    private final NDManager manager;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private final List<NDArray[]> moments = new ArrayList<>();
    private final SplittableRandom random;
    private long t;

    public ByteTransformerTrainer(Settings settings) {
        this.s = settings;
        this.random = new SplittableRandom(settings.seed());
        this.manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed((int) settings.seed());
        int d = s.hidden();
        int f = 4 * d;
        add("model.decoder.embed_tokens.weight", 0.02, 256, d);
        add("model.decoder.embed_positions.weight", 0.02, s.context() + 2, d);
        for (int l = 0; l < s.layers(); l++) {
            String p = "model.decoder.layers." + l + ".";
            ones(p + "self_attn_layer_norm", d);
            for (String q : new String[] {"q", "k", "v", "out"}) {
                add(p + "self_attn." + q + "_proj.weight", 1 / Math.sqrt(d), d, d);
                add(p + "self_attn." + q + "_proj.bias", 0, d);
            }
            ones(p + "final_layer_norm", d);
            add(p + "fc1.weight", 1 / Math.sqrt(d), f, d);
            add(p + "fc1.bias", 0, f);
            add(p + "fc2.weight", 1 / Math.sqrt(f), d, f);
            add(p + "fc2.bias", 0, d);
        }
        ones("model.decoder.final_layer_norm", d);
        add("lm_head.weight", 1 / Math.sqrt(d), 256, d);
    }

    private void ones(String name, int d) {
        add(name + ".weight", -1, d);
        add(name + ".bias", 0, d);
    }

    /** A parameter: uniform in ±scale·√3 (so standard deviation = scale), 0 for scale 0, 1 for scale −1. */
    private void add(String name, double scale, int... shape) {
        int n = 1;
        long[] sh = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            n *= shape[i];
            sh[i] = shape[i];
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale < 0 ? 1f : (float) ((2 * random.nextDouble() - 1) * scale * Math.sqrt(3));
        }
        NDArray p = NativeArrays.leaf(NativeArrays.owned(manager, v, new Shape(sh)));
        params.put(name, p);
        moments.add(new NDArray[] {NativeArrays.keep(manager.zeros(p.getShape(), DataType.FLOAT32)),
            NativeArrays.keep(manager.zeros(p.getShape(), DataType.FLOAT32))});
    }

    /** One Adam step on {@code batch} random windows of {@code text}; returns the mean loss, nats per byte. */
    public double step(byte[] text, double lr) {
        int b = s.batch();
        int c = s.context();
        int[] in = new int[b * c];
        int[] target = new int[b * c];
        for (int i = 0; i < b; i++) {
            int start = random.nextInt(text.length - c - 1);
            for (int j = 0; j < c; j++) {
                in[i * c + j] = text[start + j] & 0xFF;
                target[i * c + j] = text[start + j + 1] & 0xFF;
            }
        }
        try (NDScope scope = new NDScope()) {
            NDArray loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = forward(in, b);
                NDArray logp = logits.logSoftmax(2);
                NDArray onehot = manager.create(target, new Shape(b, c)).oneHot(256);
                loss = logp.mul(onehot).sum().neg().div(b * c);
                gc.backward(loss);
            }
            t++;
            int i = 0;
            for (NDArray p : params.values()) {
                Adam.update(p, moments.get(i)[0], moments.get(i)[1], lr, t, null);
                i++;
            }
            return loss.getFloat();
        }
    }

    /** Trains for the configured steps; {@code progress} gets (step, loss). */
    public void train(byte[] text, java.util.function.ObjIntConsumer<Double> progress) {
        for (int i = 0; i < s.steps(); i++) {
            double lr = s.lr() * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * i / s.steps())));
            double loss = step(text, lr);
            if (progress != null) {
                progress.accept(loss, i + 1);
            }
        }
    }

    private NDArray forward(int[] tokens, int b) {
        int c = s.context();
        int d = s.hidden();
        NDArray tok = manager.create(tokens, new Shape(b, c)).oneHot(256);
        NDArray h = tok.matMul(p("model.decoder.embed_tokens.weight"))
                .add(p("model.decoder.embed_positions.weight").get(new NDIndex("2:" + (c + 2))));
        float[] maskValues = new float[c * c];
        for (int i = 0; i < c; i++) {
            for (int j = i + 1; j < c; j++) {
                maskValues[i * c + j] = -1e9f;
            }
        }
        NDArray mask = manager.create(maskValues, new Shape(c, c));
        int heads = s.heads();
        int hd = d / heads;
        for (int l = 0; l < s.layers(); l++) {
            String p = "model.decoder.layers." + l + ".";
            NDArray x = layerNorm(h, p + "self_attn_layer_norm");
            NDArray q = linear(x, p + "self_attn.q_proj").reshape(b, c, heads, hd).transpose(0, 2, 1, 3);
            NDArray k = linear(x, p + "self_attn.k_proj").reshape(b, c, heads, hd).transpose(0, 2, 3, 1);
            NDArray v = linear(x, p + "self_attn.v_proj").reshape(b, c, heads, hd).transpose(0, 2, 1, 3);
            NDArray att = q.matMul(k).mul(1 / Math.sqrt(hd)).add(mask).softmax(3);
            NDArray ctx = att.matMul(v).transpose(0, 2, 1, 3).reshape(b, c, d);
            h = h.add(linear(ctx, p + "self_attn.out_proj"));
            x = layerNorm(h, p + "final_layer_norm");
            h = h.add(linear(linear(x, p + "fc1").getNDArrayInternal().relu(), p + "fc2"));
        }
        NDArray out = layerNorm(h, "model.decoder.final_layer_norm");
        return out.matMul(p("lm_head.weight").transpose());
    }

    private NDArray p(String name) {
        return params.get(name);
    }

    private NDArray linear(NDArray x, String name) {
        NDArray y = x.matMul(p(name + ".weight").transpose());
        NDArray b = params.get(name + ".bias");
        return b == null ? y : y.add(b);
    }

    private NDArray layerNorm(NDArray x, String name) {
        NDArray mean = x.mean(new int[] {2}, true);
        NDArray centred = x.sub(mean);
        NDArray var = centred.square().mean(new int[] {2}, true);
        return centred.div(var.add(1e-5f).sqrt()).mul(p(name + ".weight")).add(p(name + ".bias"));
    }

    /** Logits of the current weights for one sequence (no gradient), for checking {@link DecoderForward}. */
    public float[] logits(int[] tokens) {
        try (NDScope scope = new NDScope()) {
            if (tokens.length != s.context()) {
                throw new IllegalArgumentException("sequence must have the context length " + s.context());
            }
            return forward(tokens, 1).toFloatArray();
        }
    }

    /** The {@code config.json} of this model (Hugging Face OPT layout). */
    public String configJson() {
        return "{\"model_type\":\"opt\",\"hidden_size\":" + s.hidden() + ",\"num_hidden_layers\":" + s.layers()
                + ",\"num_attention_heads\":" + s.heads() + ",\"ffn_dim\":" + 4 * s.hidden()
                + ",\"vocab_size\":256,\"max_position_embeddings\":" + s.context()
                + ",\"do_layer_norm_before\":true,\"word_embed_proj_dim\":" + s.hidden() + "}";
    }

    /** The weights, by name, in double, with shapes. */
    public SliceGpt.Weights weights() {
        Map<String, double[]> v = new LinkedHashMap<>();
        Map<String, long[]> sh = new LinkedHashMap<>();
        try (NDScope scope = new NDScope()) {
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                float[] f = e.getValue().toFloatArray();
                double[] a = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    a[i] = f[i];
                }
                v.put(e.getKey(), a);
                sh.put(e.getKey(), e.getValue().getShape().getShape());
            }
        }
        return new SliceGpt.Weights(v, sh);
    }

    @Override
    public void close() {
        manager.close();
    }
}
