package io.rec4j.core.rec;

import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.coding.bits.ZipfCode;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.ContainerHeader;
import io.rec4j.core.container.MethodId;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.Normal;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import java.nio.ByteBuffer;

/**
 * A self-contained file holding one exact sample of a diagonal Gaussian target Q, coded by the Poisson functional
 * representation against a diagonal Gaussian coding distribution P (the demo's format, method
 * {@link MethodId#REC_GAUSSIAN}).
 *
 * <p>Header fields: {@code seed} (long), {@code dim} (int), {@code coding.mean} and {@code coding.std} (IEEE-754
 * doubles, big-endian, exact), {@code index.code} ("zipf") and {@code zipf.lambda} (double). Payload: the selected
 * candidate index {@code N >= 1} in the {@link ZipfCode} with λ = KL + 1, zero-padded to a byte. In an application P and the seed are part of the
 * shared model and only the payload is sent; here they travel in the header so the file decodes on its own.
 */
public final class GaussianRecCodec {
    /** Default cap on the candidates PFR may examine. */
    public static final long DEFAULT_MAX_CANDIDATES = 1L << 26;
    private static final String INDEX_CODE = "zipf";

    private GaussianRecCodec() {
    }

    /** Result of {@link #encode}. */
    public record Encoded(byte[] file, long index, long indexBits, long candidatesExamined, double[] sample) {
    }

    /** Result of {@link #decode}. */
    public record Decoded(ProductDistribution coding, long seed, long index, double[] sample) {
    }

    /** Encodes one exact sample of the Gaussian {@code target} against the Gaussian {@code coding}. */
    public static Encoded encode(ProductDistribution target, ProductDistribution coding, long seed, long maxCandidates) {
        if (!target.isGaussian() || !coding.isGaussian()) {
            throw new IllegalArgumentException("this file format holds diagonal Gaussians only");
        }
        RecProblem problem = new RecProblem(target, coding);
        double lambda = problem.klBits() + 1;
        ZipfCode code = new ZipfCode(lambda);
        Encoding e = new PoissonFunctionalRepresentation(code, maxCandidates)
                .encode(problem, SharedRandomness.fromSeed(seed));
        BitWriter w = new BitWriter();
        code.write(w, e.codeword().value(0));
        int dim = coding.dimension();
        double[] mean = new double[dim];
        double[] std = new double[dim];
        for (int d = 0; d < dim; d++) {
            Normal n = (Normal) coding.marginal(d);
            mean[d] = n.mean();
            std[d] = n.std();
        }
        ContainerHeader header = ContainerHeader.builder()
                .putLong("seed", seed)
                .putInt("dim", dim)
                .putBytes("coding.mean", doublesToBytes(mean))
                .putBytes("coding.std", doublesToBytes(std))
                .putString("index.code", INDEX_CODE)
                .putDouble("zipf.lambda", lambda)
                .build();
        byte[] file = Container.of(MethodId.REC_GAUSSIAN, header, w.toByteArray()).toBytes();
        return new Encoded(file, e.codeword().value(0), w.bitLength(), e.candidatesExamined(), e.sample());
    }

    /**
     * Decodes a file written by {@link #encode}.
     *
     * @throws Rec4jDataException (a container exception or {@code CorruptStreamException}) for damaged files
     */
    public static Decoded decode(byte[] file) {
        Container c = Container.parse(file);
        if (!c.methodId().equals(MethodId.REC_GAUSSIAN)) {
            throw new Rec4jDataException("not a REC Gaussian file: method is " + c.methodId());
        }
        ContainerHeader h = c.header();
        if (!INDEX_CODE.equals(h.getString("index.code"))) {
            throw new Rec4jDataException("unsupported index code '" + h.getString("index.code") + "'");
        }
        int dim = h.getInt("dim");
        double[] mean = bytesToDoubles(h.getBytes("coding.mean"), dim, "coding.mean");
        double[] std = bytesToDoubles(h.getBytes("coding.std"), dim, "coding.std");
        double lambda = h.getDouble("zipf.lambda");
        ProductDistribution coding;
        ZipfCode code;
        try {
            coding = ProductDistribution.gaussian(mean, std);
            code = new ZipfCode(lambda);
        } catch (IllegalArgumentException e) {
            throw new Rec4jDataException("invalid parameters in header: " + e.getMessage(), e);
        }
        long seed = h.getLong("seed");
        BitReader r = new BitReader(c.payload());
        long index = code.read(r);
        if (r.bitsRemaining() >= 8) {
            throw new Rec4jDataException(r.bitsRemaining() + " unused bits after the index: the payload is damaged");
        }
        double[] x = new double[dim];
        coding.candidate(SharedRandomness.fromSeed(seed), index - 1, x);
        return new Decoded(coding, seed, index, x);
    }

    private static byte[] doublesToBytes(double[] v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length);
        for (double d : v) {
            b.putLong(Double.doubleToRawLongBits(d));
        }
        return b.array();
    }

    private static double[] bytesToDoubles(byte[] bytes, int dim, String field) {
        if (dim < 1 || bytes.length != 8L * dim) {
            throw new Rec4jDataException("header field " + field + " has " + bytes.length + " bytes; expected 8 x dim = "
                    + (8L * dim));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        double[] v = new double[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = Double.longBitsToDouble(b.getLong());
        }
        return v;
    }
}
