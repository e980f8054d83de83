package io.rec4j.core.random;

/** Entry point run in a fresh JVM by {@link CrossJvmDeterminismTest}: prints the normal digest for (seed, count[, generator]). */
public final class DigestProbe {
    private DigestProbe() {
    }

    public static void main(String[] args) {
        NormalGenerator g = args.length > 2 ? NormalGenerator.valueOf(args[2]) : NormalGenerator.INVERSION;
        System.out.println(SharedRandomness.normalDigest(Long.parseLong(args[0]), Long.parseLong(args[1]), g));
    }
}
