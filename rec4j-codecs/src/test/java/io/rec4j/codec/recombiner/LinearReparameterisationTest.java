package io.rec4j.codec.recombiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rec4j.codec.inr.SirenArchitecture;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearReparameterisationTest {
    private static final SirenArchitecture SIREN = SirenArchitecture.of(2, 8, 5, 2, 3);

    private static List<double[]> matrices(long seed) {
        List<double[]> out = new ArrayList<>();
        for (int l = 0; l < SIREN.layerCount(); l++) {
            int n = SIREN.layerParameterCount(l);
            out.add(RecombinerFixtures.uniform(seed + l, n * n, 1.0 / n));
        }
        return out;
    }

    @Test
    void unitLatentsPickRowsOfAIntoTheSirenLayout() {
        // h = e_k in layer l gives w^[l] = row k of A^[l]; entry j < d_out of it is bias j, entry d_out + i*d_out + j
        // is weight (i, j)
        List<double[]> as = matrices(1);
        LinearReparameterisation r = new LinearReparameterisation(SIREN, as);
        int base = 0;
        for (int l = 0; l < SIREN.layerCount(); l++) {
            int n = SIREN.layerParameterCount(l);
            int din = SIREN.layerInputDim(l);
            int dout = SIREN.layerOutputDim(l);
            for (int k : new int[] {0, n / 2, n - 1}) {
                double[] h = new double[SIREN.parameterCount()];
                h[base + k] = 1.0;
                double[] w = r.weights(h, 0);
                double[] a = as.get(l);
                for (int j = 0; j < dout; j++) {
                    assertEquals(a[k * n + j], w[SIREN.biasIndex(l, j)]);
                    for (int i = 0; i < din; i++) {
                        assertEquals(a[k * n + dout + i * dout + j], w[SIREN.weightIndex(l, i, j)]);
                    }
                }
                for (int m = 0; m < SIREN.layerCount(); m++) { // other layers get all-zero parameters
                    if (m != l) {
                        for (int q = SIREN.layerOffset(m); q < SIREN.layerOffset(m + 1); q++) {
                            assertEquals(0.0, w[q]);
                        }
                    }
                }
            }
            base += n;
        }
    }

    @Test
    void matchesADirectProductInTheDocumentedOrderAndAnExactOne() {
        List<double[]> as = matrices(5);
        LinearReparameterisation r = new LinearReparameterisation(SIREN, as);
        double[] h = RecombinerFixtures.uniform(9, SIREN.parameterCount() + 3, 2.0);
        double[] w = r.weights(h, 3);
        int at = 3;
        for (int l = 0; l < SIREN.layerCount(); l++) {
            int n = SIREN.layerParameterCount(l);
            int dout = SIREN.layerOutputDim(l);
            double[] a = as.get(l);
            for (int j = 0; j < n; j++) {
                double s = 0.0;
                BigDecimal exact = BigDecimal.ZERO;
                for (int i = 0; i < n; i++) {
                    s += h[at + i] * a[i * n + j];
                    exact = exact.add(new BigDecimal(h[at + i]).multiply(new BigDecimal(a[i * n + j])));
                }
                int flat = j < dout ? SIREN.biasIndex(l, j) : SIREN.weightIndex(l, (j - dout) / dout, (j - dout) % dout);
                assertEquals(Double.doubleToRawLongBits(s), Double.doubleToRawLongBits(w[flat]));
                // sequential summation of n rounded products errs by at most about n * 2^-53 * sum |h_i A_ij|, and
                // sum |h_i A_ij| <= n * 2 * (1/n) = 2 here
                double bound = n * 0x1p-52;
                assertEquals(exact.round(MathContext.DECIMAL64).doubleValue(), w[flat], bound);
            }
            at += n;
        }
    }

    @Test
    void shapesAreChecked() {
        List<double[]> as = matrices(1);
        as.set(1, new double[3]);
        assertThrows(IllegalArgumentException.class, () -> new LinearReparameterisation(SIREN, as));
        assertThrows(IllegalArgumentException.class, () -> new LinearReparameterisation(SIREN, matrices(1).subList(0, 2)));
        LinearReparameterisation r = new LinearReparameterisation(SIREN, matrices(1));
        assertThrows(IllegalArgumentException.class, () -> r.weights(new double[SIREN.parameterCount() - 1], 0));
        assertEquals(3_355_209L, LinearReparameterisation.matrixValueCount(RecombinerArchitecture.cifar10().siren()));
    }
}
