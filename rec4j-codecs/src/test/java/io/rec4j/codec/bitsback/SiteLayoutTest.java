package io.rec4j.codec.bitsback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.codec.safetensors.Json;
import io.rec4j.codec.safetensors.ModelFormatException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sites and blocks of sliced OPT and Llama models, and the refusals of models that are not SliceGPT-shaped. */
class SiteLayoutTest {
    static final int V = 50;
    static final int F = 64;

    /** A sliced OPT: original width 16, sites E = 12, A_l = 10 + l, M_l = 12 - l. */
    static Map<String, long[]> opt(int layers) {
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put("model.decoder.embed_tokens.weight", new long[] {V, 12});
        s.put("model.decoder.embed_positions.weight", new long[] {34, 12});
        int in = 12;
        for (int l = 0; l < layers; l++) {
            String p = "model.decoder.layers." + l + ".";
            int a = 10 + l;
            int m = 12 - l;
            for (String q : new String[] {"q", "k", "v"}) {
                s.put(p + "self_attn." + q + "_proj.weight", new long[] {16, in});
                s.put(p + "self_attn." + q + "_proj.bias", new long[] {16});
            }
            s.put(p + "self_attn.out_proj.weight", new long[] {a, 16});
            s.put(p + "self_attn.out_proj.bias", new long[] {a});
            s.put(p + "attn_shortcut_Q", new long[] {in, a});
            s.put(p + "fc1.weight", new long[] {F, a});
            s.put(p + "fc1.bias", new long[] {F});
            s.put(p + "fc2.weight", new long[] {m, F});
            s.put(p + "fc2.bias", new long[] {m});
            s.put(p + "mlp_shortcut_Q", new long[] {a, m});
            in = m;
        }
        s.put("lm_head.weight", new long[] {V, in});
        return s;
    }

    static TransformerConfig optConfig(int layers) {
        return new TransformerConfig(TransformerConfig.Family.OPT, 16, layers, 4, 4, F, V, 32, 1e-5, 0);
    }

    @Test
    void optSitesAndBlocks() throws ModelFormatException {
        Map<String, long[]> shapes = opt(2);
        SiteLayout layout = SiteLayout.of(optConfig(2), shapes);
        assertEquals(List.of("E", "A0", "M0", "A1", "M1"), layout.sites().stream().map(SiteLayout.Site::name).toList());
        assertEquals(List.of(12, 10, 12, 11, 11), layout.sites().stream().map(SiteLayout.Site::width).toList());
        assertEquals("model.decoder.layers.1.fc1.weight", layout.sites().get(3).reference().tensor());
        assertEquals(SiteLayout.Kind.ROWS, layout.sites().get(4).reference().kind());
        // q/k/v of layer 1 read M0 and are coded there; the attention shortcut of layer 1 is coded at A1
        List<String> m0 = layout.sites().get(2).blocks().stream().map(SiteLayout.Block::tensor).toList();
        assertTrue(m0.contains("model.decoder.layers.1.self_attn.q_proj.weight"), m0.toString());
        assertTrue(m0.contains("model.decoder.layers.0.mlp_shortcut_Q"), m0.toString());
        SiteLayout.Block sc = layout.sites().get(3).blocks().stream()
                .filter(b -> b.tensor().endsWith("1.attn_shortcut_Q")).findFirst().orElseThrow();
        assertEquals(2, sc.site());
        assertEquals(3, sc.outSite());
        assertTrue(layout.sites().get(4).blocks().stream().anyMatch(b -> b.tensor().equals("lm_head.weight")));
        assertEquals(8, layout.siteFree().size()); // q/k/v and fc1 biases of two layers
        // every tensor exactly once
        Set<String> all = new HashSet<>(layout.tensors());
        assertEquals(shapes.size(), layout.tensors().size());
        assertEquals(shapes.keySet(), all);
    }

