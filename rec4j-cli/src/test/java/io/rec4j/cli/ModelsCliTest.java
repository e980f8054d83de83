package io.rec4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.codec.combiner.CombinerModel;
import io.rec4j.codec.combiner.ShippedModels;
import io.rec4j.codec.image.ImageIo;
import io.rec4j.codec.recombiner.RecombinerModel;
import io.rec4j.codec.recombiner.ShippedRecombinerModels;
import io.rec4j.core.container.MethodId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rec4j models} and {@code rec4j compress --model NAME}. */
class ModelsCliTest {
    @TempDir
    static Path dir;

    @Test
    void listsEveryShippedModelWithItsBitsAndBpp() {
        CliTest.Result r = CliTest.run("models");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().strip().lines().toList();
        List<RecombinerModel> rec = ShippedRecombinerModels.all();
        List<CombinerModel> cifar = ShippedModels.cifar10();
        int combiners = ShippedModels.count() + cifar.size();
        List<io.rec4j.codec.miracle.ShippedNetworks.Entry> nets = io.rec4j.codec.miracle.ShippedNetworks.all();
        List<io.rec4j.codec.irec.VaeModel> vaes = io.rec4j.codec.irec.ShippedVaeModels.all();
        assertEquals(1 + combiners + rec.size() + nets.size() + vaes.size(), lines.size(), r.out());
        for (int k = 0; k < vaes.size(); k++) {
            io.rec4j.codec.irec.VaeModel v = vaes.get(k);
            String expected = String.format(Locale.ROOT, "%s +IREC +image +28x28 grey +%d +%.4f bpd \\(-ELBO\\)",
                    v.name(), Math.round(v.totalKlBits()), v.testBpd());
            String line = lines.get(1 + combiners + rec.size() + nets.size() + k);
            assertTrue(line.matches(expected), line + " !~ " + expected);
        }
        for (int k = 0; k < nets.size(); k++) {
            io.rec4j.codec.miracle.ShippedNetworks.Entry e = nets.get(k);
            String expected = String.format(Locale.ROOT, "%s +MIRACLE +network +%s +%d +%.3f kB", e.name(),
                    e.header().arch().name(), 8L * e.bytes().length, e.bytes().length / 1000.0);
            String line = lines.get(1 + combiners + rec.size() + k);
            assertTrue(line.matches(expected), line + " !~ " + expected);
        }
        assertTrue(lines.get(0).matches("name +method +data +input size +bits per item +rate"), lines.get(0));
        for (int q = 1; q <= ShippedModels.count(); q++) {
            CombinerModel m = ShippedModels.forQuality(q);
            long bits = (long) m.plan().blockCount() * m.kappa();
            String expected = String.format(Locale.ROOT, "%s +COMBINER +image +%dx%d tile +%d +%.4f bpp", m.name(),
                    m.tile(), m.tile(), bits, bits / (double) (m.tile() * m.tile()));
            assertTrue(lines.get(q).matches(expected), lines.get(q) + " !~ " + expected);
        }
        assertTrue(lines.get(1).startsWith("combiner-q1 "), lines.get(1));
        for (int k = 0; k < cifar.size(); k++) {
            CombinerModel m = cifar.get(k);
            long bits = (long) m.plan().blockCount() * m.kappa();
            String expected = String.format(Locale.ROOT, "combiner-cifar10-q%d +COMBINER +image +32x32 tile +%d +%.4f"
                    + " bpp",
                    k + 1, bits, bits / 1024.0);
            String line = lines.get(1 + ShippedModels.count() + k);
            assertTrue(line.matches(expected), line + " !~ " + expected);
        }
        int images = 0;
        for (int k = 0; k < rec.size(); k++) {
            RecombinerModel m = rec.get(k);
            String expected;
            if (m.architecture().inputDim() == 2) {
                images++;
                expected = String.format(Locale.ROOT, "recombiner-cifar10-q%d +RECOMBINER +image +32x32 image +%d"
                        + " +%.4f bpp", k + 1, m.indexBits(), m.indexBits() / 1024.0);
            } else {
                expected = String.format(Locale.ROOT, "recombiner-speech-q%d +RECOMBINER +audio +16000 samples +%d"
                        + " +%.2f kbps", k + 1 - images, m.indexBits(), m.indexBits() / 1000.0);
            }
            String line = lines.get(1 + combiners + k);
            assertTrue(line.matches(expected), line + " !~ " + expected);
        }
    }

