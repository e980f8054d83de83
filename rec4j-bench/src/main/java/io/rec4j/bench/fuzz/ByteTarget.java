package io.rec4j.bench.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link FuzzTarget} whose cases are mutations of seed inputs: one stratum per (seed, mutation family), after a
 * first stratum that runs the seeds themselves (they must end in exit 0). A case whose mutation happens to leave the seed unchanged may also end like the seed itself (exit 0).
 */
public final class ByteTarget implements FuzzTarget {
    /** Runs one input. */
    @FunctionalInterface
    public interface Runner {
        /**
         * @param seed  the seed the input was derived from (for inputs that come with companions, e.g. a model file
         *              and the image coded with it)
         * @param input the mutated bytes
         */
        FuzzCase.Result run(Seed seed, byte[] input) throws Exception;
    }

    /** A named valid input. */
    public record Seed(String name, byte[] bytes) {
        public Seed {
            bytes = bytes.clone();
        }
    }

    /**
     * A mutation family with the exit codes its cases may end with.
     *
     * @param firstSeedOnly apply it to the first seed only (for families that ignore the seed, such as random bytes)
     */
    public record Group(Mutator mutator, Set<Integer> allowed, boolean firstSeedOnly) {
        public Group {
            allowed = Set.copyOf(allowed);
        }
    }

    private final String name;
    private final List<Stratum> strata = new ArrayList<>();

    /**
     * @param name   the target's name
     * @param seeds  valid inputs (each must end in exit 0 unmutated)
     * @param groups mutation families
     * @param runner runs one input
     */
    public ByteTarget(String name, List<Seed> seeds, List<Group> groups, Runner runner) {
        this.name = name;
        strata.add(seedStratum(seeds, runner));
        for (Group g : groups) {
            for (int s = 0; s < seeds.size(); s++) {
                if (s > 0 && g.firstSeedOnly()) {
                    break;
                }
                Seed seed = seeds.get(s);
                strata.add(stratum(seed, g, runner));
            }
        }
    }

    /** The seeds themselves, which must end in exit 0 (a target that refuses its seeds tests nothing). */
    private static Stratum seedStratum(List<Seed> seeds, Runner runner) {
        List<Seed> copy = List.copyOf(seeds);
        return new Stratum() {
            @Override
            public String name() {
                return "seed";
            }

            @Override
            public int count() {
                return copy.size();
            }

            @Override
            public FuzzCase caseAt(int index) {
                Seed s = copy.get(index);
                return new FuzzCase("seed/" + s.name(), Set.of(0), () -> runner.run(s, s.bytes()));
            }
        };
    }

    private static Stratum stratum(Seed seed, Group g, Runner runner) {
        byte[] bytes = seed.bytes();
        int count = g.mutator().count(bytes);
        String sname = (g.firstSeedOnly() ? "" : seed.name() + "/") + g.mutator().name();
        Set<Integer> orZero = new HashSet<>(g.allowed());
        orZero.add(0);
        return new Stratum() {
            @Override
            public String name() {
                return sname;
            }

            @Override
            public int count() {
                return count;
            }

            @Override
            public FuzzCase caseAt(int index) {
                byte[] input = g.mutator().apply(bytes, index);
                boolean unchanged = Arrays.equals(input, bytes);
                return new FuzzCase(sname + g.mutator().describe(bytes, index), unchanged ? orZero : g.allowed(),
                        () -> runner.run(seed, input));
            }
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Stratum> strata() {
        return List.copyOf(strata);
    }
}
