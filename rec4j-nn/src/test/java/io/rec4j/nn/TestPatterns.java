package io.rec4j.nn;

/** Synthetic training targets shared by the engine tests. */
public final class TestPatterns {
    private TestPatterns() {
    }

    /** A smooth size×size RGB pattern in [0.1, 0.9]. */
    public static float[][][] pattern(int size) {
        float[][][] img = new float[size][size][3];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double u = (double) x / size, v = (double) y / size;
                img[y][x][0] = (float) (0.5 + 0.4 * Math.sin(2 * Math.PI * u));
                img[y][x][1] = (float) (0.5 + 0.4 * Math.cos(2 * Math.PI * (u + v)));
                img[y][x][2] = (float) (0.1 + 0.8 * u * v);
            }
        }
        return img;
    }
}
