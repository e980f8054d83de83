package io.rec4j.bench.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The standard mutation families. All are deterministic: the same seed bytes and index give the same mutation.
 */
public final class Mutators {
    /** XOR masks of {@link #flips()}: the lowest bit, the highest bit, every bit. */
    static final int[] FLIP_MASKS = {0x01, 0x80, 0xFF};

    /** Big-endian values written by {@link #hugeValues()}, by window width in bytes. */
    private static final long[][] HUGE = {
        {0xFFL, 0x80L, 0x7FL},
        {0xFFFFL, 0x8000L, 0x7FFFL},
        {0xFFFF_FFFFL, 0x8000_0000L, 0x7FFF_FFFFL, 0x1000_0000L},
        {-1L, 0x7FFF_FFFF_FFFF_FFFFL, 0x8000_0000_0000_0000L, 1L << 40, 0x8000_0000L, 0x7FFF_FFFFL},
    };
    private static final int[] HUGE_WIDTHS = {1, 2, 4, 8};
    private static final int HUGE_PER_POSITION = 3 + 3 + 4 + 6;

    /** Values written as LEB128 varints by {@link #hugeVarints()}: just over 2^28, 2^31 − 1, 2^31, 2^35, 2^63 − 1. */
    private static final long[] HUGE_VARINTS = {(1L << 28) + 1, Integer.MAX_VALUE, 1L << 31, 1L << 35, Long.MAX_VALUE};

    /** Lengths of {@link #randomBytes(long)} inputs. */
    static final int[] RANDOM_LENGTHS = {0, 1, 3, 4, 8, 16, 26, 27, 64, 256, 4096};
    /** Random inputs per length. */
    static final int RANDOM_PER_LENGTH = 4;

    private Mutators() {
    }

    /** Every mutation family that does not depend on the format, in report order. */
    public static List<Mutator> generic(long seed) {
        return List.of(truncations(), flips(), hugeValues(), hugeVarints(), nonCanonicalVarints(), randomBytes(seed));
    }

    /** The families that make sense behind a checksum repair ({@link #withContainerCrc}, {@link #withPngCrcs}). */
    public static List<Mutator> inPlace() {
        return List.of(flips(), hugeValues(), hugeVarints(), nonCanonicalVarints());
    }

    /** The first {@code n} bytes, for every {@code n} from 0 to length − 1. */
    public static Mutator truncations() {
        return new Mutator() {
            @Override
            public String name() {
                return "truncate";
            }

            @Override
            public int count(byte[] seed) {
                return seed.length;
            }

            @Override
            public byte[] apply(byte[] seed, int index) {
                return Arrays.copyOf(seed, index);
            }

            @Override
            public String describe(byte[] seed, int index) {
                return "[0," + index + ")";
            }
        };
    }

    /** The byte at every position XORed with each of {@link #FLIP_MASKS}. */
    public static Mutator flips() {
        return new Mutator() {
            @Override
            public String name() {
                return "flip";
            }

            @Override
            public int count(byte[] seed) {
                return seed.length * FLIP_MASKS.length;
            }

            @Override
            public byte[] apply(byte[] seed, int index) {
                byte[] b = seed.clone();
                b[index / FLIP_MASKS.length] ^= (byte) FLIP_MASKS[index % FLIP_MASKS.length];
                return b;
            }

            @Override
            public String describe(byte[] seed, int index) {
                return String.format(Locale.ROOT, "[%d]^0x%02X", index / FLIP_MASKS.length,
                        FLIP_MASKS[index % FLIP_MASKS.length]);
            }
        };
    }

    /**
     * "Huge declared size": a 1-, 2-, 4- or 8-byte window at every position replaced by a large big-endian value
     * (all ones, the sign bit, the largest positive value, 2^28, 2^31, 2^40, …). Windows that would run past the end
     * are clipped to the bytes present.
     */
    public static Mutator hugeValues() {
        return new Mutator() {
            @Override
            public String name() {
                return "huge";
            }

            @Override
            public int count(byte[] seed) {
                return seed.length * HUGE_PER_POSITION;
            }

            @Override
            public byte[] apply(byte[] seed, int index) {
                int pos = index / HUGE_PER_POSITION;
                int[] wv = widthAndValue(index % HUGE_PER_POSITION);
                int width = HUGE_WIDTHS[wv[0]];
                long value = HUGE[wv[0]][wv[1]];
                byte[] b = seed.clone();
                for (int k = 0; k < width && pos + k < b.length; k++) {
                    b[pos + k] = (byte) (value >>> (8 * (width - 1 - k)));
                }
                return b;
            }

            @Override
            public String describe(byte[] seed, int index) {
                int[] wv = widthAndValue(index % HUGE_PER_POSITION);
                return String.format(Locale.ROOT, "[%d..+%d]=0x%X", index / HUGE_PER_POSITION, HUGE_WIDTHS[wv[0]],
                        HUGE[wv[0]][wv[1]]);
            }
        };
    }

    private static int[] widthAndValue(int k) {
        int w = 0;
        while (k >= HUGE[w].length) {
            k -= HUGE[w].length;
            w++;
        }
        return new int[] {w, k};
    }

