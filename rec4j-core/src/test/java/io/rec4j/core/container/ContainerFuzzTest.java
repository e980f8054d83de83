package io.rec4j.core.container;

import io.rec4j.core.coding.bits.BigEndian;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;


/**
 * Mutation fuzzing of {@link Container#parse(byte[])} and {@link Container#read}: random bit flips, byte
 * overwrites, insertions, deletions, truncations, splices, trailing garbage and length fields overwritten with huge
 * values, half of them with a repaired CRC so that the structural checks behind the checksum are reached too.
 *
 * <p>Every case must either parse, and then re-encode to exactly the input (so it really is a valid container), or
 * throw a {@link ContainerFormatException}; any other throwable fails. Deterministic: fixed seed.
 */
class ContainerFuzzTest {

    private static final long SEED = 0x5EED_2024_C0DEL;
    private static final int CASES_PER_SAMPLE = 6_000;
    private static final long MAX_CASE_NANOS = 1_000_000_000L; // generous (GC/JIT pauses); a sane case takes microseconds

    private static final long[] HUGE = {0L, 1L, 2L, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL, 0x7FFF_FFF7L,
            Long.MAX_VALUE, Long.MIN_VALUE, -1L, 1L << 32, 1L << 40};

    @Test
    void fuzzParseAndRead() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), this::runFuzz);
    }

    private void runFuzz() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        List<Container> samples = ContainerTestData.samples();
        Map<String, Integer> outcomes = new TreeMap<>();
        int cases = 0;
        long maxNanos = 0;
        long start = System.nanoTime();
        for (Container sample : samples) {
            byte[] valid = sample.toBytes();
            int headerLen = sample.header().encodedLength();
            for (int i = 0; i < CASES_PER_SAMPLE; i++) {
                int kind = rnd.nextInt(11);
                byte[] input = mutate(kind, valid, headerLen, samples, rnd);
                if (rnd.nextBoolean()) {
                    fixCrc(input);
                }
                long t0 = System.nanoTime();
                String outcome = check(input, rnd, cases, kind);
                long dt = System.nanoTime() - t0;
                maxNanos = Math.max(maxNanos, dt);
                assertTrue(dt < MAX_CASE_NANOS, "case " + cases + " took " + dt / 1_000_000 + " ms");
                outcomes.merge(outcome, 1, Integer::sum);
                cases++;
            }
        }
        long totalMs = (System.nanoTime() - start) / 1_000_000;
        System.out.println("container fuzz: " + cases + " cases in " + totalMs + " ms (slowest case "
                + maxNanos / 1000 + " us), outcomes " + outcomes);
        assertTrue(cases >= 5_000);
        // the mutations must reach every check, not just the first one
        for (Class<?> c : List.of(BadMagicException.class, UnsupportedVersionException.class,
                TruncatedContainerException.class, ChecksumMismatchException.class, MalformedContainerException.class,
                ContainerTooLargeException.class)) {
            assertTrue(outcomes.keySet().stream().anyMatch(k -> k.contains(c.getSimpleName())),
                    "no fuzz case ended in " + c.getSimpleName() + ": " + outcomes);
        }
        assertTrue(outcomes.containsKey("parse:ok"), "some mutations (e.g. method id with repaired CRC) stay valid");
    }

    /** Runs parse and read on one input; returns a label of the outcome. */
    private static String check(byte[] input, SplittableRandom rnd, int index, int kind) {
        String label;
        try {
            Container c = Container.parse(input);
            assertArrayEquals(input, c.toBytes(), "case " + index + ": parsed but does not re-encode to the input");
            label = "parse:ok";
        } catch (ContainerFormatException e) {
            assertEquals(-1, e.getMessage().indexOf('\n'), "one-line message");
            label = "parse:" + e.getClass().getSimpleName();
        } catch (Throwable t) {
            throw failure("parse", index, kind, input, t);
        }
        long maxBytes = rnd.nextBoolean() ? Math.max(Container.MIN_CONTAINER_BYTES, input.length) : Long.MAX_VALUE;
        ByteArrayInputStream in = new ByteArrayInputStream(input);
        try {
            Container c = Container.read(in, maxBytes);
            byte[] bytes = c.toBytes();
            assertArrayEquals(Arrays.copyOf(input, bytes.length), bytes,
                    "case " + index + ": read a container that does not re-encode to the input prefix");
            assertEquals(input.length - bytes.length, in.available(), "read must stop right after the CRC");
        } catch (ContainerFormatException e) {
            label += " read:" + e.getClass().getSimpleName();
        } catch (Throwable t) {
            throw failure("read", index, kind, input, t);
        }
        return label;
    }

    private static AssertionError failure(String what, int index, int kind, byte[] input, Throwable t) {
        if (t instanceof AssertionError) {
            return (AssertionError) t;
        }
        String hex = ContainerTestData.hex(input);
        return new AssertionError(what + " threw " + t + " for fuzz case " + index + " (mutation " + kind
                + ", input " + (hex.length() > 400 ? hex.substring(0, 400) + "..." : hex) + ")", t);
    }

    private static byte[] mutate(int kind, byte[] valid, int headerLen, List<Container> samples,
            SplittableRandom rnd) {
        byte[] b = valid.clone();
        switch (kind) {
            case 0: { // bit flips
                int flips = 1 + rnd.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    int bit = rnd.nextInt(b.length * 8);
                    b[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                return b;
            }
            case 1: { // random byte overwrites, biased towards the front where the structure is
                int n = 1 + rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    int pos = rnd.nextBoolean() ? rnd.nextInt(Math.min(b.length, 32)) : rnd.nextInt(b.length);
                    b[pos] = (byte) rnd.nextInt(256);
                }
                return b;
            }
            case 2: { // insertion
                int pos = rnd.nextInt(b.length + 1);
                byte[] ins = new byte[1 + rnd.nextInt(8)];
                rnd.nextBytes(ins);
                byte[] out = new byte[b.length + ins.length];
                System.arraycopy(b, 0, out, 0, pos);
                System.arraycopy(ins, 0, out, pos, ins.length);
                System.arraycopy(b, pos, out, pos + ins.length, b.length - pos);
                return out;
            }
            case 3: { // deletion
                int len = 1 + rnd.nextInt(Math.min(8, b.length));
                int pos = rnd.nextInt(b.length - len + 1);
                byte[] out = new byte[b.length - len];
                System.arraycopy(b, 0, out, 0, pos);
                System.arraycopy(b, pos + len, out, pos, b.length - pos - len);
                return out;
            }
            case 4: // truncation
                return Arrays.copyOf(b, rnd.nextInt(b.length));
            case 5: { // header length overwrite
                long v = rnd.nextInt(3) == 0 ? headerLen + rnd.nextInt(-3, 4) : HUGE[rnd.nextInt(HUGE.length)];
                BigEndian.put32(b, Container.OFFSET_HEADER_LENGTH, (int) v);
                return b;
            }
            case 6: { // payload length overwrite
                long v = rnd.nextInt(3) == 0 ? (b.length - 24 - headerLen) + rnd.nextInt(-3, 4)
                        : rnd.nextInt(4) == 0 ? rnd.nextLong() : HUGE[rnd.nextInt(HUGE.length)];
                BigEndian.put64(b, Container.OFFSET_HEADER + headerLen, v);
                return b;
            }
            case 7: { // a u32/u16/u8 inside the header (field count, key length, tag, value length) overwritten
                int pos = Container.OFFSET_HEADER + rnd.nextInt(Math.max(1, headerLen - 3));
                switch (rnd.nextInt(3)) {
                    case 0:
                        BigEndian.put32(b, pos, (int) HUGE[rnd.nextInt(HUGE.length)]);
                        break;
                    case 1:
                        BigEndian.put16(b, pos, rnd.nextInt(0x10000));
                        break;
                    default:
                        b[pos] = (byte) rnd.nextInt(256);
                }
                return b;
            }
            case 8: { // trailing garbage
                byte[] out = Arrays.copyOf(b, b.length + 1 + rnd.nextInt(40));
                for (int i = b.length; i < out.length; i++) {
                    out[i] = (byte) rnd.nextInt(256);
                }
                return out;
            }
            case 9: { // splice with another sample
                byte[] other = samples.get(rnd.nextInt(samples.size())).toBytes();
                int cutA = rnd.nextInt(b.length + 1);
                int cutB = rnd.nextInt(other.length + 1);
                byte[] out = Arrays.copyOf(b, cutA + other.length - cutB);
                System.arraycopy(other, cutB, out, cutA, other.length - cutB);
                return out;
            }
            default: { // version and method id (u16) overwrites
                int off = rnd.nextBoolean() ? Container.OFFSET_VERSION : Container.OFFSET_METHOD;
                BigEndian.put16(b, off, rnd.nextInt(4) == 0 ? rnd.nextInt(0x10000) : rnd.nextInt(4));
                return b;
            }
        }
    }

    private static void fixCrc(byte[] b) {
        if (b.length >= 4) {
            CRC32C crc = new CRC32C();
            crc.update(b, 0, b.length - 4);
            BigEndian.put32(b, b.length - 4, (int) crc.getValue());
        }
    }
}
