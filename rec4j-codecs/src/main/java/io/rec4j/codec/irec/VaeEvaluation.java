package io.rec4j.codec.irec;

import java.util.SplittableRandom;

/**
 * Rates of a {@link VaeNetwork} that training and benchmarks report: the KL of each latent's posterior from the
 * prior, and the negative ELBO, the rate an ideal REC code of the latent plus an ideal entropy coder of the pixels
 * would reach (Flamich et al., NeurIPS 2020, arXiv 2010.01185, §3: iREC's target rate).
 */
public final class VaeEvaluation {
    private static final double LN2 = StrictMath.log(2);

    private VaeEvaluation() {
    }

    /** KL[N(μ, σ²) ‖ N(0, 1)] in nats. */
    public static double klNats(double mean, double std) {
        return -StrictMath.log(std) + 0.5 * (std * std + mean * mean) - 0.5;
    }

    /** KL of a whole posterior from the prior, bits. */
    public static double klBits(VaeNetwork.Posterior q) {
        double s = 0;
        for (int d = 0; d < q.mean().length; d++) {
            s += klNats(q.mean()[d], q.std()[d]);
        }
        return s / LN2;
    }

    /** The mean over {@code images} of each latent's KL, bits. */
    public static double[] meanKlBits(VaeNetwork net, int[][] images) {
        int l = net.model().arch().latents();
        double[] sum = new double[l];
        for (int[] im : images) {
            VaeNetwork.Posterior q = net.encode(im);
            for (int d = 0; d < l; d++) {
                sum[d] += klNats(q.mean()[d], q.std()[d]) / LN2;
            }
        }
        for (int d = 0; d < l; d++) {
            sum[d] /= Math.max(1, images.length);
        }
        return sum;
    }

    /**
     * The negative ELBO of one image in bits: its KL plus {@code −log₂ p(x|z)} averaged over {@code samples}
     * posterior samples.
     */
    public static double negativeElboBits(VaeNetwork net, int[] image, int samples, SplittableRandom random) {
        VaeNetwork.Posterior q = net.encode(image);
        double nll = 0;
        double[] z = new double[q.mean().length];
        for (int s = 0; s < samples; s++) {
            for (int d = 0; d < z.length; d++) {
                z[d] = q.mean()[d] + q.std()[d] * random.nextGaussian();
            }
            nll += IrecCodec.pixelInformationBits(net.decode(z), image);
        }
        return klBits(q) + nll / samples;
    }

    /** The mean negative ELBO over {@code images}, bits per dimension. */
    public static double negativeElboBpd(VaeNetwork net, int[][] images, int samples, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double s = 0;
        for (int[] im : images) {
            s += negativeElboBits(net, im, samples, r);
        }
        return s / images.length / VaeArchitecture.PIXELS;
    }

    /** The grey levels of image {@code i} of a set read by {@link io.rec4j.codec.image.Mnist}. */
    public static int[] levels(io.rec4j.codec.image.Mnist.Set set, int i) {
        int[] out = new int[VaeArchitecture.PIXELS];
        float[] p = set.pixels();
        for (int j = 0; j < out.length; j++) {
            out[j] = Math.round(p[i * VaeArchitecture.PIXELS + j] * 255f);
        }
        return out;
    }

    /** Every image of a set as grey levels. */
    public static int[][] levels(io.rec4j.codec.image.Mnist.Set set) {
        int[][] out = new int[set.count()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = levels(set, i);
        }
        return out;
    }
}
