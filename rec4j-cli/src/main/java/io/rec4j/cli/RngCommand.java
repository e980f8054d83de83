package io.rec4j.cli;

import io.rec4j.core.random.NormalGenerator;
import io.rec4j.core.random.SharedRandomness;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rec4j rng}: the shared-randomness generator, for checking that two machines agree. */
@Command(name = "rng",
        mixinStandardHelpOptions = true,
        description = {
            "Print the shared generator's standard normals, or their SHA-256 digest.",
            "",
            "Prints standard normals of stream 0 of the shared generator (Philox4x32-10 + inversion,",
            "or with --generator ZIGGURAT the ziggurat of COMBINER revision 3), or with --digest the",
            "SHA-256 of their IEEE-754 bits (big-endian). The output is identical on every JVM >= 17",
            "and every CPU; decoders rely on it."})
final class RngCommand implements Callable<Integer> {
    @Option(names = "--seed", required = true, description = "Master seed (a signed 64-bit integer).")
    long seed;

    @Option(names = "--count", defaultValue = "10", description = "Number of normals (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--digest", description = "Print only the lowercase hex SHA-256 of the values.")
    boolean digest;

    @Option(names = "--generator", defaultValue = "INVERSION",
            description = "How normals are made from the Philox words: ${COMPLETION-CANDIDATES}"
                    + " (default: ${DEFAULT-VALUE}; ZIGGURAT is COMBINER revision 3's).")
    NormalGenerator generator;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (count < 0) {
            throw new Main.UsageException("--count must be non-negative, was " + count);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (digest) {
            out.println(SharedRandomness.normalDigest(seed, count, generator));
            return Main.EXIT_OK;
        }
        SharedRandomness r = SharedRandomness.fromSeed(seed, generator);
        for (long i = 0; i < count; i++) {
            // Double.toString is the shortest decimal that reads back to the same bits
            out.println(r.normal(0, i));
        }
        return Main.EXIT_OK;
    }
}