    @Test
    void llamaSites() throws ModelFormatException {
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put("model.embed_tokens.weight", new long[] {V, 12});
        int in = 12;
        for (int l = 0; l < 3; l++) {
            String p = "model.layers." + l + ".";
            for (String q : new String[] {"q", "k", "v"}) {
                s.put(p + "self_attn." + q + "_proj.weight", new long[] {q.equals("q") ? 16 : 8, in});
            }
            s.put(p + "self_attn.o_proj.weight", new long[] {10, 16});
            s.put(p + "attn_shortcut_Q", new long[] {in, 10});
            s.put(p + "mlp.gate_proj.weight", new long[] {F, 10});
            s.put(p + "mlp.up_proj.weight", new long[] {F, 10});
            s.put(p + "mlp.down_proj.weight", new long[] {12, F});
            s.put(p + "mlp_shortcut_Q", new long[] {10, 12});
            in = 12;
        }
        s.put("lm_head.weight", new long[] {V, 12});
        TransformerConfig c = new TransformerConfig(TransformerConfig.Family.LLAMA, 16, 3, 4, 2, F, V, 0, 1e-6, 1e4);
        SiteLayout layout = SiteLayout.of(c, s);
        assertEquals(7, layout.sites().size());
        assertEquals(0, layout.siteFree().size());
        assertEquals("model.layers.2.mlp.up_proj.weight", layout.sites().get(5).reference().tensor());
        assertEquals(s.size(), layout.tensors().size());
    }

    @Test
    void refusesModelsThatAreNotSliceGptShaped() {
        Map<String, long[]> withNorm = opt(1);
        withNorm.put("model.decoder.layers.0.self_attn_layer_norm.weight", new long[] {16});
        assertMessage(withNorm, "norm");
        Map<String, long[]> missing = opt(1);
        missing.remove("model.decoder.layers.0.mlp_shortcut_Q");
        assertMessage(missing, "missing tensor model.decoder.layers.0.mlp_shortcut_Q");
        Map<String, long[]> extra = opt(1);
        extra.put("something.else", new long[] {3});
        assertMessage(extra, "unexpected tensor something.else");
        Map<String, long[]> wrongWidth = opt(1);
        wrongWidth.put("model.decoder.layers.0.fc1.weight", new long[] {F, 11});
        assertMessage(wrongWidth, "fc1.weight");
        Map<String, long[]> badShortcut = opt(1);
        badShortcut.put("model.decoder.layers.0.attn_shortcut_Q", new long[] {12, 11});
        assertMessage(badShortcut, "attn_shortcut_Q");
        Map<String, long[]> rank = opt(1);
        rank.put("lm_head.weight", new long[] {V, 12, 1});
        assertMessage(rank, "dimensions");
    }

    @Test
    void configs() throws ModelFormatException {
        TransformerConfig c = TransformerConfig.of(Json.parseObject("{\"model_type\":\"opt\",\"hidden_size\":128,"
                + "\"num_hidden_layers\":2,\"num_attention_heads\":4,\"ffn_dim\":512,\"vocab_size\":256,"
                + "\"max_position_embeddings\":256,\"do_layer_norm_before\":true}"));
        assertEquals(TransformerConfig.Family.OPT, c.family());
        assertEquals(512, c.ffn());
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> TransformerConfig.of(Json.parseObject("{\"model_type\":\"gpt2\"}")));
        assertTrue(e.getMessage().contains("unsupported architecture"), e.getMessage());
        e = assertThrows(ModelFormatException.class, () -> TransformerConfig.of(Json.parseObject(
                "{\"model_type\":\"opt\",\"hidden_size\":128,\"num_hidden_layers\":2,\"num_attention_heads\":3,"
                        + "\"ffn_dim\":512,\"vocab_size\":256,\"max_position_embeddings\":256}")));
        assertTrue(e.getMessage().contains("num_attention_heads"), e.getMessage());
        assertThrows(ModelFormatException.class, () -> TransformerConfig.of(Json.parseObject(
                "{\"model_type\":\"llama\",\"hidden_size\":-1}")));
    }

    private static void assertMessage(Map<String, long[]> shapes, String part) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SiteLayout.of(optConfig(1), shapes));
        assertTrue(e.getMessage().contains(part), e.getMessage() + " should mention " + part);
    }
}
