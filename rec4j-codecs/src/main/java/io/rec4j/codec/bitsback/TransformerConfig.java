package io.rec4j.codec.bitsback;

import io.rec4j.codec.safetensors.ModelFormatException;
import java.util.Map;

/**
 * The parts of a Hugging Face {@code config.json} that fix a decoder-only transformer's tensors, for the two families
 * this codec supports: OPT ({@code "model_type": "opt"}: pre-LayerNorm, learned positions with an offset of 2, biases,
 * {@code fc1}/{@code fc2}) and Llama ({@code "model_type": "llama"}: RMSNorm, rotary positions, no biases, gated
 * {@code gate}/{@code up}/{@code down} MLP). After SliceGPT the widths of the residual sites are read from the tensors;
 * the config gives the original ones.
 *
 * @param family     OPT or LLAMA
 * @param hidden     the original residual width {@code D} (RMSNorm divides by it even after slicing)
 * @param layers     {@code L}
 * @param heads      attention heads
 * @param kvHeads    key/value heads (Llama's grouped-query attention; OPT: = heads)
 * @param ffn        MLP width
 * @param vocab      vocabulary size
 * @param positions  OPT: learned positions; Llama: the context it was trained for (0 if the config omits it)
 * @param normEps    the norm's ε
 * @param ropeTheta  rotary base (Llama; OPT: 0)
 */
public record TransformerConfig(Family family, int hidden, int layers, int heads, int kvHeads, int ffn, int vocab,
        int positions, double normEps, double ropeTheta) {
    /** The supported families. */
    public enum Family {
        OPT, LLAMA
    }

    /** Largest dimension accepted from a config (a sanity bound against hostile files). */
    public static final int MAX_DIMENSION = 1 << 20;

    public TransformerConfig {
        check(hidden >= 1 && hidden <= MAX_DIMENSION, "hidden_size " + hidden);
        check(layers >= 1 && layers <= 1024, "num_hidden_layers " + layers);
        check(heads >= 1 && hidden % heads == 0, "num_attention_heads " + heads + " must divide hidden_size " + hidden);
        check(kvHeads >= 1 && heads % kvHeads == 0, "num_key_value_heads " + kvHeads);
        check(ffn >= 1 && ffn <= MAX_DIMENSION, "ffn width " + ffn);
        check(vocab >= 1 && vocab <= MAX_DIMENSION, "vocab_size " + vocab);
        check(positions >= 0 && positions <= MAX_DIMENSION, "max_position_embeddings " + positions);
        check(normEps > 0 && normEps < 1, "norm epsilon " + normEps);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("config.json: invalid " + what);
        }
    }

    /** Reads a parsed {@code config.json}. */
    public static TransformerConfig of(Map<String, Object> json) throws ModelFormatException {
        Object type = json.get("model_type");
        try {
            if ("opt".equals(type)) {
                if (json.containsKey("do_layer_norm_before") && !Boolean.TRUE.equals(json.get("do_layer_norm_before"))) {
                    throw new ModelFormatException("config.json: post-LayerNorm OPT models (do_layer_norm_before = false)"
                            + " are not supported");
                }
                int hidden = integer(json, "hidden_size");
                if (json.containsKey("word_embed_proj_dim") && integer(json, "word_embed_proj_dim") != hidden) {
                    throw new ModelFormatException("config.json: OPT models with word_embed_proj_dim != hidden_size are"
                            + " not supported");
                }
                int heads = integer(json, "num_attention_heads");
                return new TransformerConfig(Family.OPT, hidden, integer(json, "num_hidden_layers"), heads, heads,
                        integer(json, "ffn_dim"), integer(json, "vocab_size"), integer(json, "max_position_embeddings"),
                        1e-5, 0);
            }
            if ("llama".equals(type)) {
                int heads = integer(json, "num_attention_heads");
                int kv = json.containsKey("num_key_value_heads") ? integer(json, "num_key_value_heads") : heads;
                return new TransformerConfig(Family.LLAMA, integer(json, "hidden_size"), integer(json, "num_hidden_layers"),
                        heads, kv, integer(json, "intermediate_size"), integer(json, "vocab_size"),
                        json.containsKey("max_position_embeddings") ? integer(json, "max_position_embeddings") : 0,
                        number(json, "rms_norm_eps", 1e-6), number(json, "rope_theta", 10000));
            }
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(e.getMessage());
        }
        throw new ModelFormatException("config.json: unsupported architecture (model_type " + type
                + "; supported: opt, llama)");
    }

    private static int integer(Map<String, Object> json, String key) throws ModelFormatException {
        if (!(json.get(key) instanceof Long v) || v < 0 || v > Integer.MAX_VALUE) {
            throw new ModelFormatException("config.json: " + key + " missing or not a non-negative integer");
        }
        return (int) (long) v;
    }

    private static double number(Map<String, Object> json, String key, double fallback) throws ModelFormatException {
        Object v = json.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new ModelFormatException("config.json: " + key + " is not a number");
        }
        return n.doubleValue();
    }

    /** Tensor-name prefix of layer {@code i}. */
    public String layer(int i) {
        return family == Family.OPT ? "model.decoder.layers." + i + "." : "model.layers." + i + ".";
    }

    /** The token embedding's name. */
    public String tokenEmbedding() {
        return family == Family.OPT ? "model.decoder.embed_tokens.weight" : "model.embed_tokens.weight";
    }
}
