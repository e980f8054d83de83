package io.rec4j.codec.miracle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.OrderedRandomCoding;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.core.rec.dist.RecProblem;
import io.rec4j.core.rec.Encoding;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Hashing, the pure-Java networks, safetensors export, and MRC's sample statistics in MIRACLE's setting. */
class MiracleNetworkTest {
    @Test
    void architecturesHaveThePapersCounts() {
        assertEquals(266_610, MiracleArchitecture.LENET_300_100.parameterCount());
        assertEquals(431_080, MiracleArchitecture.LENET_5.parameterCount());
        // LeNet-5-Caffe with MIRACLE's hash groups: 26,580 variables (886 blocks of 30)
        assertEquals(26_580, MiracleArchitecture.LENET_5.variableCount());
        assertEquals(54_930, MiracleArchitecture.LENET_300_100.variableCount());
        assertEquals(MiracleArchitecture.LENET_5, MiracleArchitecture.byName("LeNet-5"));
        assertEquals(MiracleArchitecture.LENET_300_100, MiracleArchitecture.byId(1));
    }

    @Test
    void hashingMapsEveryEntryToOneVariableAndBack() {
        for (MiracleArchitecture a : MiracleArchitecture.ALL) {
            WeightHashing h = new WeightHashing(a, SharedRandomness.fromSeed(9).derive(3));
            double[] v = new double[a.variableCount()];
            for (int i = 0; i < v.length; i++) {
                v[i] = i + 1; // distinct, exact in float32
            }
            float[][] w = h.expand(v);
            int[] seen = new int[v.length];
            for (int t = 0; t < w.length; t++) {
                int[] signs = h.signs(t);
                for (int e = 0; e < w[t].length; e++) {
                    int var = (int) Math.abs(w[t][e]) - 1;
                    seen[var]++;
                    int pos = a.tensors().get(t).hashPosition(e);
                    assertEquals(signs[pos % signs.length] * (var + 1), w[t][e], 0.0);
                }
            }
            for (int i = 0; i < v.length; i++) {
                int t = 0;
                while (i >= a.variableOffset(t + 1 == a.tensors().size() ? t : t + 1) && t + 1 < a.tensors().size()
                        && i >= a.variableOffset(t + 1)) {
                    t++;
                }
                assertEquals(a.tensors().get(t).group(), seen[i], "variable " + i);
            }
            assertArrayEquals(v, h.variables(w));
            // the signs are shared randomness: the same seed gives them again, another seed not all of them
            WeightHashing again = new WeightHashing(a, SharedRandomness.fromSeed(9).derive(3));
            WeightHashing other = new WeightHashing(a, SharedRandomness.fromSeed(10).derive(3));
            boolean differs = false;
            for (int t = 0; t < a.tensors().size(); t++) {
                assertArrayEquals(h.signs(t), again.signs(t));
                differs |= !java.util.Arrays.equals(h.signs(t), other.signs(t));
            }
            assertTrue(differs);
        }
    }

    @Test
    void lenet5GroupsTieOutputUnitsOfOneInputAsTheAuthorsLayoutDoes() {
        MiracleArchitecture a = MiracleArchitecture.LENET_5;
        WeightHashing h = new WeightHashing(a, SharedRandomness.fromSeed(9).derive(3));
        double[] v = new double[a.variableCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = i + 1;
        }
        float[][] w = h.expand(v);
        float[] fc1 = w[4]; // [500, 800]: entry (o, r) at o * 800 + r
        for (int r : new int[] {0, 1, 417, 799}) {
            for (int o = 0; o < 500; o++) {
                int var = (int) Math.abs(fc1[o * 800 + r]);
                // outputs 50j..50j+49 of input r share one variable; input r+1 (or another block of outputs) not
                assertEquals((int) Math.abs(fc1[(o / 50) * 50 * 800 + r]), var);
                if (r + 1 < 800) {
                    assertTrue(var != (int) Math.abs(fc1[o * 800 + r + 1]));
                }
            }
        }
        float[] conv2 = w[2]; // [50, 20, 5, 5]: output channels 2j and 2j+1 share
        for (int e = 0; e < 500; e++) {
            assertEquals(Math.abs(conv2[e]), Math.abs(conv2[500 + e]), 0f);
            assertTrue(Math.abs(conv2[e]) != Math.abs(conv2[1000 + e]));
        }
        // LeNet-300-100 keeps row-major groups: 10 consecutive inputs of one output unit
        assertEquals(37, MiracleArchitecture.LENET_300_100.tensors().get(0).hashPosition(37));
    }

