package io.rec4j.bench.recombiner;

import io.rec4j.codec.inr.GridRenderer;
import io.rec4j.codec.inr.SineFunction;
import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.codec.recombiner.HierarchicalLatents;
import io.rec4j.codec.recombiner.RecombinerArchitecture;
import io.rec4j.codec.recombiner.RecombinerCodec;
import io.rec4j.codec.recombiner.RecombinerModel;
import io.rec4j.codec.recombiner.RecombinerNetwork;
import io.rec4j.codec.recombiner.RecombinerRenderer;
import io.rec4j.codec.recombiner.ShippedRecombinerModels;
import io.rec4j.core.random.SharedRandomness;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Benchmark (not a unit test; run its {@code main}): the time of RECOMBINER's pure-Java forward pass
 * ({@link RecombinerRenderer}) at the authors' sizes, in a warm JVM, on one thread: a CIFAR-10 image (32×32, one
 * 3 267-parameter INR, a 2×2×128 latent grid) and a 512×768 photo in 96 patches of 64×64 with the three-level sum.
 * Weights and latents are random at the scale of the authors' initialisation ({@code A ~ U(−1, 1)/n_l}, φ's
 * weights {@code U(±1/√fan_in)}, latents ±0.02), the network rounded to float32 as a {@code RecombinerModel} stores
 * it: the time does not depend on the values otherwise. The paper reports
 * 3.9–10.5 ms per CIFAR image on a CPU (He et al., ICLR 2024, arXiv 2309.17182, App. E). The in-run baseline is
 * COMBINER's decoder ({@link GridRenderer}, polynomial sine) on a 32×32 image with the COMBINER Kodak INR.
 *
 * Each CIFAR-10 line also times the render with φ on the common pool beside h·A ({@code render(…, true)}).
 *
 * <p>Then whole decodes from block indices with a shipped model ({@code recombiner-cifar10-q2}, random indices, 64
 * images): one image at a time ({@link RecombinerCodec#decodeIndices}, the baseline) against
 * {@link RecombinerCodec#decodeAllIndices} on every core (one image per thread at a time).
 *
 * <p>Arguments: {@code [repetitions [photo repetitions]]} (defaults 30 and 1; 0 photo repetitions skips the photo).
 * Prints the median time of each.
 */
public final class RecombinerDecodeTiming {
    private RecombinerDecodeTiming() {
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        RecombinerArchitecture cifar = RecombinerArchitecture.cifar10();
        RecombinerNetwork cifarNet = network(cifar, 1);
        double[][] hw = {values(2, cifar.weightLatentCount(), 0.02)};
        double[][] hz = {values(3, cifar.gridLatentCount(), 0.02)};

        SirenArchitecture combiner = SirenArchitecture.combinerKodak();
        GridRenderer baseline = new GridRenderer(combiner, 32, 32, SineFunction.POLYNOMIAL);
        double[] combinerParams = values(4, combiner.parameterCount(), 0.02);

        for (SineFunction sine : SineFunction.values()) {
            RecombinerRenderer r = new RecombinerRenderer(cifarNet, sine);
            double ms = median(reps, () -> r.render(hw, hz));
            double phi = median(reps, () -> r.encodings(hz));
            double reparam = median(reps, () -> cifarNet.reparameterisation().weights(hw[0], 0));
            double overlapped = median(reps, () -> r.render(hw, hz, true));
            System.out.printf("CIFAR-10 32x32, %s sine: %.2f ms per image (phi %.2f ms, h·A %.2f ms); phi beside h·A"
                    + " on the common pool: %.2f ms%n", sine, ms, phi, reparam, overlapped);
        }
        double base = median(reps, () -> baseline.render(combinerParams));
        System.out.printf("baseline COMBINER GridRenderer 32x32 (12 675-parameter INR, polynomial sine): %.2f ms%n",
                base);

        packDecodes(Math.max(3, reps / 10));

        int photoReps = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        if (photoReps < 1) {
            return;
        }
        RecombinerArchitecture photo = RecombinerArchitecture.photoPatches(8, 12);
        RecombinerNetwork photoNet = network(photo, 5);
        double[][] h1 = new double[photo.patchCount()][];
        double[][] grids = new double[photo.patchCount()][];
        for (int p = 0; p < h1.length; p++) {
            h1[p] = values(100 + p, photo.weightLatentCount(), 0.02);
            grids[p] = values(300 + p, photo.gridLatentCount(), 0.02);
        }
        double[][] h2 = new double[photo.groupCount()][];
        for (int g = 0; g < h2.length; g++) {
            h2[g] = values(200 + g, photo.weightLatentCount(), 0.02);
        }
        double[] h3 = values(299, photo.weightLatentCount(), 0.02);
        RecombinerRenderer pr = new RecombinerRenderer(photoNet, SineFunction.POLYNOMIAL);
        double photoMs = median(photoReps, () -> pr.render(HierarchicalLatents.compose(photo, h1, h2, h3), grids));
        double photoPhi = median(photoReps, () -> pr.encodings(grids));
        System.out.printf("photo 512x768 (96 patches), POLYNOMIAL sine: %.0f ms per image (phi %.0f ms)%n", photoMs,
                photoPhi);
    }

    /** Whole decodes of 64 images' random indices with the shipped q2 model, ms per image. */
    private static void packDecodes(int reps) {
        RecombinerModel model = ShippedRecombinerModels.forImage(32, 32, 2).orElseThrow();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        List<byte[]> indices = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            indices.add(RecombinerCodec.randomIndices(model, rnd));
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double single = median(reps, () -> indices.forEach(ix -> RecombinerCodec.decodeIndices(model, ix))) / 64;
        double batchN = median(reps, () -> RecombinerCodec.decodeAllIndices(model, indices, cores)) / 64;
        System.out.printf("whole decode, %s, 64 images: one at a time %.2f ms per image; decodeAllIndices on %d"
                + " threads %.2f ms per image (%.2fx)%n", model.name(), single, cores, batchN, single / batchN);
    }

    private static RecombinerNetwork network(RecombinerArchitecture arch, long seed) {
        SirenArchitecture s = arch.siren();
        double[] flat = new double[(int) RecombinerNetwork.parameterCount(arch)];
        int at = 0;
        for (int l = 0; l < s.layerCount(); l++) {
            int n = s.layerParameterCount(l);
            double[] a = values(seed * 100 + l, n * n, 1.0 / n);
            System.arraycopy(a, 0, flat, at, a.length);
            at += a.length;
        }
        double[] phi = values(seed * 100 + 50, flat.length - at, 1.0 / StrictMath.sqrt(64 * 9));
        System.arraycopy(phi, 0, flat, at, phi.length);
        for (int k = 0; k < flat.length; k++) {
            flat[k] = (float) flat[k]; // float32, as every RecombinerModel stores its network
        }
        return RecombinerNetwork.fromParameters(arch, flat);
    }

    private static double[] values(long seed, int n, double bound) {
        SharedRandomness r = SharedRandomness.fromSeed(seed);
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            out[k] = bound * (2 * r.uniform(0, k) - 1);
        }
        return out;
    }

    /** Median wall time in ms of {@code reps} runs, after as many warm-up runs. */
    private static double median(int reps, Runnable task) {
        for (int i = 0; i < reps; i++) {
            task.run();
        }
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            task.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return t[reps / 2];
    }
}
