package io.rec4j.codec.miracle;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes float32 tensors in the safetensors format (Hugging Face, {@code huggingface/safetensors}, format as of
 * version 0.4): an unsigned 64-bit little-endian length {@code N}, then {@code N} bytes of UTF-8 JSON mapping each
 * tensor name to {@code {"dtype":"F32","shape":[…],"data_offsets":[begin,end]}} (offsets into the data that follows,
 * tensors back to back in the order given) and an optional {@code "__metadata__"} object of strings, padded with
 * spaces to a multiple of 8 bytes; then the data, little-endian. numpy, PyTorch and JAX read it with the
 * {@code safetensors} package.
 */
public final class Safetensors {
    private Safetensors() {
    }

    /**
     * The file of the tensors of {@code network}, named and shaped as PyTorch's {@code state_dict} of the same
     * architecture ({@link MiracleArchitecture}).
     *
     * @param metadata strings for {@code "__metadata__"} (may be empty)
     */
    public static byte[] of(MiracleNetwork network, Map<String, String> metadata) {
        MiracleArchitecture arch = network.architecture();
        StringBuilder json = new StringBuilder("{");
        long offset = 0;
        if (!metadata.isEmpty()) {
            json.append("\"__metadata__\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                json.append(first ? "" : ",").append(quote(e.getKey())).append(':').append(quote(e.getValue()));
                first = false;
            }
            json.append("},");
        }
        for (int t = 0; t < arch.tensors().size(); t++) {
            MiracleArchitecture.Tensor tensor = arch.tensors().get(t);
            long end = offset + 4L * tensor.size();
            json.append(t == 0 ? "" : ",").append(quote(tensor.name())).append(":{\"dtype\":\"F32\",\"shape\":[");
            for (int d = 0; d < tensor.shape().length; d++) {
                json.append(d == 0 ? "" : ",").append(tensor.shape()[d]);
            }
            json.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        json.append('}');
        byte[] head = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (head.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(head);
        for (int i = head.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (int t = 0; t < arch.tensors().size(); t++) {
            for (float v : network.tensor(t)) {
                out.putFloat(v);
            }
        }
        return out.array();
    }

    /** A JSON string literal. */
    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