    /** The shipped COMBINER CIFAR-10 models: the COMBINER paper's 58 / 89 / 146 blocks of 16 bits. */
    @Test
    void theShippedCombinerCifarModelsAreThePapersRates() {
        List<CombinerModel> cifar = ShippedModels.cifar10();
        assertEquals(3, cifar.size());
        int[] blocks = {58, 89, 146};
        for (int k = 0; k < 3; k++) {
            CombinerModel m = cifar.get(k);
            assertEquals("combiner-cifar10-q" + (k + 1), m.name());
            assertEquals(blocks[k], m.plan().blockCount(), m.name());
            assertEquals(16, m.kappa());
            assertEquals(32, m.tile());
            assertEquals(m, ShippedModels.byId(m.id()).orElseThrow());
            assertEquals(k + 1, ShippedModels.qualityOf(m));
            assertEquals(m, ShippedModels.forCifar10(k + 1));
        }
        assertThrows(IllegalArgumentException.class, () -> ShippedModels.forCifar10(4));
    }

    /** The shipped CIFAR-10 models: the paper's four rates, one network shared by all. */
    @Test
    void theShippedRecombinerModelsAreThePapersRatesOnOneNetwork() {
        List<RecombinerModel> rec = ShippedRecombinerModels.all().stream()
                .filter(m -> m.architecture().inputDim() == 2).toList();
        assertEquals(4, rec.size());
        int[] blocks = {19, 46, 60, 98};
        for (int k = 0; k < 4; k++) {
            RecombinerModel m = rec.get(k);
            assertEquals("recombiner-cifar10-q" + (k + 1), m.name());
            assertEquals(16L * blocks[k], m.indexBits(), m.name());
            assertEquals(rec.get(0).networkId(), m.networkId(), m.name());
            assertEquals(m, ShippedRecombinerModels.byId(m.id()).orElseThrow());
        }
    }

