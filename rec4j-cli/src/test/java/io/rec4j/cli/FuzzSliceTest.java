package io.rec4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.bench.fuzz.FuzzHarness;
import io.rec4j.bench.fuzz.FuzzReport;
import io.rec4j.bench.fuzz.FuzzTarget;
import io.rec4j.bench.report.ProgressSink;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short, fixed-seed slice of {@code rec4j bench fuzz}: every target of {@link FuzzCommand#targets}, a few dozen
 * cases each spread over every mutation kind, run through the real command line in-process. Every case must end
 * with an exit code its case allows (a mutated {@code .r4j} or model file whose CRC32C was not repaired: exit 2;
 * behind a repaired CRC: 0 or 2; images: 0 or 2; REC options: 0 or 1), within a generous time bound and with no
 * throwable escaping {@link Main#execute}. Valid but merely expensive REC values (a million trials) are left to
 * the full run.
 */
class FuzzSliceTest {
    /** Generous: catches hangs, not slowness. */
    private static final long TIMEOUT_MS = 10_000;
    private static final int CASES_PER_TARGET = 40;
    private static final long SEED = 20260906L;

    @Test
    void everyTargetEndsEveryCaseWithAnAllowedExitCode(@TempDir Path work) {
        List<FuzzTarget> targets = FuzzTargets.all(work, SEED, false);
        assertEquals(FuzzTargets.NAMES, targets.stream().map(FuzzTarget::name).toList());
        FuzzReport report = new FuzzHarness(new FuzzHarness.Settings(SEED, CASES_PER_TARGET, 0, TIMEOUT_MS, 1L << 30))
                .run(targets, ProgressSink.NONE);

        for (FuzzReport.Summary s : report.summaries()) {
            assertTrue(s.tried() >= Math.min(CASES_PER_TARGET, s.space()), s.target() + " ran " + s.tried() + " cases");
        }
        // a target that refused everything would pass the assertion below and test nothing: the unmutated seeds
        // decode (exit 0) and raw mutations of containers are refused (exit 2)
        List<FuzzReport.Summary> containers = new java.util.ArrayList<>(report.summaries().subList(0, 3));
        containers.add(report.summaries().get(FuzzTargets.NAMES.indexOf("decompress-packed")));
        containers.add(report.summaries().get(FuzzTargets.NAMES.indexOf("decompress-recombiner-packed")));
        containers.add(report.summaries().get(FuzzTargets.NAMES.indexOf("decompress-recombiner-model")));
        containers.add(report.summaries().get(FuzzTargets.NAMES.indexOf("decompress-recombiner-audio")));
        containers.add(report.summaries().get(FuzzTargets.NAMES.indexOf("miracle-export")));
        containers.add(report.summaries().get(FuzzTargets.NAMES.indexOf("decompress-irec")));
        containers.add(report.summaries().get(FuzzTargets.NAMES.indexOf("decompress-irec-model")));
        containers.add(report.summaries().get(FuzzTargets.NAMES.indexOf("decompress-bitsback")));
        for (FuzzReport.Summary s : containers) {
            assertTrue(s.count("exit0") > 0 && s.count("exit2") > 0, s.target() + ": " + s.byOutcome());
        }
        Set<String> seedsOk = report.records().stream().filter(r -> r.stratum().equals("seed") && r.exitCode() == 0)
                .map(r -> r.target() + ":" + r.label()).collect(Collectors.toSet());
        assertEquals(Set.of("info-r4j:seed/q1-40x24", "info-r4j:seed/q1-130x8", "decompress-r4j:seed/q1-40x24",
                "decompress-r4j:seed/q1-130x8", "decompress-model:seed/tiny", "decompress-model:seed/q1",
                "image-png:seed/png16", "image-jpeg:seed/jpeg16", "decompress-recombiner-model:seed/tiny",
                "decompress-recombiner-audio:seed/tiny-3-clips", "miracle-export:seed/lenet300-c6",
                "miracle-export:seed/lenet5-c10", "decompress-irec-model:seed/tiny",
                "decompress-bitsback:seed/exponent", "decompress-bitsback:seed/raw", "bitsback-model:seed/tiny"),
                seedsOk.stream().filter(k -> !k.startsWith("decompress-packed:")
                        && !k.startsWith("decompress-recombiner-packed:") && !k.startsWith("decompress-irec:"))
                        .collect(Collectors.toSet()));
        // the packed targets have three seeds each, of which the slice samples two: those it ran decoded
        for (String packed : List.of("decompress-packed", "decompress-recombiner-packed", "decompress-irec")) {
            long packedSeeds = report.records().stream().filter(r -> r.target().equals(packed)
                    && r.stratum().equals("seed")).count();
            assertEquals(packedSeeds, seedsOk.stream().filter(k -> k.startsWith(packed + ":seed/")).count());
            assertTrue(packedSeeds >= 2, packed + ": " + packedSeeds + " seeds ran");
        }

        String bad = report.unexpected().stream()
                .map(r -> r.target() + " " + r.label() + " -> " + r.outcomeName() + " " + r.firstLine())
                .collect(Collectors.joining("\n"));
        assertTrue(bad.isEmpty(), report.unexpected().size() + " unexpected outcomes:\n" + bad);
    }
}
