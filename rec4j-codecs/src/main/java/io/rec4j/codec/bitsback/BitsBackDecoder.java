package io.rec4j.codec.bitsback;

import io.rec4j.codec.safetensors.Json;
import io.rec4j.codec.safetensors.ModelFormatException;
import io.rec4j.codec.safetensors.Safetensors;
import io.rec4j.core.coding.AnsStack;
import io.rec4j.core.coding.CategoricalModel;
import io.rec4j.core.coding.CorruptStreamException;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.MethodId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a {@code BITSBACK_ROTATION} file to the rotated float16 model it stores (docs/bitsback.md): sites in reverse
 * coding order, each one's tensors popped, then its rotation recovered from the reference block and the bits the
 * encoder took for it pushed back; finally the site-free tensors. The stack must then be exactly empty: a single bit
 * left over or missing means the file (or the decoder) is wrong, and decoding fails.
 */
public final class BitsBackDecoder {
    private BitsBackDecoder() {
    }

    /**
     * The decoded model: its {@code config.json} text, its float16 tensors in coding order, and which sites were coded
     * bits-back.
     */
    public record Decoded(String config, TransformerConfig model, SiteLayout layout, List<Safetensors.Tensor> tensors,
            List<Boolean> sites) {
        public Decoded {
            tensors = List.copyOf(tensors);
            sites = List.copyOf(sites);
        }
    }

    /** Decodes a file's bytes; {@code progress} (may be null) is told each site as it is done. */
    public static Decoded decode(byte[] file, java.util.function.IntConsumer progress) throws ModelFormatException {
        Container c = Container.parse(file);
        if (!c.methodId().equals(MethodId.BITSBACK_ROTATION)) {
            throw new ModelFormatException("not a bits-back rotation file (method " + c.methodId() + ")");
        }
        BitsBackFormat.Header h = BitsBackFormat.fromContainer(c.header());
        TransformerConfig config = TransformerConfig.of(Json.parseObject(h.config()));
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, BitsBackFormat.TensorEntry> entries = new HashMap<>();
        long elements = 0;
        for (BitsBackFormat.TensorEntry e : h.tensors()) {
            if (shapes.put(e.name(), e.shape()) != null) {
                throw new ModelFormatException("tensor " + e.name() + " listed twice");
            }
            entries.put(e.name(), e);
            elements += e.size();
        }
        // every element costs at least 10 bits (its fraction is raw): a header claiming more is refused before any
        // allocation
        long payloadBits = 8L * c.payloadLength();
        if (elements > payloadBits / 10 + 64) {
            throw new CorruptStreamException("header lists " + elements + " weights, the stream holds at most "
                    + payloadBits / 10);
        }
        SiteLayout layout = SiteLayout.of(config, shapes);
        if (!layout.tensors().equals(h.tensors().stream().map(BitsBackFormat.TensorEntry::name).toList())) {
            throw new ModelFormatException("tensor table is not in coding order");
        }
        if (layout.sites().size() != h.sites().size()) {
            throw new ModelFormatException("header has " + h.sites().size() + " sites, the model " + layout.sites().size());
        }
        AnsStack stack = AnsStack.fromBytes(c.payload());
        Map<String, short[]> codes = new HashMap<>();
        for (int s = layout.sites().size() - 1; s >= 0; s--) {
            SiteLayout.Site site = layout.sites().get(s);
            List<SiteLayout.Block> blocks = site.blocks();
            for (int i = blocks.size() - 1; i >= 0; i--) {
                String name = blocks.get(i).tensor();
                codes.put(name, pop(stack, entries.get(name), h.weights()));
            }
            SiteLayout.Block ref = site.reference();
            BitsBackFormat.TensorEntry re = entries.get(ref.tensor());
            short[] refCodes = pop(stack, re, h.weights());
            codes.put(ref.tensor(), refCodes);
            RotationCoder.SiteCode code = h.sites().get(s).code();
            if (code != null) {
                int d = site.width();
                int n = (int) (re.size() / d);
                try {
                    RotationCoder.decode(stack, BitsBackFormat.view(refCodes, re.shape(), ref.kind()), d, n, code,
                            BitsBackFormat.siteKey(h.salt(), s));
                } catch (IllegalArgumentException e) { // a site no encoder codes bits-back (width 1, n < d)
                    throw new ModelFormatException("site " + site.name() + ": " + e.getMessage());
                }
            }
            if (progress != null) {
                progress.accept(layout.sites().size() - s);
            }
        }
        List<String> free = layout.siteFree();
        for (int i = free.size() - 1; i >= 0; i--) {
            codes.put(free.get(i), pop(stack, entries.get(free.get(i)), h.weights()));
        }
        if (!stack.isEmpty()) {
            throw new CorruptStreamException("the ANS stack is not empty after the last tensor (" + stack.bitLength()
                    + " bits left): damaged file or decoder mismatch");
        }
        List<Safetensors.Tensor> tensors = new ArrayList<>();
        for (BitsBackFormat.TensorEntry e : h.tensors()) {
            tensors.add(Safetensors.Tensor.ofFloat16(e.name(), e.shape(), codes.get(e.name())));
        }
        return new Decoded(h.config(), config, layout, tensors,
                h.sites().stream().map(e -> e.code() != null).toList());
    }

    private static short[] pop(AnsStack stack, BitsBackFormat.TensorEntry e, int weights) throws ModelFormatException {
        CategoricalModel model = null;
        if (weights == BitsBackFormat.WEIGHTS_EXPONENT) {
            try {
                model = CategoricalModel.fromFrequencies(e.exponentFrequencies(), BitsBackFormat.EXPONENT_PRECISION, 0);
            } catch (IllegalArgumentException ex) {
                throw new ModelFormatException("tensor " + e.name() + ": bad weight model: " + ex.getMessage());
            }
        }
        return BitsBackFormat.pop(stack, (int) e.size(), model);
    }
}