    /** {@code --method recombiner} on a 32×32 PNG, and decoding without --model: the shipped model is found by id. */
    @Test
    void methodRecombinerPicksTheShippedModelAndDecodingFindsIt() throws Exception {
        Path png = dir.resolve("tiny32.png");
        ImageIo.writePng(io.rec4j.codec.image.TestCard.generate(32, 32), png);
        Path file = dir.resolve("tiny32.r4j");
        CliTest.Result c = CliTest.run("compress", "--method", "recombiner", "--quality", "1", "--steps", "2",
                "-f", png.toString(), file.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(c.err().contains("recombiner-cifar10-q1"), c.err());
        assertEquals(13 + 8 + 38, Files.size(file), "59 bytes at 19 blocks");
        Path back = dir.resolve("tiny32-back.png");
        CliTest.Result d = CliTest.run("decompress", "-f", file.toString(), back.toString());
        assertEquals(0, d.code(), d.err());
        assertEquals(32, ImageIo.read(back).width());
        CliTest.Result wrongSize = CliTest.run("compress", "--method", "recombiner", "-f",
                writeCard(64).toString(), file.toString());
        assertEquals(Main.EXIT_USAGE, wrongSize.code(), wrongSize.err());
        assertTrue(wrongSize.err().contains("64x64"), wrongSize.err());
    }

    /**
     * Without --model a 32×32 image gets the COMBINER CIFAR-10 model of --quality (and a folder of them is encoded a
     * batch at a time into the same files); a larger image keeps the photo model.
     */
    @Test
    void a32x32ImageGetsTheCombinerCifarModelByDefault() throws Exception {
        Path in = dir.resolve("cifar-in");
        Files.createDirectories(in);
        ImageIo.writePng(io.rec4j.codec.image.TestCard.generate(32, 32), in.resolve("a.png"));
        ImageIo.writePng(io.rec4j.codec.image.TestCard.generate(32, 32).crop(0, 0, 32, 32), in.resolve("b.png"));
        Path one = dir.resolve("a32.r4j");
        CliTest.Result c = CliTest.run("compress", "--quality", "1", "--steps", "3", "-f",
                in.resolve("a.png").toString(), one.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(c.err().contains("combiner-cifar10-q1"), c.err());
        Path outDir = dir.resolve("cifar-out");
        CliTest.Result f = CliTest.run("compress", "--quality", "1", "--steps", "3", "-f", in.toString(),
                outDir.toString());
        assertEquals(0, f.code(), f.err());
        assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(outDir.resolve("a.r4j")),
                "batch and single encodes write the same file");
        CliTest.Result d = CliTest.run("decompress", "-f", one.toString(), dir.resolve("a32-back.png").toString());
        assertEquals(0, d.code(), d.err());
        CliTest.Result q4 = CliTest.run("compress", "--quality", "4", "--steps", "3", "-f",
                in.resolve("a.png").toString(), one.toString());
        assertEquals(Main.EXIT_USAGE, q4.code(), q4.err());
        CliTest.Result photo = CliTest.run("compress", "--quality", "1", "--steps", "3", "-n", "-f",
                writeCard(64).toString(), dir.resolve("p.r4j").toString());
        assertEquals(0, photo.code(), photo.err());
        CombinerModel q1 = ShippedModels.forQuality(1);
        assertTrue(photo.err().contains((long) q1.plan().blockCount() * q1.kappa() + " index bits"), photo.err());
    }

    private static Path writeCard(int size) throws Exception {
        Path p = dir.resolve("card" + size + ".png");
        ImageIo.writePng(io.rec4j.codec.image.TestCard.generate(size, size), p);
        return p;
    }

    /**
     * The shipped speech models: one-second clips at 16 kHz, 20 patches of 800 samples, two rates on one network;
     * a WAV file without --model gets the default one, and {@code --quality} picks the other.
     */
    @Test
    void theShippedSpeechModelsShareANetworkAndCodeWavByDefault() throws Exception {
        List<RecombinerModel> speech = ShippedRecombinerModels.all().stream()
                .filter(m -> m.architecture().inputDim() == 1).toList();
        assertEquals(2, speech.size());
        for (int k = 0; k < 2; k++) {
            RecombinerModel m = speech.get(k);
            assertEquals("recombiner-speech-q" + (k + 1), m.name());
            assertEquals(16000, m.sampleRate());
            assertEquals(16000, m.samples());
            assertEquals(800, m.architecture().patchWidth());
            assertEquals(speech.get(0).networkId(), m.networkId());
            assertEquals(m, ShippedRecombinerModels.forAudio(k + 1).orElseThrow());
            assertEquals(m, ShippedRecombinerModels.byId(m.id()).orElseThrow());
        }
        assertTrue(speech.get(0).indexBits() < speech.get(1).indexBits());
        assertTrue(ShippedRecombinerModels.forAudio(3).isEmpty());

        Path wav = dir.resolve("tone.wav");
        short[] pcm = new short[8000];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (8000 * StrictMath.sin(2 * StrictMath.PI * 440 * i / 16000.0));
        }
        Files.write(wav, new io.rec4j.codec.audio.Wav(16000, pcm).toBytes());
        String out = dir.resolve("tone.r4j").toString();
        CliTest.Result def = CliTest.run("compress", "--dry-run", wav.toString(), out);
        assertEquals(0, def.code(), def.err());
        assertTrue(def.err().contains("recombiner-speech-q" + ShippedRecombinerModels.DEFAULT_AUDIO_QUALITY),
                def.err());
        CliTest.Result q1 = CliTest.run("compress", "--dry-run", "--method", "recombiner", "--quality", "1",
                wav.toString(), out);
        assertEquals(0, q1.code(), q1.err());
        assertTrue(q1.err().contains("recombiner-speech-q1"), q1.err());
        CliTest.Result combiner = CliTest.run("compress", "--dry-run", "--method", "combiner", wav.toString(), out);
        assertEquals(Main.EXIT_USAGE, combiner.code());
        assertTrue(combiner.err().contains("WAV"), combiner.err());
        CliTest.Result imageModel = CliTest.run("compress", "--dry-run", "--model", "combiner-q1", wav.toString(),
                out);
        assertEquals(Main.EXIT_USAGE, imageModel.code());
        CliTest.Result cifar = CliTest.run("compress", "--dry-run", "--model", "recombiner-cifar10-q1",
                wav.toString(), out);
        assertEquals(Main.EXIT_USAGE, cifar.code());
        assertTrue(cifar.err().contains("image model"), cifar.err());
        CliTest.Result none = CliTest.run("compress", "--dry-run", "--quality", "9", wav.toString(), out);
        assertEquals(Main.EXIT_USAGE, none.code());
        assertTrue(none.err().contains("quality 9"), none.err());
    }

