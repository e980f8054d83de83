package io.rec4j.nn.fused;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Counter-based standard-normal noise for the vector kernels' local reparameterisation, computed a vector at a time.
 *
 * <p>Element {@code i} of a stream with 64-bit key {@code k} is defined lane by lane, so it is the same for every
 * vector width:
 * <ol>
 *   <li>{@code r = mix(k + (i >>> 1)·φ)} with φ the 64-bit golden ratio and {@code mix} the SplitMix64
 *       finaliser (Steele, Lea &amp; Flood, OOPSLA 2014); {@code b} = its low 32 bits for even {@code i}, high for
 *       odd.</li>
 *   <li>{@code u = ((b >>> 8) | 1)·2^−24}: an odd multiple of 2^−24, so 0 &lt; u &lt; 1 and the set is symmetric
 *       about ½.</li>
 *   <li>{@code z = √2·erfinv(2u − 1)} with Giles' single-precision erfinv ("Approximating the erfinv function",
 *       GPU Computing Gems Jade Edition, 2011): {@code w = −ln(4u(1 − u))}, a degree-8 polynomial in
 *       {@code w − 2.5} for {@code w < 5} and in {@code √w − 3} beyond, times {@code 2u − 1}. The logarithm is an
 *       exponent/mantissa split with the atanh series of the mantissa reduced to [√½, √2).</li>
 * </ol>
 * Relative error of z against the exact inverse normal CDF at the same u: below 1e−6 (tested); |z| ≤ 5.4 (u never
 * nearer 0 or 1 than 2^−24), so the tails beyond probability 2^−24 are cut. Training noise only: a decoder never
 * sees it.
 */
final class VectorNoise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> LS = LongVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long[] IOTA = new long[LS.length()];
    private static final float SQRT2 = 1.41421356237309505f;
    private static final float LN2 = 0.693147180559945309f;
    private static final float SQRT_HALF = 0.707106781186547524f;

    static {
        for (int k = 0; k < IOTA.length; k++) {
            IOTA[k] = k;
        }
    }

    private VectorNoise() {
    }

    /** Whether this class's pairing of long and float lanes holds on this JVM (two floats per long lane). */
    static boolean supported() {
        return LS.length() * 2 == L;
    }

    /** Writes elements {@code [0, n)} of stream {@code key} into {@code dst[0, n)}; n a multiple of the lane count. */
    static void fill(float[] dst, int n, long key) {
        LongVector iota = LongVector.fromArray(LS, IOTA, 0);
        for (int i = 0; i < n; i += L) {
            LongVector z = iota.add(i >>> 1).mul(GOLDEN).add(key);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(0xBF58476D1CE4E5B9L);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
            IntVector bits = z.reinterpretAsInts();
            FloatVector u = ((FloatVector) bits.lanewise(VectorOperators.LSHR, 8).lanewise(VectorOperators.OR, 1)
                    .convert(VectorOperators.I2F, 0)).mul(0x1.0p-24f);
            normal(u).intoArray(dst, i);
        }
    }

    /** {@code √2·erfinv(2u − 1)} lane by lane (see the class comment). */
    static FloatVector normal(FloatVector u) {
        FloatVector w = log(u.mul(FloatVector.broadcast(S, 1f).sub(u)).mul(4f)).neg();
        FloatVector a = w.sub(2.5f);
        FloatVector p = a.mul(2.81022636e-08f).add(3.43273939e-07f).mul(a).add(-3.5233877e-06f).mul(a)
                .add(-4.39150654e-06f).mul(a).add(0.00021858087f).mul(a).add(-0.00125372503f).mul(a)
                .add(-0.00417768164f).mul(a).add(0.246640727f).mul(a).add(1.50140941f);
        VectorMask<Float> tail = w.compare(VectorOperators.GE, 5f);
        if (tail.anyTrue()) { // |z| > 2.9: about one vector of 16 in 20 has a lane there
            FloatVector b = w.sqrt().sub(3f);
            FloatVector q = b.mul(-0.000200214257f).add(0.000100950558f).mul(b).add(0.00134934322f).mul(b)
                    .add(-0.00367342844f).mul(b).add(0.00573950773f).mul(b).add(-0.0076224613f).mul(b)
                    .add(0.00943887047f).mul(b).add(1.00167406f).mul(b).add(2.83297682f);
            p = p.blend(q, tail);
        }
        return p.mul(u.mul(2f).sub(1f)).mul(SQRT2);
    }

    /** Natural log of positive normal floats: {@code e·ln2 + 2·atanh((m − 1)/(m + 1))}, m in [√½, √2). */
    static FloatVector log(FloatVector y) {
        IntVector bits = y.reinterpretAsInts();
        IntVector e = bits.lanewise(VectorOperators.ASHR, 23).sub(127);
        FloatVector m = bits.lanewise(VectorOperators.AND, 0x007FFFFF).lanewise(VectorOperators.OR, 0x3F800000)
                .reinterpretAsFloats();
        VectorMask<Float> high = m.compare(VectorOperators.GT, 2 * SQRT_HALF);
        m = m.blend(m.mul(0.5f), high);
        FloatVector ef = (FloatVector) e.convert(VectorOperators.I2F, 0);
        ef = ef.blend(ef.add(1f), high);
        FloatVector t = m.sub(1f).div(m.add(1f));
        FloatVector t2 = t.mul(t);
        FloatVector s = t2.mul(1f / 11).add(1f / 9).mul(t2).add(1f / 7).mul(t2).add(1f / 5).mul(t2).add(1f / 3)
                .mul(t2).add(1f);
        return ef.mul(LN2).add(t.mul(s).mul(2f));
    }
}
