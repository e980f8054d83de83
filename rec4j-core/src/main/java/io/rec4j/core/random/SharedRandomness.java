package io.rec4j.core.random;

import io.rec4j.core.math.SpecialFunctions;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Randomness shared by an encoder and its decoder: an immutable, random-access source of bits, uniforms and
 * standard normals keyed by a 64-bit key and addressed by {@code (stream, index)}.
 *
 * <p>This is the contract every rec4j decoder relies on (documented for users in {@code docs/shared-randomness.md}):
 * the value at {@code (key, stream, index)} is a pure function of those three numbers, computed with integer arithmetic
 * ({@link Philox4x32}) and, for normals, {@link StrictMath}-only code, so it is identical on every JVM &ge; 17 and
 * every CPU, and costs O(1) to reach at any index.
 *
 * <h2>Definitions</h2>
 * <ul>
 *   <li><b>64-bit word</b> {@code bits64(stream, i)}: Philox4x32-10 with key {@code (k0, k1) = (key lo, key hi)}
 *       on the counter {@code (c0, c1, c2, c3) = (b lo, b hi, stream lo, stream hi)} where {@code b = i >>> 1};
 *       output words w0..w3; even {@code i} gives {@code w0:w1}, odd {@code i} gives {@code w2:w3}
 *       (high word first).</li>
 *   <li><b>uniform</b> {@code u = ((bits64 >>> 11) + 1/2) 2^-53}: 53 random bits, in the open interval (0, 1),
 *       never 0 or 1, symmetric about 1/2.</li>
 *   <li><b>standard normal</b>, by the source's {@link NormalGenerator}: {@link NormalGenerator#INVERSION}
 *       (the default, revision 1) {@code z = Φ^{-1}(u)} by inversion with
 *       {@link SpecialFunctions#normalQuantile(double)} (|z| &le; 8.3); {@link NormalGenerator#ZIGGURAT} the
 *       ziggurat of {@code Ziggurat} on the word {@code bits64(stream, i)}, with its rare rejections drawing from
 *       fallback blocks keyed by (stream, i, attempt) under keys taken from the odd words of the reserved stream
 *       {@code -1}. Uniforms and words do not depend on the generator.</li>
 *   <li><b>streams</b> are non-negative 63-bit ids chosen by callers (e.g. one per candidate dimension or per
 *       purpose); negative ids are reserved for key derivation.</li>
 *   <li><b>key derivation</b> {@link #derive(long)}: the child key for label {@code l} is the word
 *       {@code bits64} of the reserved stream {@code -1} at index {@code 2l} under the parent key, so every block,
 *       layer or step gets its own key and no (key, counter) pair is ever used for two purposes.</li>
 * </ul>
 */
public final class SharedRandomness {
    /** Stream reserved for {@link #derive(long)}. */
    private static final long DERIVATION_STREAM = -1L;
    private static final double TWO_POW_M53 = 0x1.0p-53;

    private final long key;
    private final NormalGenerator generator;
    /** {@link Ziggurat#fallbackKey}(key, 1) for {@link NormalGenerator#ZIGGURAT}, else unused. */
    private final long fallbackKey;

    private SharedRandomness(long key, NormalGenerator generator) {
        this.key = key;
        this.generator = java.util.Objects.requireNonNull(generator, "generator");
        this.fallbackKey = generator == NormalGenerator.ZIGGURAT ? Ziggurat.fallbackKey(key, 1) : 0;
    }

    /**
     * The source for a master seed with the revision-1 normals ({@link NormalGenerator#INVERSION}); the seed is used
     * as the Philox key as it is.
     */
    public static SharedRandomness fromSeed(long seed) {
        return new SharedRandomness(seed, NormalGenerator.INVERSION);
    }

    /** The source for a master seed whose normals come from {@code generator}; the seed is the Philox key. */
    public static SharedRandomness fromSeed(long seed, NormalGenerator generator) {
        return new SharedRandomness(seed, generator);
    }

    /** The 64-bit Philox key of this source. */
    public long key() {
        return key;
    }

    /** How this source's normals are made; inherited by {@link #derive(long)}. */
    public NormalGenerator generator() {
        return generator;
    }

    /**
     * An independent source for a sub-task (a block, a layer, a refinement step) identified by {@code label}.
     * Deterministic: the same parent and label always give the same child.
     */
    public SharedRandomness derive(long label) {
        return new SharedRandomness(word(DERIVATION_STREAM, label << 1, key), generator);
    }

    /** {@link #derive(long)} applied along a path of labels. */
    public SharedRandomness derive(long... path) {
        SharedRandomness s = this;
        for (long label : path) {
            s = s.derive(label);
        }
        return s;
    }

    /** 64 random bits at {@code (stream, index)}; see the class comment. */
    public long bits64(long stream, long index) {
        checkStream(stream);
        return word(stream, index, key);
    }

    /** A uniform double in (0, 1) with 53 random bits. */
    public double uniform(long stream, long index) {
        return toUniform(bits64(stream, index));
    }

    /** A standard normal deviate, made by this source's {@link #generator()}. */
    public double normal(long stream, long index) {
        if (generator == NormalGenerator.ZIGGURAT) {
            checkStream(stream);
            return Ziggurat.normal(word(stream, index, key), stream, index, key, fallbackKey);
        }
        return SpecialFunctions.normalQuantile(uniform(stream, index));
    }

    /** Fills {@code out[offset, offset + length)} with the uniforms at indices {@code from, from + 1, ...}. */
    public void fillUniform(long stream, long from, double[] out, int offset, int length) {
        checkStream(stream);
        long[] pair = new long[2];
        int i = 0;
        long index = from;
        if ((index & 1) != 0 && length > 0) {
            out[offset] = toUniform(word(stream, index, key));
            i = 1;
            index++;
        }
        if (length - i >= 64 && index >= 0 && index <= Long.MAX_VALUE - length) {
            // long runs of non-negative indices (so that block numbers run on without wrapping): 256 Philox blocks
            // at a time (the same words, computed with SIMD rounds)
            PhiloxBatch batch = PhiloxBatch.local();
            while (length - i >= 2) {
                int n = Math.min(PhiloxBatch.CAPACITY, (length - i) >>> 1);
                long[] words = batch.blocks(index >>> 1, stream, key, n);
                for (int j = 0; j < 2 * n; j++) {
                    out[offset + i + j] = toUniform(words[j]);
                }
                i += 2 * n;
                index += 2 * n;
            }
        }
        for (; i + 1 < length; i += 2, index += 2) {
            Philox4x32.block(index >>> 1, stream, key, pair);
            out[offset + i] = toUniform(pair[0]);
            out[offset + i + 1] = toUniform(pair[1]);
        }
        if (i < length) {
            out[offset + i] = toUniform(word(stream, index, key));
        }
    }

    /** Fills {@code out[offset, offset + length)} with the standard normals at indices {@code from, from + 1, ...}. */
    public void fillNormal(long stream, long from, double[] out, int offset, int length) {
        if (generator == NormalGenerator.ZIGGURAT) {
            checkStream(stream);
            java.util.Objects.checkFromIndexSize(offset, length, out.length);
            Ziggurat.fill(stream, from, out, offset, length, key, fallbackKey);
            return;
        }
        fillUniform(stream, from, out, offset, length);
        for (int i = offset; i < offset + length; i++) {
            out[i] = SpecialFunctions.normalQuantile(out[i]);
        }
    }

    /**
     * Lowercase hex SHA-256 of the first {@code count} standard normals of stream 0 for {@code seed}, each as its
     * IEEE-754 bits in big-endian order: the cross-JVM fingerprint printed by {@code rec4j rng --digest}
     * ({@link NormalGenerator#INVERSION}).
     */
    public static String normalDigest(long seed, long count) {
        return normalDigest(seed, count, NormalGenerator.INVERSION);
    }

    /** {@link #normalDigest(long, long)} for the normals of {@code generator}. */
    public static String normalDigest(long seed, long count, NormalGenerator generator) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be non-negative, was " + count);
        }
        SharedRandomness r = fromSeed(seed, generator);
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
        int chunk = 4096;
        double[] values = new double[chunk];
        ByteBuffer buf = ByteBuffer.allocate(8 * chunk); // big-endian by default
        for (long done = 0; done < count; done += chunk) {
            int n = (int) Math.min(chunk, count - done);
            r.fillNormal(0, done, values, 0, n);
            buf.clear();
            for (int i = 0; i < n; i++) {
                buf.putLong(Double.doubleToRawLongBits(values[i]));
            }
            sha.update(buf.array(), 0, 8 * n);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static double toUniform(long bits) {
        return ((bits >>> 11) + 0.5) * TWO_POW_M53;
    }

    static long word(long stream, long index, long key) {
        long[] pair = new long[2];
        Philox4x32.block(index >>> 1, stream, key, pair);
        return pair[(int) (index & 1)];
    }

    private static void checkStream(long stream) {
        if (stream < 0) {
            throw new IllegalArgumentException("stream ids must be non-negative (negative ids are reserved), was " + stream);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SharedRandomness s && s.key == key && s.generator == generator;
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(key) + generator.ordinal();
    }

    @Override
    public String toString() {
        return "SharedRandomness[key=0x" + Long.toHexString(key) + ", " + generator + "]";
    }
}
