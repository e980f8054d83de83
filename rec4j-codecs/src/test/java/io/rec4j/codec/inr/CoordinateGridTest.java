package io.rec4j.codec.inr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Pixel-centre grids ({@code docs/combiner.md}, "Coordinates and Fourier features"). */
class CoordinateGridTest {
    /** −1 + 2(i + ½)/s is two rounded operations on values ≤ 2: within two ulps of 1 of the exact centre. */
    private static final double TWO_ULPS = 2 * Math.ulp(1.0);

    @Test
    void twoByThreeImage() {
        double third = 2.0 / 3;
        double[] expected = {
            -0.5, -third, -0.5, 0.0, -0.5, third,
            0.5, -third, 0.5, 0.0, 0.5, third};
        assertArrayEquals(expected, CoordinateGrid.image(2, 3), TWO_ULPS);
        // exactly representable centres are exact
        double[] g = CoordinateGrid.image(2, 3);
        assertEquals(-0.5, g[0]);
        assertEquals(0.0, g[3]);
        assertEquals(0.5, g[6]);
    }

    @Test
    void axisValues() {
        assertArrayEquals(new double[] {0.0}, CoordinateGrid.axis(1));
        assertArrayEquals(new double[] {-0.75, -0.25, 0.25, 0.75}, CoordinateGrid.axis(4));
        double[] a = CoordinateGrid.axis(7);
        for (double v : a) {
            assertEquals(true, v > -1 && v < 1);
        }
    }

    @Test
    void threeAxesAreRowMajor() {
        double[] g = CoordinateGrid.grid(2, 1, 3);
        assertEquals(18, g.length);
        // point 5 = index (1, 0, 2)
        assertArrayEquals(new double[] {0.5, 0.0, 2.0 / 3}, new double[] {g[15], g[16], g[17]}, TWO_ULPS);
        // point 1 = index (0, 0, 1)
        assertArrayEquals(new double[] {-0.5, 0.0, 0.0}, new double[] {g[3], g[4], g[5]});
    }

    @Test
    void rejectsEmptyAxes() {
        assertThrows(IllegalArgumentException.class, () -> CoordinateGrid.image(0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> CoordinateGrid.axis(3, 3));
    }
}