    /** The entry a shipped RECOMBINER model will get: its signal is the item. */
    @Test
    void recombinerModelsAreListedPerImage() {
        RecombinerModel m = FuzzTargets.tinyRecombinerModel(9, 10);
        ModelCatalog.Listed l = ModelCatalog.Listed.of(m);
        assertEquals(MethodId.RECOMBINER, l.method());
        assertEquals("image", l.dataKind());
        assertEquals("16x16 image", l.inputSize());
        assertEquals(m.indexBits(), l.bitsPerItem());
        assertEquals(m.indexBits() / 256.0, l.bpp());
        assertNull(l.combiner());
        assertEquals(m, l.recombiner());
    }

    @Test
    void compressTakesAShippedModelByName() throws Exception {
        Path png = dir.resolve("card.png");
        Files.write(png, FuzzTargets.pngSeed());
        String out = dir.resolve("card.r4j").toString();
        CliTest.Result named = CliTest.run("compress", "--dry-run", "--model", "combiner-q1", png.toString(), out);
        CliTest.Result quality = CliTest.run("compress", "--dry-run", "--quality", "1", png.toString(), out);
        CliTest.Result other = CliTest.run("compress", "--dry-run", "--quality", "3", png.toString(), out);
        assertEquals(0, named.code(), named.err());
        assertEquals(quality.err(), named.err());
        assertNotEquals(other.err(), named.err());

        CliTest.Result unknown = CliTest.run("compress", "--dry-run", "--model", "combiner-q9", png.toString(), out);
        assertEquals(Main.EXIT_USAGE, unknown.code());
        assertTrue(unknown.err().contains("combiner-q9") && unknown.err().contains("combiner-q1, combiner-q2"),
                unknown.err());
        assertEquals(Main.EXIT_USAGE, CliTest.run("compress", "--dry-run", "--model", "combiner-q1", "--quality",
                "1", png.toString(), out).code());
    }

    /** A file that exists wins over a shipped model's name (relative to the working directory). */
    @Test
    void anExistingFileWinsOverAName() throws Exception {
        Path png = dir.resolve("card2.png");
        Files.write(png, FuzzTargets.pngSeed());
        String out = dir.resolve("card2.r4j").toString();
        Path shadow = Path.of("combiner-q3");
        Files.write(shadow, FuzzTargets.tinyModel().toBytes());
        try {
            CliTest.Result file = CliTest.run("compress", "--dry-run", "--model", "combiner-q3", png.toString(), out);
            assertEquals(0, file.code(), file.err());
            // the tiny model's 8x8 tiles, not the shipped model's 64x64 tile
            assertTrue(file.err().contains("4 tiles of 8x8"), file.err());
        } finally {
            Files.delete(shadow);
        }
    }
}
