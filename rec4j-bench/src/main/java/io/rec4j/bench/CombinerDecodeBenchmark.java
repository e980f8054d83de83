package io.rec4j.bench;

import io.rec4j.codec.combiner.CombinerCodec;
import io.rec4j.codec.combiner.CombinerModel;
import io.rec4j.codec.combiner.ShippedModels;
import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.image.TileGrid;
import io.rec4j.codec.inr.SirenNetwork;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.MethodId;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.OrderedRandomCoding;
import io.rec4j.core.rec.plan.BlockCoder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding a 768×512 COMBINER file (the size of a Kodak image: 96 tiles of 64×64) with a shipped model, warm JVM.
 * The file holds random block indices (every index sequence is a valid file; the work does not depend on them).
 * {@code reference}: the decoder as it was before the speed work, in this run (one tile after another, each
 * rendered by {@link SirenNetwork#render} with {@code StrictMath.sin}, Fourier features recomputed per tile);
 * {@code revision1}: today's decoder on the same payload as a revision-1 file (same pixels as the reference);
 * {@code revision2}: today's decoder on a revision-2 file (the polynomial sine); {@code revision3}: the same indices
 * as a revision-3 file (ziggurat candidates), what rec4j writes now.
 * Milliseconds per image; the parallel decoders use every core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class CombinerDecodeBenchmark {
    @Param({"2"})
    public int quality;

    CombinerModel model;
    byte[] revision2;
    byte[] revision3;
    byte[] revision1;

    @Setup
    public void setup() {
        model = ShippedModels.forQuality(quality);
        revision2 = CombinerCodec.randomFile(model, 768, 512, new SplittableRandom(768512), 2);
        revision3 = CombinerCodec.randomFile(model, 768, 512, new SplittableRandom(768512), 3);
        Container c = Container.parse(revision2);
        revision1 = Container.of(MethodId.COMBINER, c.header(), c.payload()).toBytes();
        if (!reference().equals(revision1())) {
            throw new IllegalStateException("the reference decoder and today's revision-1 decoder disagree");
        }
    }

    @Benchmark
    public RgbImage revision3() {
        return CombinerCodec.decode(model, revision3);
    }

    @Benchmark
    public RgbImage revision2() {
        return CombinerCodec.decode(model, revision2);
    }

    @Benchmark
    public RgbImage revision1() {
        return CombinerCodec.decode(model, revision1);
    }

    @Benchmark
    public RgbImage reference() {
        CombinerCodec.Info info = CombinerCodec.check(model, revision1);
        TileGrid grid = new TileGrid(info.width(), info.height(), model.tile());
        BlockCoder coder = BlockCoder.of(model.plan(), OrderedRandomCoding.orc(model.kappa()));
        SharedRandomness master = SharedRandomness.fromSeed(model.seed());
        byte[] payload = Container.parse(revision1).payload();
        int prefix = payload.length - (int) CombinerCodec.indexBytes(model, info.width(), info.height());
        BitReader in = new BitReader(payload, prefix, payload.length - prefix);
        List<RgbImage> tiles = new ArrayList<>();
        int s = model.tile();
        for (int t = 0; t < grid.tileCount(); t++) {
            double[] params = coder.decode(model.prior(), master.derive(t), in);
            tiles.add(RgbImage.fromUnit(s, s, SirenNetwork.render(model.architecture(), params, s, s)));
        }
        return grid.assemble(tiles);
    }
}
