package io.rec4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.codec.bitsback.BitsBackDemo;
import io.rec4j.codec.bitsback.ModelDirectory;
import io.rec4j.codec.bitsback.SliceGpt;
import io.rec4j.codec.bitsback.TransformerConfig;
import io.rec4j.codec.safetensors.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rec4j bitsback demo | encode | decode | eval} on a tiny model: the demo writes a sliced model that encode and
 * decode carry through (decoded twice, the same bytes; the bits-back file is smaller than the plain one), eval compares
 * the two models, and damaged files, missing directories and bad options get exit codes 2 and 1.
 */
class BitsbackCliTest {
    @TempDir
    static Path dir;
    static Path sliced;
    static Path text;
    static CliTest.Result demo;

    @BeforeAll
    static void demo() throws IOException {
        sliced = dir.resolve("sliced");
        text = dir.resolve("text.txt");
        Files.write(text, BitsBackDemo.syntheticText(20_000, 3));
        demo = CliTest.run("bitsback", "demo", "--text", text.toString(), "--hidden", "32", "--layers", "1",
                "--steps", "30", "--out", sliced.toString(), "-q");
    }

    @Test
    void demoReportsAndWritesTheSlicedModel() throws IOException {
        assertEquals(0, demo.code(), demo.err());
        assertTrue(demo.out().contains("bits-back file"), demo.out());
        assertTrue(demo.out().contains("held-out perplexity"), demo.out());
        ModelDirectory.Model m = ModelDirectory.read(sliced);
        assertEquals(24, m.weights().tensor("model.decoder.embed_tokens.weight").shape()[1]);
    }

    @Test
    void encodeDecodeEval() throws IOException {
        assertEquals(0, demo.code(), demo.err());
        Path bb = dir.resolve("m.r4j");
        Path plain = dir.resolve("plain.r4j");
        CliTest.Result e = CliTest.run("bitsback", "encode", sliced.toString(), bb.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.err().contains("bits-back"), e.err());
        CliTest.Result p = CliTest.run("bitsback", "encode", "--no-bits-back", "-q", sliced.toString(), plain.toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(Files.size(bb) < Files.size(plain), Files.size(bb) + " vs " + Files.size(plain));
        Path out = dir.resolve("decoded");
        CliTest.Result d = CliTest.run("bitsback", "decode", "-q", bb.toString(), out.toString());
        assertEquals(0, d.code(), d.err());
        byte[] first = Files.readAllBytes(out.resolve(ModelDirectory.WEIGHTS));
        // refuses to overwrite, then overwrites with -f: the same bytes
        assertEquals(Main.EXIT_BAD_DATA, CliTest.run("bitsback", "decode", "-q", bb.toString(), out.toString()).code());
        assertEquals(0, CliTest.run("bitsback", "decode", "-q", "-f", bb.toString(), out.toString()).code());
        assertArrayEquals(first, Files.readAllBytes(out.resolve(ModelDirectory.WEIGHTS)));
        List<Safetensors.Tensor> tensors = Safetensors.read(out.resolve(ModelDirectory.WEIGHTS)).tensors();
        assertTrue(tensors.stream().allMatch(t -> t.dtype() == Safetensors.DType.F16));
        // the decoded model is the sliced one up to float16 rounding
        CliTest.Result v = CliTest.run("bitsback", "eval", out.toString(), "--text", text.toString(), "--compare",
                sliced.toString(), "--windows", "4", "-q");
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().contains("largest logit difference"), v.out());
    }

