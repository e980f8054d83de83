package io.rec4j.bench;

import io.rec4j.core.coding.AnsStack;
import io.rec4j.core.coding.CategoricalModel;
import io.rec4j.core.coding.InterleavedAns;
import io.rec4j.core.coding.ByteRans4;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * rANS throughput on byte alphabets with an order-0 model: one operation codes the whole input, so
 * MB/s = input bytes × ops/s / 10^6. {@code copy} is a plain memory copy of the same bytes in the same run, the
 * ceiling. Single lane is the {@link AnsStack} API; {@code lanes} &gt; 1 is {@link InterleavedAns};
 * {@code encodeRans4}/{@code decodeRans4} are {@link ByteRans4} (4 lanes, one renormalisation per pair of symbols;
 * its coding tables are built inside every operation, from the model, as a caller with a new model would).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RansBenchmark {
    @Param({"H2", "H4", "H7", "book1"})
    public String source;

    /** Probability precision in bits (the decoder uses a 2^precision lookup table). */
    @Param({"12", "13", "14"})
    public int precision;

    byte[] data;
    byte[] out;
    byte[] copyTarget;
    CategoricalModel model;
    byte[] stackEncoded;
    byte[] enc2;
    byte[] enc4;
    byte[] encRans4;

    @Setup(Level.Trial)
    public void setup() {
        data = ByteSources.load(source);
        out = new byte[data.length];
        copyTarget = new byte[data.length];
        model = ByteSources.order0(data, precision);
        AnsStack s = new AnsStack(data.length / 4 + 16);
        s.pushBytes(data, 0, data.length, model);
        stackEncoded = s.toBytes();
        enc2 = InterleavedAns.encodeBytes(data, 0, data.length, model, 2);
        enc4 = InterleavedAns.encodeBytes(data, 0, data.length, model, 4);
        encRans4 = ByteRans4.encode(data, 0, data.length, model);
    }

    @Benchmark
    public byte[] copy() {
        System.arraycopy(data, 0, copyTarget, 0, data.length);
        return copyTarget;
    }

    @Benchmark
    public byte[] encodeSingle() {
        AnsStack s = new AnsStack(data.length / 4 + 16);
        s.pushBytes(data, 0, data.length, model);
        return s.toBytes();
    }

    @Benchmark
    public byte[] decodeSingle() {
        AnsStack s = AnsStack.fromBytes(stackEncoded);
        s.popBytes(out, 0, out.length, model);
        return out;
    }

    @Benchmark
    public byte[] encodeInterleaved2() {
        return InterleavedAns.encodeBytes(data, 0, data.length, model, 2);
    }

    @Benchmark
    public byte[] decodeInterleaved2() {
        InterleavedAns.decodeBytes(enc2, 0, enc2.length, out, 0, out.length, model, 2);
        return out;
    }

    @Benchmark
    public byte[] encodeInterleaved4() {
        return InterleavedAns.encodeBytes(data, 0, data.length, model, 4);
    }

    @Benchmark
    public byte[] decodeInterleaved4() {
        InterleavedAns.decodeBytes(enc4, 0, enc4.length, out, 0, out.length, model, 4);
        return out;
    }

    @Benchmark
    public byte[] encodeRans4() {
        return ByteRans4.encode(data, 0, data.length, model);
    }

    @Benchmark
    public byte[] decodeRans4() {
        ByteRans4.decode(encRans4, 0, encRans4.length, out, 0, out.length, model);
        return out;
    }
}
