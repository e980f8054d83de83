package io.rec4j.nn.fused;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

/**
 * Which inner loops a {@link FusedInrPosterior} runs. Both compute the same β-ELBO gradients; they differ in the order
 * of float additions inside the matrix products (so in the last bits of a step), and in speed.
 */
public enum FusedKernels {
    /**
     * Register-blocked matrix kernels on the incubating Vector API (a {@code VectorChunkWorker}). Needs a JVM started
     * with {@code --add-modules jdk.incubator.vector} (the {@code rec4j} launcher adds it for the commands that
     * train); the JVM then prints a one-line notice that an incubator module is in use.
     */
    VECTOR,
    /** Plain-Java loops that HotSpot auto-vectorises ({@link ChunkWorker}); run on every JVM. */
    SCALAR;

    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String VECTOR_WORKER = "io.rec4j.nn.fused.VectorChunkWorker";

    /** Whether this JVM can run {@link #VECTOR} (the incubator module is in the boot layer). */
    public static boolean vectorAvailable() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /**
     * {@link #VECTOR} where {@linkplain #vectorAvailable() available} and this JVM's vector shapes suit its kernels
     * (float vectors of at most 512 bits), else {@link #SCALAR}.
     */
    public static FusedKernels best() {
        return BEST;
    }

    private static final FusedKernels BEST = vectorAvailable() && vectorShapesFit() ? VECTOR : SCALAR;

    private static boolean vectorShapesFit() {
        try {
            java.lang.reflect.Method m = vectorWorker().getDeclaredMethod("supports", int.class);
            m.setAccessible(true);
            return (Boolean) m.invoke(null, FusedNet.DEFAULT_CHUNK);
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }

    /** The Vector API worker's class (compiled apart, from {@code src/main/java-vector}). */
    private static Class<?> vectorWorker() throws ClassNotFoundException {
        return Class.forName(VECTOR_WORKER);
    }

    /**
     * A worker of this kind over the chunks {@code first, first + stride, …}.
     *
     * @throws IllegalStateException for {@link #VECTOR} on a JVM without the incubator module, or with a chunk
     *                               length that is not a whole number of its pixel blocks
     */
    PassWorker worker(FusedNet net, int first, int stride) {
        if (this == SCALAR) {
            return new ChunkWorker(net, first, stride);
        }
        if (!vectorAvailable()) {
            throw new IllegalStateException("the VECTOR kernels need a JVM started with --add-modules "
                    + VECTOR_MODULE + "; use FusedKernels.SCALAR (or FusedKernels.best()) otherwise");
        }
        try {
            Constructor<?> c = vectorWorker().getDeclaredConstructor(FusedNet.class, int.class, int.class);
            return (PassWorker) c.newInstance(net, first, stride);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw new IllegalStateException("the VECTOR kernels cannot run this layout: " + r.getMessage(), r);
            }
            throw new IllegalStateException("cannot start the VECTOR kernels", e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the VECTOR kernels are missing from this build of rec4j-nn", e);
        }
    }
}