    /** A sliced Llama model (random weights) through encode, decode and eval on token ids. */
    @Test
    void llamaModelThroughEncodeDecodeAndEvalOnTokenIds() throws Exception {
        String config = "{\"model_type\":\"llama\",\"hidden_size\":32,\"num_hidden_layers\":1,"
                + "\"num_attention_heads\":4,\"num_key_value_heads\":2,\"intermediate_size\":64,\"vocab_size\":300,"
                + "\"max_position_embeddings\":24}";
        TransformerConfig c = TransformerConfig.of(io.rec4j.codec.safetensors.Json.parseObject(config));
        List<int[]> calibration = new java.util.ArrayList<>();
        java.util.SplittableRandom r = new java.util.SplittableRandom(8);
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            int[] seq = new int[24];
            for (int t = 0; t < 24; t++) {
                seq[t] = r.nextInt(300);
                ids.append(seq[t]).append(t % 10 == 9 ? ",\n" : " ");
            }
            calibration.add(seq);
        }
        Path model = dir.resolve("llama");
        ModelDirectory.write(model, config, SliceGpt.tensors(SliceGpt.slice(c, SliceGpt.randomOriginal(c, 2),
                calibration, 0.75, 8)), true);
        Path tokens = dir.resolve("tokens.txt");
        Files.writeString(tokens, ids.toString());
        Path bb = dir.resolve("llama.r4j");
        assertEquals(0, CliTest.run("bitsback", "encode", "-q", model.toString(), bb.toString()).code());
        Path out = dir.resolve("llama-decoded");
        assertEquals(0, CliTest.run("bitsback", "decode", "-q", bb.toString(), out.toString()).code());
        CliTest.Result v = CliTest.run("bitsback", "eval", out.toString(), "--tokens", tokens.toString(), "--compare",
                model.toString(), "--windows", "3", "-q");
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().contains("nats/token") && v.out().contains("(3 windows of 24)"), v.out());
        assertTrue(v.out().contains("largest logit difference"), v.out());
        // --text needs a byte-level vocabulary; exactly one of --text and --tokens; ids must be in the vocabulary
        assertEquals(Main.EXIT_USAGE, CliTest.run("bitsback", "eval", model.toString(), "--text", text.toString()).code());
        assertEquals(Main.EXIT_USAGE, CliTest.run("bitsback", "eval", model.toString()).code());
        Files.writeString(tokens, "1 2 300 4");
        CliTest.Result bad = CliTest.run("bitsback", "eval", model.toString(), "--tokens", tokens.toString());
        assertEquals(Main.EXIT_USAGE, bad.code());
        assertTrue(bad.err().contains("outside the vocabulary"), bad.err());
        Files.writeString(tokens, "1 2 x 4");
        assertEquals(Main.EXIT_USAGE, CliTest.run("bitsback", "eval", model.toString(), "--tokens", tokens.toString())
                .code());
        Files.writeString(tokens, "1 2 3 4");
        bad = CliTest.run("bitsback", "eval", model.toString(), "--tokens", tokens.toString());
        assertEquals(Main.EXIT_USAGE, bad.code());
        assertTrue(bad.err().contains("shorter than one window"), bad.err());
    }

    @Test
    void badInputsGetTheRightExitCodes() throws IOException {
        assertEquals(0, demo.code(), demo.err());
        Path bb = dir.resolve("x.r4j");
        assertEquals(0, CliTest.run("bitsback", "encode", "-q", sliced.toString(), bb.toString()).code());
        byte[] f = Files.readAllBytes(bb);
        f[f.length / 2] ^= 4;
        Path bad = dir.resolve("bad.r4j");
        Files.write(bad, f);
        assertEquals(Main.EXIT_BAD_DATA, CliTest.run("bitsback", "decode", "-q", bad.toString(),
                dir.resolve("bad-out").toString()).code());
        Files.write(bad, java.util.Arrays.copyOf(Files.readAllBytes(bb), 100));
        assertEquals(Main.EXIT_BAD_DATA, CliTest.run("bitsback", "decode", "-q", bad.toString(),
                dir.resolve("bad-out").toString()).code());
        assertEquals(Main.EXIT_BAD_DATA, CliTest.run("bitsback", "encode", "-q", dir.resolve("nothing").toString(),
                dir.resolve("n.r4j").toString()).code());
        Path noWeights = Files.createDirectories(dir.resolve("config-only"));
        Files.writeString(noWeights.resolve("config.json"), "{\"model_type\":\"gpt2\"}");
        CliTest.Result r = CliTest.run("bitsback", "encode", "-q", noWeights.toString(), dir.resolve("c.r4j").toString());
        assertEquals(Main.EXIT_BAD_DATA, r.code(), r.err());
        assertEquals(Main.EXIT_USAGE, CliTest.run("bitsback", "encode", "--grid-bits", "3", sliced.toString(),
                dir.resolve("g.r4j").toString()).code());
        assertEquals(Main.EXIT_USAGE, CliTest.run("bitsback", "encode", "--weights", "zip", sliced.toString(),
                dir.resolve("g.r4j").toString()).code());
        assertEquals(Main.EXIT_USAGE, CliTest.run("bitsback", "demo", "--keep", "0").code());
        assertEquals(Main.EXIT_USAGE, CliTest.run("bitsback", "demo", "--hidden", "30").code());
        assertEquals(Main.EXIT_USAGE, CliTest.run("bitsback").code());
    }
}
