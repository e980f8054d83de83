package io.rec4j.codec.recombiner;

import io.rec4j.codec.image.RgbImage;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The packaged models: four CIFAR-10 rates on one network, two speech rates on another, pinned decodes of each. */
class ShippedRecombinerModelsTest {
    /** SHA-256 of the decoded samples of pinned random indices, per model (q1 … q4). */
    static final List<String> GOLDEN = List.of(
            "883a215bdc0267b41e3c33a794d85296332c731db8cb52cb1582ace38c4f75cb",
            "b701e8bb632a13bbb127a597a7bfef33021bac869c4c1cf766e7076c3bd40b1a",
            "91baf858a65d283cd65d54ac4a15142a75b7d47b2a60e84fe31720375621c54b",
            "3366f0c6f89e9ac736ff8ae0b57767d1b23760d05c9eefceba11127d132d3e0f");

    @Test
    void theFourModelsShareOneNetworkAndDecodeAsPinned() {
        List<RecombinerModel> all = ShippedRecombinerModels.all().subList(0, 4);
        int[] blocks = {19, 46, 60, 98};
        for (int k = 0; k < all.size(); k++) {
            RecombinerModel m = all.get(k);
            assertEquals(RecombinerArchitecture.cifar10(), m.architecture());
            assertEquals(blocks[k], m.plan().blockCount(), m.name());
            assertEquals(all.get(0).networkId(), m.networkId());
            assertEquals(m, RecombinerModel.fromBytes(m.toBytes()), "the reassembled model is a complete model");
            assertEquals(m.id(), io.rec4j.core.container.Container.contentId(m.toBytes()));
            byte[] indices = RecombinerCodec.randomIndices(m, new SplittableRandom(100 + k));
            RgbImage image = RecombinerCodec.decodeIndices(m, indices);
            double[] samples = new double[image.samples().length];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = image.samples()[i];
            }
            assertEquals(GOLDEN.get(k), RecombinerFixtures.digest(samples), m.name());
        }
        assertEquals(all.get(1), ShippedRecombinerModels.forImage(32, 32, 2).orElseThrow());
        assertEquals(false, ShippedRecombinerModels.forImage(64, 64, 1).isPresent());
    }

    /** SHA-256 of the decoded samples of pinned random indices, per speech model (q1, q2). */
    static final List<String> SPEECH_GOLDEN = List.of(
            "d781c553a0fced3be3b61af0e6d8a2d22c5280d9b6ec0c308b7222775210b568",
            "1b037e458d18ea0a5a39ede0b8f7c4b01c09d28cd65e42ccd7c74cb594e4adec");

    @Test
    void theSpeechModelsShareOneNetworkAndDecodeAsPinned() {
        List<RecombinerModel> all = ShippedRecombinerModels.all();
        assertEquals(6, all.size());
        List<RecombinerModel> speech = all.subList(4, 6);
        for (int k = 0; k < 2; k++) {
            RecombinerModel m = speech.get(k);
            assertEquals("recombiner-speech-q" + (k + 1), m.name());
            assertEquals(RecombinerArchitecture.audio(20), m.architecture());
            assertEquals(16000, m.sampleRate());
            assertEquals(speech.get(1).networkId(), m.networkId());
            assertEquals(m, RecombinerModel.fromBytes(m.toBytes()), "the reassembled model is a complete model");
            assertEquals(m.id(), io.rec4j.core.container.Container.contentId(m.toBytes()));
            assertEquals(m, ShippedRecombinerModels.forAudio(k + 1).orElseThrow());
            byte[] indices = RecombinerCodec.randomIndices(m, new SplittableRandom(200 + k));
            byte[] file = RecombinerAudioCodec.toFile(m, 16000, 16000, List.of(indices));
            short[] pcm = RecombinerAudioCodec.decode(m, file).samples();
            double[] samples = new double[pcm.length];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = pcm[i];
            }
            assertEquals(SPEECH_GOLDEN.get(k), RecombinerFixtures.digest(samples), m.name());
        }
        assertEquals(false, ShippedRecombinerModels.forAudio(3).isPresent());
    }
}