    /** Files of the row-major LeNet-5 (id 2, rec4j up to 123e5d1) decode as they were made; LeNet-5 is now id 3. */
    @Test
    void legacyRowMajorLeNet5FilesStillDecodeAsTheyWereMade() {
        float[] scales = {0.2f, 0.1f, 0.05f, 0.1f, 0.05f, 0.02f, 0.05f, 0.01f};
        MiracleFile.Header legacy = new MiracleFile.Header(MiracleArchitecture.LENET_5_ROW_MAJOR,
                MiracleFile.Parameterisation.MEAN_VAR, 10, 30, 5, scales);
        MiracleFile.Header current = new MiracleFile.Header(MiracleArchitecture.LENET_5,
                MiracleFile.Parameterisation.MEAN_VAR, 10, 30, 5, scales);
        byte[] message = new byte[(886 * 10 + 7) / 8];
        new SplittableRandom(3).nextBytes(message);
        message[message.length - 1] &= (byte) 0xF0; // 8,860 bits: the last 4 are padding
        byte[] a = MiracleFile.write(legacy, message);
        byte[] b = MiracleFile.write(current, message);
        MiracleFile.Parsed pa = MiracleFile.parse(a);
        MiracleFile.Parsed pb = MiracleFile.parse(b);
        assertEquals(MiracleArchitecture.LENET_5_ROW_MAJOR, pa.header().arch());
        assertEquals(MiracleArchitecture.LENET_5, pb.header().arch());
        double[] v = MiracleFile.decodeVariables(pa);
        assertArrayEquals(v, MiracleFile.decodeVariables(pb), "the same variables; only the hashing differs");
        float[] fc1Legacy = MiracleFile.decode(a).tensor(4);
        float[] fc1 = MiracleFile.decode(b).tensor(4);
        assertArrayEquals(legacy.hashing().expand(v)[4], fc1Legacy);
        // row-major: inputs 0..49 of output 0 share a variable; output-major: outputs 0..49 of input 0 do
        assertEquals(Math.abs(fc1Legacy[0]), Math.abs(fc1Legacy[49]), 0f);
        assertEquals(Math.abs(fc1[0]), Math.abs(fc1[49 * 800]), 0f);
        assertNotEquals(Math.abs(fc1[0]), Math.abs(fc1[49]));
        assertEquals(MiracleArchitecture.LENET_5, MiracleArchitecture.byName("lenet-5"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> MiracleArchitecture.byName("lenet-5-row-major"), "legacy: decoded, never trained");
    }

    /** A LeNet-5 whose logits are worked out by hand: one active path through every layer. */
    @Test
    void lenet5ForwardPassFollowsPyTorchLayouts() {
        MiracleArchitecture a = MiracleArchitecture.LENET_5;
        float[][] w = new float[a.tensors().size()][];
        for (int t = 0; t < w.length; t++) {
            w[t] = new float[a.tensors().get(t).size()];
        }
        // conv1 channel 3 reads pixel (row 2 + dr, col 4 + dc) with kernel tap (dr, dc) = (1, 2): weight 2
        w[0][(3 * 1 + 0) * 25 + 1 * 5 + 2] = 2f;
        // conv2 output channel 7 reads conv1 channel 3 through tap (0, 0): weight 0.5; bias of channel 7: 0.25
        w[2][(7 * 20 + 3) * 25] = 0.5f;
        w[3][7] = 0.25f;
        // fc1 unit 11 reads flattened (channel 7, row 1, col 2) = 7*16 + 1*4 + 2; fc2 class 4 reads unit 11
        w[4][11 * 800 + 7 * 16 + 1 * 4 + 2] = 3f;
        w[6][4 * 500 + 11] = -1f;
        w[7][9] = 0.125f;
        MiracleNetwork net = new MiracleNetwork(a, w);
        float[] image = new float[784];
        // pool1 (row 1.., col 2..) of conv2 output (2, 4) covers conv2 rows 2..3, cols 4..5 → pool1 rows 2..3, cols
        // 4..5 → conv1 rows 4..7, cols 8..11 → pixels rows 5..8, cols 10..13 (tap (1, 2)); light one pixel there
        image[6 * 28 + 11] = 0.8f;
        float[] z = net.logits(image);
        // conv1 at (5, 9) = 2·0.8 = 1.6; pool1 (2, 4) = 1.6; conv2 (2, 4) = 0.5·1.6 + 0.25 = 1.05; elsewhere 0.25
        // pool2 (1, 2) = 1.05; fc1 unit 11 = 3·1.05 = 3.15; class 4 = −3.15; class 9 = 0.125
        assertEquals(-3.15f, z[4], 1e-6f);
        assertEquals(0.125f, z[9], 0f);
        assertEquals(0f, z[0], 0f);
        assertEquals(9, net.predict(image));
    }

    @Test
    void mlpForwardPassAndPruning() {
        MiracleArchitecture a = MiracleArchitecture.LENET_300_100;
        float[][] w = new float[6][];
        SplittableRandom r = new SplittableRandom(4);
        for (int t = 0; t < 6; t++) {
            w[t] = new float[a.tensors().get(t).size()];
            for (int e = 0; e < w[t].length; e++) {
                w[t][e] = (float) (r.nextDouble() - 0.5) / 10;
            }
        }
        MiracleNetwork net = new MiracleNetwork(a, w);
        float[] x = new float[784];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        // reference in double
        double[] h = x.length == 784 ? new double[784] : null;
        for (int i = 0; i < 784; i++) {
            h[i] = x[i];
        }
        int[][] dims = {{300, 784}, {100, 300}, {10, 100}};
        for (int l = 0; l < 3; l++) {
            double[] y = new double[dims[l][0]];
            for (int o = 0; o < y.length; o++) {
                double s = w[2 * l + 1][o];
                for (int i = 0; i < dims[l][1]; i++) {
                    s += w[2 * l][o * dims[l][1] + i] * h[i];
                }
                y[o] = l < 2 ? Math.max(0, s) : s;
            }
            h = y;
        }
        float[] z = net.logits(x);
        for (int k = 0; k < 10; k++) {
            assertEquals(h[k], z[k], 1e-5);
        }
        MiracleNetwork half = net.pruned(0.5);
        int zeros = 0;
        int weights = 0;
        for (int t = 0; t < 6; t += 2) {
            for (float v : half.tensor(t)) {
                zeros += v == 0f ? 1 : 0;
            }
            weights += w[t].length;
        }
        assertEquals(Math.round(0.5 * weights), zeros);
        assertArrayEquals(w[1], half.tensor(1));
        assertNotEquals(z[0], half.logits(x)[0]);
    }

    @Test
    void safetensorsHeaderAndDataFollowTheFormat() {
        MiracleArchitecture a = MiracleArchitecture.LENET_300_100;
        float[][] w = new float[6][];
        for (int t = 0; t < 6; t++) {
            w[t] = new float[a.tensors().get(t).size()];
            w[t][0] = t + 0.5f;
            w[t][w[t].length - 1] = -t;
        }
        byte[] f = MiracleExport.safetensors(new MiracleNetwork(a, w), Map.of("format", "pt"));
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        assertEquals(0, n % 8);
        String json = new String(f, 8, (int) n, StandardCharsets.UTF_8).strip();
        assertTrue(json.startsWith("{\"__metadata__\":{\"format\":\"pt\"},\"fc1.weight\":{\"dtype\":\"F32\","
                + "\"shape\":[300,784],\"data_offsets\":[0,940800]}"), json);
        assertTrue(json.contains("\"fc3.bias\":{\"dtype\":\"F32\",\"shape\":[10],\"data_offsets\":[1066400,1066440]}"),
                json);
        assertEquals(8 + n + 4L * a.parameterCount(), f.length);
        // fc2.weight starts after fc1.weight and fc1.bias
        int fc2 = (int) (8 + n + 4 * (235200 + 300));
        assertEquals(2.5f, b.getFloat(fc2), 0f);
        assertEquals(-5f, b.getFloat(f.length - 4), 0f);
    }

    /**
     * MRC in MIRACLE's setting ({@code docs/miracle.md}): one block of 30 variables, σ_p = 0.1, μ ~ N(0, 0.04²),
     * σ = 0.08, so KL = 30·(ln 1.25 + 0.32 + 50·E[μ²] − 0.5) ≈ 3.69 nats. The standardised sample
     * {@code z = (w − μ)/σ} of an exact sampler has E[z²] = 1, standard error √(2/30000) ≈ 0.008 over 1000 blocks.
     * With 2^10 candidates (K/e^KL ≈ 26) MRC's bias is a few hundredths (Chatterjee–Diaconis; a simulation gives
     * 1.02–1.03 at K/e^KL between 13 and 54): E[z²] in [0.95, 1.06]. With 2^2 (K/e^KL ≈ 0.1) the sample stays near
     * the prior: E[z²] ≥ 1.25.
     */
    @Test
    void mrcSamplesFollowTheTargetOnceTheBudgetCoversTheKl() {
        double ten = meanZ2(10);
        assertTrue(ten >= 0.95 && ten <= 1.06, "E[z²] at 10 bits: " + ten);
        double two = meanZ2(2);
        assertTrue(two >= 1.25, "E[z²] at 2 bits: " + two);
    }

    private static double meanZ2(int bits) {
        SplittableRandom r = new SplittableRandom(11);
        double sum = 0;
        int n = 0;
        double[] sp = new double[30];
        java.util.Arrays.fill(sp, 0.1);
        for (int trial = 0; trial < 1000; trial++) {
            double[] mu = new double[30];
            double[] sd = new double[30];
            for (int i = 0; i < 30; i++) {
                mu[i] = 0.04 * gaussian(r);
                sd[i] = 0.08;
            }
            int[] all = java.util.stream.IntStream.range(0, 30).toArray();
            RecProblem p = new RecProblem(DiagonalGaussian.of(mu, sd).restrict(all),
                    DiagonalGaussian.of(new double[30], sp).restrict(all));
            Encoding e = OrderedRandomCoding.mrc(bits).encode(p, SharedRandomness.fromSeed(1000L * bits + trial));
            for (int i = 0; i < 30; i++) {
                double z = (e.sample()[i] - mu[i]) / sd[i];
                sum += z * z;
                n++;
            }
        }
        return sum / n;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
