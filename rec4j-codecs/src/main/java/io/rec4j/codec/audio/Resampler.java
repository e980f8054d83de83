package io.rec4j.codec.audio;

/**
 * Band-limited resampling of mono PCM audio: a Hann-windowed sinc interpolator with 32 zero crossings per side,
 * cut off at 0.95 × the lower Nyquist frequency, evaluated with {@code StrictMath} so that every JVM gives the
 * same samples. Used where a recording's rate differs from the rate a model was trained at.
 */
public final class Resampler {
    /** Zero crossings of the sinc on each side. */
    static final int HALF_WIDTH = 32;

    private Resampler() {
    }

    /** {@code in} resampled to {@code rate} samples per second; {@code in} itself when the rates agree. */
    public static Wav resample(Wav in, int rate) {
        if (rate == in.sampleRate()) {
            return in;
        }
        if (rate < 1 || rate > Wav.MAX_RATE) {
            throw new IllegalArgumentException("sample rate must be 1.." + Wav.MAX_RATE + ", was " + rate);
        }
        short[] x = in.samples();
        double ratio = rate / (double) in.sampleRate();
        long n = (long) Math.floor(x.length * ratio);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("resampled audio too long: " + n + " samples");
        }
        double cutoff = 0.95 * Math.min(1, ratio); // of the input's Nyquist frequency
        double reach = HALF_WIDTH / cutoff; // input samples on each side
        short[] out = new short[(int) n];
        for (int i = 0; i < out.length; i++) {
            double t = i / ratio;
            int lo = (int) Math.ceil(t - reach);
            int hi = (int) Math.floor(t + reach);
            double sum = 0;
            for (int k = Math.max(0, lo); k <= Math.min(x.length - 1, hi); k++) {
                double d = k - t;
                double arg = Math.PI * cutoff * d;
                double sinc = d == 0 ? 1 : StrictMath.sin(arg) / arg;
                double window = 0.5 + 0.5 * StrictMath.cos(Math.PI * d / reach);
                sum += x[k] * cutoff * sinc * window;
            }
            out[i] = (short) Math.max(-32768, Math.min(32767, Math.round(sum)));
        }
        return new Wav(rate, out);
    }
}
