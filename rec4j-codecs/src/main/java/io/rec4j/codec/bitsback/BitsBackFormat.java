package io.rec4j.codec.bitsback;

import io.rec4j.codec.safetensors.ModelFormatException;
import io.rec4j.core.coding.AnsStack;
import io.rec4j.core.coding.CategoricalModel;
import io.rec4j.core.coding.CorruptStreamException;
import io.rec4j.core.container.ContainerHeader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The header of a {@code BITSBACK_ROTATION} container and the weight models shared by encoder and decoder (layout in
 * {@code docs/container-format.md}, "Bits-back rotation files"). Header fields: {@code config} (the model's
 * {@code config.json}, verbatim), {@code algorithm} (the decoder arithmetic's version), {@code salt} (the whitening
 * keys' seed), {@code weights} (the weight model), {@code tensors} (name, shape and weight-model table of every tensor,
 * in coding order) and {@code sites} (per residual site: plain, or bits-back with its grid bits and correction model).
 * The payload is the ANS stack.
 */
public final class BitsBackFormat {
    /** Every float16 code pushed as 16 raw bits (the paper's "usual array layout" baseline). */
    public static final int WEIGHTS_RAW16 = 0;
    /**
     * Each code's sign and exponent (its top 6 bits) under a per-tensor categorical model, the 10 fraction bits raw:
     * weights are concentrated in a few binades, so this entropy-codes them without touching their values.
     */
    public static final int WEIGHTS_EXPONENT = 1;
    /** Precision of the exponent models' frequencies. */
    public static final int EXPONENT_PRECISION = 16;
    /** Decoder arithmetic: {@link RotationCoder#ALGORITHM_ID} and the eigensolver's id. */
    public static final int ALGORITHM = RotationCoder.ALGORITHM_ID << 8 | io.rec4j.core.math.SymmetricEigen.ALGORITHM_ID;

    private BitsBackFormat() {
    }

    /**
     * One tensor in coding order.
     *
     * @param exponentFrequencies 64 frequencies summing to 2¹⁶ under {@link #WEIGHTS_EXPONENT}, else null
     */
    public record TensorEntry(String name, long[] shape, int[] exponentFrequencies) {
        /** Element count. */
        public long size() {
            long n = 1;
            for (long s : shape) {
                n = Math.multiplyExact(n, s);
            }
            return n;
        }
    }

    /** One site: its header entry if coded bits-back, else null ({@code code}). */
    public record SiteEntry(RotationCoder.SiteCode code) {
    }

    /** The header's content. */
    public record Header(String config, int weights, long salt, List<TensorEntry> tensors, List<SiteEntry> sites) {
        public Header {
            tensors = List.copyOf(tensors);
            sites = List.copyOf(sites);
        }
    }

    /** The whitening key of site {@code s}. */
    public static long siteKey(long salt, int s) {
        return salt + (s + 1L) * 0xD1B54A32D192ED03L;
    }

