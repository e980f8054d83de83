package io.rec4j.core.rec;

import io.rec4j.core.math.SpecialFunctions;
import io.rec4j.core.rec.dist.Distribution1D;
import io.rec4j.core.rec.dist.Normal;

/**
 * Sampling from a 1-D distribution P restricted to an interval (a, b) by inversion,
 * {@code X = F⁻¹(F(a) + U·P((a, b)))}, as split-on-sample GPRS needs (spec §5.5). Decoders replay it, so it uses only
 * {@link StrictMath}/{@link SpecialFunctions}. For a normal P an interval whose lower end lies above the median is
 * handled with survival functions, {@code X = S⁻¹(S(a) − U·P((a, b)))}, so that intervals deep in the upper tail keep
 * full relative precision (the lower tail is precise through the CDF already); this works for modes up to about 37
 * standard deviations from P's mean, beyond which the mass underflows and {@link #mass} returns 0. Other
 * distributions use their CDF and quantile as they are. The result is clamped into [a, b] against rounding.
 */
final class IntervalSampler {
    private IntervalSampler() {
    }

    /** P((a, b)), with a ≤ b possibly infinite. */
    static double mass(Distribution1D p, double a, double b) {
        return StretchFunction.mass(p, a, b);
    }

    /** The point of P restricted to (a, b) at uniform {@code u ∈ (0, 1)}. */
    static double sample(Distribution1D p, double a, double b, double u) {
        double x;
        if (p instanceof Normal n) {
            double za = (a - n.mean()) / n.std();
            double zb = (b - n.mean()) / n.std();
            double z;
            if (za >= 0) {
                double sa = SpecialFunctions.normalSf(za);
                double sb = SpecialFunctions.normalSf(zb);
                z = -SpecialFunctions.normalQuantile(sa - u * (sa - sb));
            } else {
                double fa = SpecialFunctions.normalCdf(za);
                double fb = SpecialFunctions.normalCdf(zb);
                z = SpecialFunctions.normalQuantile(fa + u * (fb - fa));
            }
            x = n.mean() + n.std() * z;
        } else {
            double fa = p.cdf(a);
            double fb = p.cdf(b);
            x = p.quantile(fa + u * (fb - fa));
        }
        return Math.min(Math.max(x, a), b);
    }
}
