package io.rec4j.pacbayes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** kl⁻¹ and the certificates against reference values computed independently of this code (docs/pacbayes.md). */
class PacBayesBoundsTest {
    @ParameterizedTest
    @CsvSource({"0.0, 0.01, 0.009950166250831949", "0.02, 0.01, 0.04651592106776775", "0.1, 0.05, 0.2200786011069245",
        "0.05, 0.2, 0.2995591377729577", "0.3, 0.001, 0.32075102827713897"})
    void klInverseMatchesReferenceValues(double q, double c, double want) {
        assertEquals(want, PacBayesBounds.klInverse(q, c), 1e-12);
    }

    @Test
    void workedCertificate() {
        // n = 60,000, δ = 0.025, δ′ = 0.01, m = 150,000 draws with mean 0-1 loss 0.02, KL = 5,000 nats
        double mc = PacBayesBounds.monteCarloRisk(0.02, 150_000, 0.01);
        assertEquals(0.021199394355626178, mc, 1e-12);
        assertEquals(0.1368083381963699, PacBayesBounds.certificate(0.02, 150_000, 0.01, 5000, 60_000, 0.025), 1e-12);
        assertEquals(0.24932813673579005, PacBayesBounds.lambdaBound(0.02, 5000, 60_000, 0.025, 0.5), 1e-12);
    }

    @Test
    void klInverseIsMonotoneAndInvertsKl() {
        double previous = 0;
        for (double q = 0; q <= 0.95; q += 0.05) {
            double last = q;
            for (double c = 0.001; c < 3; c *= 1.7) {
                double p = PacBayesBounds.klInverse(q, c);
                assertTrue(p >= last, "increasing in c");
                last = p;
                if (p < 1) { // the largest p with kl(q‖p) ≤ c, to the last bit
                    assertTrue(PacBayesBounds.kl(q, p) <= c && PacBayesBounds.kl(q, Math.nextUp(p)) > c, q + ", " + c);
                }
            }
            double p = PacBayesBounds.klInverse(q, 0.1);
            assertTrue(p >= previous, "increasing in q");
            previous = p;
        }
        // kl(q‖p) ≈ (p − q)²/(2q(1 − q)) underflows against q near p: the answer for c = 0 is q to about √ε
        assertEquals(0.3, PacBayesBounds.klInverse(0.3, 0), 1e-8);
        // kl(½‖p) = 100 at 1 − p ≈ e⁻¹⁹⁹: the largest double below 1 is the answer (kl(½‖1) is infinite)
        assertEquals(Math.nextDown(1.0), PacBayesBounds.klInverse(0.5, 100));
        assertEquals(1, PacBayesBounds.klInverse(1, 0.1));
        // the kl bound is never looser than the λ, quad or classic bounds built on the same terms
        for (double risk : new double[] {0, 0.01, 0.1, 0.3}) {
            double kl = 120;
            double b = PacBayesBounds.klBound(risk, kl, 2000, 0.025);
            assertTrue(b <= PacBayesBounds.quadBound(risk, kl, 2000, 0.025) + 1e-12);
            assertTrue(b <= PacBayesBounds.classicBound(risk, kl, 2000, 0.025) + 1e-12);
            for (double lambda = 0.1; lambda < 2; lambda += 0.3) {
                assertTrue(b <= PacBayesBounds.lambdaBound(risk, kl, 2000, 0.025, lambda) + 1e-12);
            }
        }
    }

    @Test
    void invalidArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PacBayesBounds.klInverse(1.2, 0.1));
        assertThrows(IllegalArgumentException.class, () -> PacBayesBounds.klInverse(0.2, -1));
        assertThrows(IllegalArgumentException.class, () -> PacBayesBounds.klInverse(0.2, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> PacBayesBounds.lambdaBound(0.1, 1, 10, 0.05, 2));
        assertThrows(IllegalArgumentException.class, () -> PacBayesBounds.klBound(0.1, -1, 10, 0.05));
        assertThrows(IllegalArgumentException.class, () -> PacBayesBounds.klBound(0.1, 1, 0, 0.05));
        assertThrows(IllegalArgumentException.class, () -> PacBayesBounds.klBound(0.1, 1, 10, 1));
    }
}
