package io.rec4j.codec.miracle;

import io.rec4j.codec.safetensors.Safetensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A decoded MIRACLE network as a safetensors file: float32 tensors named and shaped as PyTorch's {@code state_dict} of
 * the same architecture ({@link MiracleArchitecture}), so that numpy, PyTorch and JAX read it with the
 * {@code safetensors} package.
 */
public final class MiracleExport {
    private MiracleExport() {
    }

    /** The file's bytes; {@code metadata} goes to {@code "__metadata__"} (may be empty). */
    public static byte[] safetensors(MiracleNetwork network, Map<String, String> metadata) {
        MiracleArchitecture arch = network.architecture();
        List<Safetensors.Tensor> tensors = new ArrayList<>();
        for (int t = 0; t < arch.tensors().size(); t++) {
            MiracleArchitecture.Tensor tensor = arch.tensors().get(t);
            long[] shape = new long[tensor.shape().length];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = tensor.shape()[d];
            }
            tensors.add(Safetensors.Tensor.ofFloat32(tensor.name(), shape, network.tensor(t)));
        }
        return Safetensors.toBytes(tensors, metadata);
    }
}