    /**
     * A huge LEB128 varint ({@link #HUGE_VARINTS}) written over the bytes at every position (the input keeps its
     * length where the varint fits; it grows at the end otherwise).
     */
    public static Mutator hugeVarints() {
        return new Mutator() {
            @Override
            public String name() {
                return "varint-huge";
            }

            @Override
            public int count(byte[] seed) {
                return seed.length * HUGE_VARINTS.length;
            }

            @Override
            public byte[] apply(byte[] seed, int index) {
                int pos = index / HUGE_VARINTS.length;
                byte[] v = leb128(HUGE_VARINTS[index % HUGE_VARINTS.length]);
                byte[] b = Arrays.copyOf(seed, Math.max(seed.length, pos + v.length));
                System.arraycopy(v, 0, b, pos, v.length);
                return b;
            }

            @Override
            public String describe(byte[] seed, int index) {
                return "[" + index / HUGE_VARINTS.length + "]=leb128(" + HUGE_VARINTS[index % HUGE_VARINTS.length] + ")";
            }
        };
    }

    /**
     * Non-canonical varints: the byte at every position {@code p} with its high bit clear (the last byte of any
     * varint there) is padded into a longer encoding of the same value, {@code b} → {@code b|0x80, 0x00} (one
     * padding byte) or {@code b|0x80, 0x80, 0x00} (two); the input grows by one or two bytes.
     */
    public static Mutator nonCanonicalVarints() {
        return new Mutator() {
            @Override
            public String name() {
                return "varint-pad";
            }

            @Override
            public int count(byte[] seed) {
                return 2 * seed.length;
            }

            @Override
            public byte[] apply(byte[] seed, int index) {
                int pos = index / 2;
                int pad = 1 + index % 2;
                byte[] b = new byte[seed.length + pad];
                System.arraycopy(seed, 0, b, 0, pos);
                b[pos] = (byte) (seed[pos] | 0x80);
                for (int k = 1; k < pad; k++) {
                    b[pos + k] = (byte) 0x80;
                }
                b[pos + pad] = 0;
                System.arraycopy(seed, pos + 1, b, pos + pad + 1, seed.length - pos - 1);
                return b;
            }

            @Override
            public String describe(byte[] seed, int index) {
                return "[" + index / 2 + "]+" + (1 + index % 2) + "pad";
            }
        };
    }

    /** Random bytes (not derived from the seed input) of each of {@link #RANDOM_LENGTHS}, deterministic from {@code seed}. */
    public static Mutator randomBytes(long seed) {
        return new Mutator() {
            @Override
            public String name() {
                return "random";
            }

            @Override
            public int count(byte[] input) {
                return RANDOM_LENGTHS.length * RANDOM_PER_LENGTH;
            }

            @Override
            public byte[] apply(byte[] input, int index) {
                byte[] b = new byte[RANDOM_LENGTHS[index / RANDOM_PER_LENGTH]];
                new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index).nextBytes(b);
                return b;
            }

            @Override
            public String describe(byte[] input, int index) {
                return RANDOM_LENGTHS[index / RANDOM_PER_LENGTH] + "B#" + index % RANDOM_PER_LENGTH;
            }
        };
    }

    /**
     * {@code inner}, then the rec4j container's CRC32C (the last 4 bytes, over every byte before them;
     * {@code docs/container-format.md}) recomputed, so that the mutation reaches the parsers behind the checksum.
     * Inputs shorter than the smallest container are left as they are.
     */
    public static Mutator withContainerCrc(Mutator inner) {
        return repaired(inner, "+crc32c", Mutators::fixContainerCrc);
    }

    /**
     * {@code inner}, then the CRC-32 of every complete PNG chunk recomputed, so that the mutation reaches the PNG
     * decoder instead of its checksum test.
     */
    public static Mutator withPngCrcs(Mutator inner) {
        return repaired(inner, "+pngcrc", Mutators::fixPngCrcs);
    }

    private interface Repair {
        void fix(byte[] b);
    }

    private static Mutator repaired(Mutator inner, String suffix, Repair repair) {
        return new Mutator() {
            @Override
            public String name() {
                return inner.name() + suffix;
            }

            @Override
            public int count(byte[] seed) {
                return inner.count(seed);
            }

            @Override
            public byte[] apply(byte[] seed, int index) {
                byte[] b = inner.apply(seed, index);
                repair.fix(b);
                return b;
            }

            @Override
            public String describe(byte[] seed, int index) {
                return inner.describe(seed, index);
            }
        };
    }

    /** Rewrites the last 4 bytes of a (possibly damaged) rec4j container with the CRC32C of the bytes before them. */
    public static void fixContainerCrc(byte[] b) {
        if (b.length < 26) {
            return;
        }
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        putInt(b, b.length - 4, (int) crc.getValue());
    }

    /** Recomputes the CRC-32 of every PNG chunk that lies wholly inside {@code b} (from offset 8, after the signature). */
    public static void fixPngCrcs(byte[] b) {
        int p = 8;
        while (p + 12 <= b.length) {
            long len = getInt(b, p) & 0xFFFF_FFFFL;
            if (len > b.length - p - 12) {
                return;
            }
            CRC32 crc = new CRC32();
            crc.update(b, p + 4, 4 + (int) len);
            putInt(b, p + 8 + (int) len, (int) crc.getValue());
            p += 12 + (int) len;
        }
    }

    /** Unsigned LEB128 of a non-negative value (7 bits per byte, low first). */
    static byte[] leb128(long v) {
        byte[] out = new byte[10];
        int n = 0;
        while ((v & ~0x7FL) != 0) {
            out[n++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[n++] = (byte) v;
        return Arrays.copyOf(out, n);
    }

    private static int getInt(byte[] b, int p) {
        return (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
    }

    private static void putInt(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }
}