    /** The container header of {@code h}. */
    public static ContainerHeader toContainer(Header h) {
        try {
            ByteArrayOutputStream t = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(t);
            out.writeInt(h.tensors().size());
            for (TensorEntry e : h.tensors()) {
                byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
                out.writeShort(name.length);
                out.write(name);
                out.writeByte(e.shape().length);
                for (long s : e.shape()) {
                    out.writeInt((int) s);
                }
                if (h.weights() == WEIGHTS_EXPONENT) {
                    for (int f : e.exponentFrequencies()) {
                        out.writeShort(f - 1); // 1 … 2¹⁶ − 63
                    }
                }
            }
            ByteArrayOutputStream s = new ByteArrayOutputStream();
            DataOutputStream so = new DataOutputStream(s);
            so.writeInt(h.sites().size());
            for (SiteEntry e : h.sites()) {
                if (e.code() == null) {
                    so.writeByte(0);
                    continue;
                }
                so.writeByte(e.code().gridBits());
                for (int f : e.code().correctionFrequencies()) {
                    so.writeShort(f - 1);
                }
            }
            return ContainerHeader.builder().putString("config", h.config()).putInt("algorithm", ALGORITHM)
                    .putLong("salt", h.salt()).putInt("weights", h.weights()).putBytes("tensors", t.toByteArray())
                    .putBytes("sites", s.toByteArray()).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a container header; every count and size is checked before anything is allocated for it. */
    public static Header fromContainer(ContainerHeader c) throws ModelFormatException {
        for (String key : new String[] {"config", "algorithm", "salt", "weights", "tensors", "sites"}) {
            if (!c.contains(key)) {
                throw new ModelFormatException("not a bits-back rotation file: header field " + key + " missing");
            }
        }
        try {
            int algorithm = c.getInt("algorithm");
            if (algorithm != ALGORITHM) {
                throw new ModelFormatException("file written with decoder arithmetic version " + (algorithm >>> 8) + "."
                        + (algorithm & 0xFF) + "; this rec4j decodes " + (ALGORITHM >>> 8) + "." + (ALGORITHM & 0xFF));
            }
            int weights = c.getInt("weights");
            if (weights != WEIGHTS_RAW16 && weights != WEIGHTS_EXPONENT) {
                throw new ModelFormatException("unknown weight model " + weights);
            }
            byte[] tb = c.getBytes("tensors");
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(tb));
            int count = in.readInt();
            if (count < 0 || count > tb.length / 4) {
                throw new ModelFormatException("tensor table: bad count " + count);
            }
            List<TensorEntry> tensors = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte[] name = new byte[in.readUnsignedShort()];
                in.readFully(name);
                int rank = in.readUnsignedByte();
                if (rank > 8) {
                    throw new ModelFormatException("tensor table: rank " + rank);
                }
                long[] shape = new long[rank];
                for (int k = 0; k < rank; k++) {
                    shape[k] = in.readInt();
                    if (shape[k] < 1 || shape[k] > TransformerConfig.MAX_DIMENSION) {
                        throw new ModelFormatException("tensor table: dimension " + shape[k]);
                    }
                }
                int[] freq = null;
                if (weights == WEIGHTS_EXPONENT) {
                    freq = new int[64];
                    for (int k = 0; k < 64; k++) {
                        freq[k] = in.readUnsignedShort() + 1;
                    }
                }
                tensors.add(new TensorEntry(new String(name, StandardCharsets.UTF_8), shape, freq));
            }
            if (in.available() != 0) {
                throw new ModelFormatException("tensor table: " + in.available() + " bytes left over");
            }
            byte[] sb = c.getBytes("sites");
            DataInputStream si = new DataInputStream(new ByteArrayInputStream(sb));
            int sites = si.readInt();
            if (sites < 0 || sites > sb.length) {
                throw new ModelFormatException("site table: bad count " + sites);
            }
            List<SiteEntry> entries = new ArrayList<>(sites);
            for (int i = 0; i < sites; i++) {
                int b = si.readUnsignedByte();
                if (b == 0) {
                    entries.add(new SiteEntry(null));
                    continue;
                }
                int[] f = new int[2 * RotationCoder.CORRECTION_RANGE + 2];
                for (int k = 0; k < f.length; k++) {
                    f[k] = si.readUnsignedShort() + 1;
                }
                try {
                    RotationCoder.SiteCode code = new RotationCoder.SiteCode(b, f);
                    code.model();
                    entries.add(new SiteEntry(code));
                } catch (IllegalArgumentException e) {
                    throw new ModelFormatException("site " + i + ": " + e.getMessage());
                }
            }
            if (si.available() != 0) {
                throw new ModelFormatException("site table: " + si.available() + " bytes left over");
            }
            return new Header(c.getString("config"), weights, c.getLong("salt"), tensors, entries);
        } catch (ModelFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFormatException("header tables truncated");
        } catch (RuntimeException e) {
            throw new ModelFormatException("bad header: " + e.getMessage());
        }
    }

    /** The exponent model of a tensor's codes (leaky: every one of the 64 sign-exponent symbols has a frequency). */
    public static CategoricalModel exponentModel(short[] codes) {
        long[] counts = new long[64];
        for (short c : codes) {
            counts[(c & 0xFFFF) >>> 10]++;
        }
        if (codes.length == 0) {
            counts[0] = 1;
        }
        return CategoricalModel.fromCounts(counts, EXPONENT_PRECISION, 0);
    }

    /** The model's frequencies, for the header. */
    public static int[] frequencies(CategoricalModel m) {
        int[] f = new int[64];
        for (int i = 0; i < 64; i++) {
            f[i] = m.frequency(i);
        }
        return f;
    }

    /** Pushes codes so that {@link #pop} returns them in index order; {@code model} null means raw 16 bits. */
    public static void push(AnsStack stack, short[] codes, CategoricalModel model) {
        for (int i = codes.length - 1; i >= 0; i--) {
            int c = codes[i] & 0xFFFF;
            if (model == null) {
                stack.pushRaw(c, 16);
            } else {
                stack.pushRaw(c & 0x3FF, 10);
                stack.push(c >>> 10, model);
            }
        }
    }

    /** Pops {@code n} codes pushed by {@link #push}. */
    public static short[] pop(AnsStack stack, int n, CategoricalModel model) {
        short[] out = new short[n];
        for (int i = 0; i < n; i++) {
            if (model == null) {
                out[i] = (short) stack.popRaw(16);
            } else {
                int e = stack.pop(model);
                out[i] = (short) (e << 10 | stack.popRaw(10));
            }
        }
        return out;
    }

    /** Information content of codes under {@code model} (null: 16 bits each), bits. */
    public static double bits(short[] codes, CategoricalModel model) {
        if (model == null) {
            return 16.0 * codes.length;
        }
        double s = 0;
        for (short c : codes) {
            s += 10 + model.informationBits((c & 0xFFFF) >>> 10);
        }
        return s;
    }

    /** The residual-rows view ({@code d×n}) of a tensor's codes: itself for ROWS, its transpose for COLS. */
    public static short[] view(short[] codes, long[] shape, SiteLayout.Kind kind) {
        if (kind != SiteLayout.Kind.COLS) {
            return codes;
        }
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        short[] t = new short[codes.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = codes[r * cols + c];
            }
        }
        return t;
    }

    static void checkShape(long[] want, long[] got, String name) throws ModelFormatException {
        if (!Arrays.equals(want, got)) {
            throw new ModelFormatException("tensor " + name + ": shape " + Arrays.toString(got) + ", expected "
                    + Arrays.toString(want));
        }
    }

    /** Thrown through to callers as a corrupt stream. */
    static CorruptStreamException corrupt(String message) {
        return new CorruptStreamException(message);
    }
}
