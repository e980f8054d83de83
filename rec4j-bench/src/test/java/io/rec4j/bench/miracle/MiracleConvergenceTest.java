package io.rec4j.bench.miracle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rec4j.codec.miracle.MiracleFile;
import java.util.List;
import org.junit.jupiter.api.Test;

class MiracleConvergenceTest {
    private static MiracleConvergence.Curve curve(MiracleFile.Parameterisation p, long seed, double[] error,
                                                  double[] excess) {
        return new MiracleConvergence.Curve(p, seed, error, excess);
    }

    @Test
    void targetIsTheLargerMedianFinalErrorAndEpochsCountFromOne() {
        MiracleFile.Parameterisation var = MiracleFile.Parameterisation.MEAN_VAR;
        MiracleFile.Parameterisation kl = MiracleFile.Parameterisation.MEAN_KL;
        double[] none = {0, 0, 0};
        List<MiracleConvergence.Curve> curves = List.of(
                curve(var, 1, new double[] {0.30, 0.10, 0.05}, new double[] {0.5, 0.02, 0.0}),
                curve(var, 2, new double[] {0.30, 0.20, 0.07}, new double[] {0.5, 0.0, 0.0}),
                curve(var, 3, new double[] {0.30, 0.20, 0.09}, new double[] {0.5, 0.0, 0.0}),
                curve(kl, 1, new double[] {0.06, 0.05, 0.04}, none),
                curve(kl, 2, new double[] {0.08, 0.06, 0.05}, none),
                curve(kl, 3, new double[] {0.10, 0.08, 0.06}, none));
        // medians of the final errors: Mean-Var 0.07, Mean-KL 0.05; both reach 0.07
        assertEquals(0.07, MiracleConvergence.target(curves), 0.0);
        assertEquals(1, curves.get(3).epochsTo(0.07, true));
        assertEquals(2, curves.get(4).epochsTo(0.07, true));
        assertEquals(3, curves.get(5).epochsTo(0.07, true));
        assertEquals(3, curves.get(1).epochsTo(0.07, true));
        assertEquals(0, curves.get(2).epochsTo(0.07, false), "never reached");
        // within budget: seed 1 of Mean-Var is at 10 % error in epoch 2 but 2 % over the budget
        assertEquals(2, curves.get(0).epochsTo(0.10, false));
        assertEquals(3, curves.get(0).epochsTo(0.10, true));
    }
}
