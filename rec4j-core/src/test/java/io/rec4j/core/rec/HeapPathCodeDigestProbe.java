package io.rec4j.core.rec;

import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.rec.dist.Distribution1D;
import io.rec4j.core.rec.dist.Laplace;
import io.rec4j.core.rec.dist.Normal;
import io.rec4j.core.rec.dist.Triangular;
import io.rec4j.core.rec.dist.Uniform;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Entry point run in fresh JVMs by {@link HeapPathCodeTest}: prints the SHA-256 of a stream of heap path codewords
 * (AS* trees over five coding distributions, paths homing in on fixed points, depths 0 to 62). Writing a codeword
 * replays the path and computes the P-mass frequencies exactly as the decoder does, so the digest pins the decoder's
 * arithmetic.
 */
public final class HeapPathCodeDigestProbe {
    /** Pinned when the heap path code was written; must never change. */
    static final String GOLDEN = "af2387f314665d0c7eccafd457b1e45b590feac696fe95ecb3330fbc1e478a7e";

    private HeapPathCodeDigestProbe() {
    }

    static String digest() throws Exception {
        Distribution1D[] codings = {new Normal(0, 1), new Normal(-3, 0.01), new Laplace(1, 2), new Uniform(-1, 1),
            new Triangular(-1, 0, 2)};
        SplittableRandom rnd = new SplittableRandom(2024);
        BitWriter w = new BitWriter();
        for (int i = 0; i < 1000; i++) {
            Distribution1D p = codings[i % codings.length];
            HeapPathCode code = new HeapPathCode(1 + (i % 40));
            HeapPathCode.Tree tree = HeapPathCodeTest.tree(p, i, 62);
            double lo = Math.max(p.supportMin(), -4);
            double hi = Math.min(p.supportMax(), 4);
            long h = HeapPathCodeTest.homingPath(tree, lo + (hi - lo) * rnd.nextDouble(), i % 63);
            w.writeBits(h, 64);
            code.write(w, h, tree);
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(w.toByteArray()));
    }

    public static void main(String[] args) throws Exception {
        System.out.println(digest());
    }
}
