package io.rec4j.core.coding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Shared helpers for the range coder tests: random messages and an independent BigInteger reference encoder. */
final class RangeCoderFixtures {

    private RangeCoderFixtures() {
    }

    /** One coded item: a symbol under {@code model}, or (model == null) {@code rawBits} raw bits. */
    record Op(TestCategorical model, int value, int rawBits) {
        static Op symbol(TestCategorical model, int symbol) {
            return new Op(model, symbol, 0);
        }

        static Op raw(int value, int n) {
            return new Op(null, value, n);
        }
    }

    static TestCategorical randomModel(Random rnd) {
        int precision = 1 + rnd.nextInt(EntropyModel.MAX_PRECISION);
        int maxN = (int) Math.min(1000, 1L << precision);
        int n;
        switch (rnd.nextInt(4)) {
            case 0:
                n = 1;
                break;
            case 1:
                n = maxN;
                break;
            case 2:
                n = 1 + rnd.nextInt(Math.min(maxN, 8));
                break;
            default:
                n = 1 + rnd.nextInt(maxN);
        }
        return TestCategorical.random(rnd, precision, n);
    }

    static int randomRaw(Random rnd, int n) {
        int v;
        switch (rnd.nextInt(3)) {
            case 0:
                v = -1; // all ones: pushes low towards the top of the interval (carries, 0xFFFFFFFF runs)
                break;
            case 1:
                v = 0;
                break;
            default:
                v = rnd.nextInt();
        }
        return n == 32 ? v : v & ((1 << n) - 1);
    }

    /** A random message of {@code length} items mixing raw bits and symbols of a few random models. */
    static List<Op> randomMessage(Random rnd, int length) {
        int modelCount = 1 + rnd.nextInt(5);
        TestCategorical[] models = new TestCategorical[modelCount];
        for (int i = 0; i < modelCount; i++) {
            models[i] = randomModel(rnd);
        }
        double rawShare = rnd.nextInt(3) == 0 ? 0.0 : rnd.nextDouble();
        boolean sampleFromModel = rnd.nextBoolean();
        List<Op> ops = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            if (rnd.nextDouble() < rawShare) {
                int n = rnd.nextInt(33);
                ops.add(Op.raw(randomRaw(rnd, n), n));
            } else {
                TestCategorical m = models[rnd.nextInt(modelCount)];
                int s;
                if (sampleFromModel) {
                    s = m.sample(rnd);
                } else if (rnd.nextInt(4) == 0) {
                    s = rnd.nextBoolean() ? m.minSymbol() : m.maxSymbol();
                } else {
                    s = m.minSymbol() + rnd.nextInt(m.maxSymbol() - m.minSymbol() + 1);
                }
                ops.add(Op.symbol(m, s));
            }
        }
        return ops;
    }

    static RangeEncoder encode(List<Op> ops) {
        RangeEncoder enc = new RangeEncoder();
        for (Op op : ops) {
            if (op.model() == null) {
                enc.encodeRaw(op.value(), op.rawBits());
            } else {
                enc.encode(op.value(), op.model());
            }
        }
        return enc;
    }

    /** Decodes all ops (throws whatever the decoder throws) and returns the decoded values. */
    static int[] decode(RangeDecoder dec, List<Op> ops) {
        int[] out = new int[ops.size()];
        for (int i = 0; i < out.length; i++) {
            Op op = ops.get(i);
            out[i] = op.model() == null ? dec.decodeRaw(op.rawBits()) : dec.decode(op.model());
        }
        return out;
    }

    static void assertDecodes(List<Op> ops, RangeDecoder dec) {
        int[] decoded = decode(dec, ops);
        for (int i = 0; i < decoded.length; i++) {
            assertEquals(ops.get(i).value(), decoded[i], "item " + i);
        }
    }

    static int[] expected(List<Op> ops) {
        return ops.stream().mapToInt(Op::value).toArray();
    }

    /**
     * Reference encoder: the same interval arithmetic, but the lower end is an exact BigInteger (no carry logic and
     * no pending words), and the flush is computed from its definition.
     */
    static int[] referenceEncode(List<Op> ops) {
        BigInteger low = BigInteger.ZERO; // in units of the current window's lowest bit
        long range = Long.MAX_VALUE;
        int shifts = 0;
        for (Op op : ops) {
            List<long[]> steps = new ArrayList<>(); // {cumulative, frequency, precision}
            if (op.model() == null) {
                int n = op.rawBits();
                long v = op.value() & 0xFFFFFFFFL;
                if (n > 16) {
                    steps.add(new long[] {v >>> 16, 1, n - 16});
                    steps.add(new long[] {v & 0xFFFF, 1, 16});
                } else if (n > 0) {
                    steps.add(new long[] {v, 1, n});
                }
            } else {
                steps.add(new long[] {op.model().cumulative(op.value()), op.model().frequency(op.value()),
                    op.model().precision()});
            }
            for (long[] st : steps) {
                long r = range >>> st[2];
                low = low.add(BigInteger.valueOf(r).multiply(BigInteger.valueOf(st[0])));
                range = r * st[1];
                while (range < (1L << 31)) {
                    low = low.shiftLeft(32);
                    range <<= 32;
                    shifts++;
                }
            }
        }
        BigInteger unit = BigInteger.ONE.shiftLeft(31);
        BigInteger v = low.add(unit).subtract(BigInteger.ONE).divide(unit); // ceil(low / 2^31)
        int words = shifts + 1;
        if (v.bitLength() > 32 * words) {
            throw new AssertionError("reference: code value overflows");
        }
        int[] out = new int[words];
        for (int i = 0; i < words; i++) {
            out[words - 1 - i] = v.shiftRight(32 * i).intValue();
        }
        return out;
    }
}
