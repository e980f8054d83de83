package io.rec4j.codec.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SyntheticSceneTest {
    /** SHA-256 of the 128×64 scene (the demo's input), pinned when the generator was written. */
    static final String GOLDEN_128X64 = "f40ee1c175411330d9a6b12fcda600b5243f6050fac7e036f3b46433bfc7ef18";

    @Test
    void pinnedAndRepeatable() {
        RgbImage a = SyntheticScene.generate(128, 64);
        assertEquals(GOLDEN_128X64, a.sha256());
        assertEquals(a, SyntheticScene.generate(128, 64));
        assertEquals(128, a.width());
        assertEquals(64, a.height());
    }

    @Test
    void hasSkyHouseAndTexturedGround() {
        RgbImage s = SyntheticScene.generate(200, 100);
        // sky at the top left is blue
        assertTrue(s.get(5, 2, 2) > s.get(5, 2, 0) + 60);
        // roof is red, wall is near white (sharp edges: neighbours across the wall's left edge differ a lot)
        assertTrue(s.get(52, 54, 0) > 150 && s.get(52, 54, 1) < 80);
        assertTrue(s.get(40, 62, 0) > 200 && s.get(40, 62, 2) > 190);
        assertTrue(Math.abs(s.get(37, 62, 0) - s.get(35, 62, 0)) > 100);
        // ground is green and textured: neighbouring pixels differ
        int diff = 0;
        for (int x = 100; x < 190; x++) {
            diff += Math.abs(s.get(x, 95, 1) - s.get(x + 1, 95, 1));
        }
        assertTrue(s.get(150, 95, 1) > s.get(150, 95, 2) + 40);
        assertTrue(diff > 90 * 3, "ground texture " + diff);
    }

    @Test
    void rejectsEmptySizes() {
        assertThrows(IllegalArgumentException.class, () -> SyntheticScene.generate(0, 5));
    }
}
