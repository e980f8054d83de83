package io.rec4j.core.container;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The method id of a container (an unsigned 16-bit number): which coding method wrote the payload and therefore how
 * the header fields and payload are to be interpreted.
 *
 * <p>A small value class rather than an enum, so that ids this build does not know still parse:
 * {@link #of(int)} returns a known constant when there is one and an "unknown" instance otherwise, and {@link #id()}
 * always gives the raw number (so that {@code rec4j info} can report it). Two instances are equal when their ids are
 * equal.
 *
 * <p>To add a method, add a constant here with a new, never reused id and list it in {@link #knownValues()} (the
 * static initialiser does this from the constants). Ids are part of the file format: never renumber one.
 */
public final class MethodId implements Comparable<MethodId> {

    /** Smallest valid id. */
    public static final int MIN_ID = 0;
    /** Largest valid id (u16). */
    public static final int MAX_ID = 0xFFFF;

    /** Raw bytes in the payload, for tests and format checks. */
    public static final MethodId RAW_TEST = new MethodId(0, "RAW_TEST");
    /** Demo: relative entropy coding of a diagonal Gaussian posterior. */
    public static final MethodId REC_GAUSSIAN = new MethodId(1, "REC_GAUSSIAN");
    /** COMBINER (implicit neural representation codec). */
    public static final MethodId COMBINER = new MethodId(2, "COMBINER");
    /** RECOMBINER. */
    public static final MethodId RECOMBINER = new MethodId(3, "RECOMBINER");
    /** MIRACLE (minimal random code learning). */
    public static final MethodId MIRACLE = new MethodId(4, "MIRACLE");
    /** Index/importance-based REC (IREC). */
    public static final MethodId IREC = new MethodId(5, "IREC");
    /** Bits-back coding with rotations. */
    public static final MethodId BITSBACK_ROTATION = new MethodId(6, "BITSBACK_ROTATION");
    /**
     * COMBINER, bitstream revision 2: the same payload as {@link #COMBINER}, decoded with rec4j's reproducible
     * polynomial sine instead of {@code StrictMath.sin} in the network's hidden layers.
     */
    public static final MethodId COMBINER_R2 = new MethodId(7, "COMBINER_R2");
    /**
     * COMBINER, bitstream revision 3: the payload of {@link #COMBINER}, with the shared candidates drawn by the
     * ziggurat generator ({@link io.rec4j.core.random.NormalGenerator#ZIGGURAT}) and the polynomial sine of
     * revision 2.
     */
    public static final MethodId COMBINER_R3 = new MethodId(8, "COMBINER_R3");
    /**
     * Several COMBINER images of one model in one file ("packed"): one model id, the image sizes and names once, then
     * the images' block indices back to back (layout in {@code docs/container-format.md}).
     */
    public static final MethodId COMBINER_PACK = new MethodId(9, "COMBINER_PACK");
    /**
     * COMBINER, bitstream revision 4: the candidates and sine of {@link #COMBINER_R3}, with overlapping tiles (each
     * tile's network rendered over a margin and blended with its neighbours by a fixed window; the margin is a
     * payload field).
     */
    public static final MethodId COMBINER_R4 = new MethodId(10, "COMBINER_R4");
    /**
     * Several RECOMBINER images of one model in one file ("packed"): one model id, the image count and names once,
     * then every image's block indices back to back, {@code κ·K} bits each (layout in
     * {@code docs/container-format.md}, "Packed RECOMBINER files").
     */
    public static final MethodId RECOMBINER_PACK = new MethodId(11, "RECOMBINER_PACK");
    /**
     * RECOMBINER audio: a mono PCM recording cut into clips of the model's length, every clip's block indices back to
     * back after the model id, sample rate and sample count (layout in {@code docs/container-format.md},
     * "RECOMBINER audio").
     */
    public static final MethodId RECOMBINER_AUDIO = new MethodId(12, "RECOMBINER_AUDIO");
    /**
     * Several iREC images of one VAE in one file ("packed"): the model id, the coding mode and the image names once,
     * then one stream for all images (layout in {@code docs/irec.md}, "File format").
     */
    public static final MethodId IREC_PACK = new MethodId(13, "IREC_PACK");
    /** A model file (shared model parameters rather than a coded message). */
    public static final MethodId MODEL_FILE = new MethodId(100, "MODEL_FILE");

    private static final Map<Integer, MethodId> KNOWN;

    static {
        Map<Integer, MethodId> m = new TreeMap<>();
        for (MethodId id : new MethodId[] {RAW_TEST, REC_GAUSSIAN, COMBINER, RECOMBINER, MIRACLE, IREC,
                BITSBACK_ROTATION, COMBINER_R2, COMBINER_R3, COMBINER_PACK, COMBINER_R4, RECOMBINER_PACK, RECOMBINER_AUDIO,
                IREC_PACK, MODEL_FILE}) {
            if (m.put(id.id, id) != null) {
                throw new ExceptionInInitializerError("duplicate method id " + id.id);
            }
        }
        KNOWN = Collections.unmodifiableMap(m);
    }

    private final int id;
    private final String name; // null for unknown ids

    private MethodId(int id, String name) {
        this.id = id;
        this.name = name;
    }

    /**
     * The method id with the given raw value: the known constant, or an unknown-method instance.
     *
     * @throws IllegalArgumentException if {@code id} is outside {@code [0, 65535]}
     */
    public static MethodId of(int id) {
        if (id < MIN_ID || id > MAX_ID) {
            throw new IllegalArgumentException("method id must be in [0, 65535], got " + id);
        }
        MethodId known = KNOWN.get(id);
        return known != null ? known : new MethodId(id, null);
    }

    /** The known method with this name (as returned by {@link #name()}), if any. */
    public static Optional<MethodId> byName(String name) {
        for (MethodId m : KNOWN.values()) {
            if (m.name.equals(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** All method ids this build knows, in increasing id order. */
    public static List<MethodId> knownValues() {
        return List.copyOf(KNOWN.values());
    }

    /** The raw id, in {@code [0, 65535]}. */
    public int id() {
        return id;
    }

    /** Whether this build knows the method. */
    public boolean isKnown() {
        return name != null;
    }

    /** The method's symbolic name, or {@code "UNKNOWN"} for an id this build does not know. */
    public String name() {
        return name != null ? name : "UNKNOWN";
    }

    @Override
    public int compareTo(MethodId other) {
        return Integer.compare(id, other.id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MethodId && ((MethodId) o).id == id;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(id);
    }

    /** For example {@code "REC_GAUSSIAN(1)"} or {@code "UNKNOWN(4711)"}. */
    @Override
    public String toString() {
        return name() + "(" + id + ")";
    }
}
