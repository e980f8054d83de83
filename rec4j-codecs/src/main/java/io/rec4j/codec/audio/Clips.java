package io.rec4j.codec.audio;

import java.util.ArrayList;
import java.util.List;

/** Fixed-length clips cut from recordings, for training and evaluating audio models. */
public final class Clips {
    private Clips() {
    }

    /**
     * Up to {@code max} whole clips of {@code length} samples in [0, 1] ({@link Wav#unitSamples}) from
     * {@code recordings}, each resampled to {@code rate}, taken round robin (the first clip of every recording, then
     * the second, …) so that a short set still spans every recording; a remainder shorter than a clip is dropped.
     */
    public static List<float[]> roundRobin(List<Wav> recordings, int rate, int length, int max) {
        if (length < 1) {
            throw new IllegalArgumentException("clip length must be positive, was " + length);
        }
        List<float[]> units = new ArrayList<>();
        for (Wav w : recordings) {
            units.add(Resampler.resample(w, rate).unitSamples());
        }
        List<float[]> out = new ArrayList<>();
        for (int k = 0; out.size() < max; k++) {
            boolean any = false;
            for (float[] unit : units) {
                if ((long) (k + 1) * length <= unit.length && out.size() < max) {
                    float[] clip = new float[length];
                    System.arraycopy(unit, k * length, clip, 0, length);
                    out.add(clip);
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return out;
    }
}
