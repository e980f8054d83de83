package io.rec4j.nn.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

/** Arrays a trainer keeps on the engine for its whole life: native-owned copies, out of every {@link NDScope}. */
public final class NativeArrays {
    private NativeArrays() {
    }

    /**
     * A native-owned copy of {@code values}: DJL's {@code create} wraps a direct Java buffer that the tensor does not
     * own, and autograd keeps tensors alive beyond the Java wrapper's reach.
     */
    public static NDArray owned(NDManager manager, float[] values, Shape shape) {
        NDArray wrapped = manager.create(values, shape);
        NDArray copy = wrapped.duplicate();
        wrapped.close();
        return copy;
    }

    /** {@code a}, taken out of the enclosing {@link NDScope} (its manager closes it). */
    public static NDArray keep(NDArray a) {
        NDScope.unregister(a);
        return a;
    }

    /** A kept, native-owned array that autograd differentiates. */
    public static NDArray leaf(NDArray owned) {
        NDArray a = keep(owned);
        a.setRequiresGradient(true);
        return a;
    }
}
