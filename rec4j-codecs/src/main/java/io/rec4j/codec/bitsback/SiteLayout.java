package io.rec4j.codec.bitsback;

import io.rec4j.codec.safetensors.ModelFormatException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The residual sites of a SliceGPT-sliced decoder-only transformer and the tensors each one's rotation acts on
 * (SliceGPT: Ashkboos et al., ICLR 2024, arXiv 2401.15024, §3; docs/bitsback.md, "Sites").
 *
 * <p>Sites, in coding order: {@code E} (after the embeddings), then per layer {@code A_ℓ} (between attention and MLP)
 * and {@code M_ℓ} (after the MLP): {@code 2L+1}. A rotation {@code G} of a site maps every tensor touching it to
 * {@code R·V} in its residual-rows view {@code V} ({@code R = Gᵀ}): a producer's weight {@code [d, n]} and bias are
 * their own view ({@link Kind#ROWS}); a consumer's weight {@code [n, d]} and an embedding are viewed transposed
 * ({@link Kind#COLS}); a shortcut {@code S [d_in, d_out]} becomes {@code R_in·S·R_outᵀ} ({@link Kind#SHORTCUT}).
 * Each site's reference block, from which the decoder recovers the rotation, touches that site alone: the token
 * embedding for {@code E}, {@code fc1}/{@code up_proj} for {@code A_ℓ}, {@code fc2}/{@code down_proj} for {@code M_ℓ}.
 * A block is coded at the last site it touches. The biases of the query, key, value and {@code fc1} projections live
 * in head or MLP space, and the head's bias (if the final norm's bias was folded into it) in vocabulary space: they
 * touch no site.
 */
public record SiteLayout(TransformerConfig config, List<Site> sites, List<String> siteFree) {
    /** How a tensor sees its site(s). */
    public enum Kind {
        /** Residual axis first: {@code V = T}, a bias is a {@code d×1} column. */
        ROWS,
        /** Residual axis last: {@code V = Tᵀ}. */
        COLS,
        /** A shortcut {@code [d_in, d_out]} between two sites: {@code T → R_in·T·R_outᵀ}. */
        SHORTCUT
    }

    /** One tensor's place: its site (the input site for a shortcut) and, for a shortcut, its output site. */
    public record Block(String tensor, Kind kind, int site, int outSite) {
        /** The site this block is coded at (the later one for a shortcut). */
        public int codedAt() {
            return kind == Kind.SHORTCUT ? outSite : site;
        }
    }

    /**
     * A site: name, width, reference block and the other blocks coded there (in coding order).
     */
    public record Site(String name, int width, Block reference, List<Block> blocks) {
        public Site {
            blocks = List.copyOf(blocks);
        }
    }

    public SiteLayout {
        sites = List.copyOf(sites);
        siteFree = List.copyOf(siteFree);
    }

    /**
     * The layout of a model's tensors ({@code shapes}: name → shape). Every tensor must have its place: a norm weight
     * left in (the model is not SliceGPT-folded), a missing or unexpected tensor, or widths that disagree between the
     * tensors of one site are {@link ModelFormatException}s.
     */
    public static SiteLayout of(TransformerConfig c, Map<String, long[]> shapes) throws ModelFormatException {
        Map<String, long[]> left = new LinkedHashMap<>(shapes);
        for (String name : shapes.keySet()) {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("layer_norm") || lower.contains("layernorm") || lower.endsWith("model.norm.weight")
                    || lower.endsWith("final_layer_norm.weight")) {
                throw new ModelFormatException("tensor " + name + ": a norm with weights; this codec needs a SliceGPT"
                        + " model (norms folded into the adjacent weights, RMSNorm without weights)");
            }
        }
        boolean opt = c.family() == TransformerConfig.Family.OPT;
        Builder b = new Builder(left);
        // site E
        String embed = c.tokenEmbedding();
        int widthE = (int) b.shape(embed, 2)[1];
        check(b.shape(embed, 2)[0] == c.vocab(), embed + ": expected " + c.vocab() + " rows (vocab_size)");
        b.site("E", widthE, new Block(embed, Kind.COLS, 0, -1));
        if (opt) {
            String pos = "model.decoder.embed_positions.weight";
            long[] p = b.shape(pos, 2);
            check(p[1] == widthE, pos + ": width " + p[1] + ", the token embedding's " + widthE);
            b.block(new Block(pos, Kind.COLS, 0, -1));
        }
        int in = 0;
        for (int l = 0; l < c.layers(); l++) {
            String p = c.layer(l);
            int widthIn = b.width(in);
            for (String proj : new String[] {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj"}) {
                long[] s = b.shape(p + proj + ".weight", 2);
                check(s[1] == widthIn, p + proj + ".weight: " + s[1] + " inputs, its site has width " + widthIn);
                b.block(new Block(p + proj + ".weight", Kind.COLS, in, -1));
                if (opt) {
                    b.shape(p + proj + ".bias", 1);
                    b.free(p + proj + ".bias");
                }
            }
            // site A_l
            String out = p + (opt ? "self_attn.out_proj" : "self_attn.o_proj");
            int widthA = (int) b.shape(out + ".weight", 2)[0];
            String up = p + (opt ? "fc1" : "mlp.up_proj");
            long[] upShape = b.shape(up + ".weight", 2);
            check(upShape[1] == widthA, up + ".weight: " + upShape[1] + " inputs, its site has width " + widthA);
            int a = b.site("A" + l, widthA, new Block(up + ".weight", Kind.COLS, -1, -1));
            b.block(new Block(out + ".weight", Kind.ROWS, a, -1));
            if (opt) {
                check(b.shape(out + ".bias", 1)[0] == widthA, out + ".bias: width differs from " + widthA);
                b.block(new Block(out + ".bias", Kind.ROWS, a, -1));
                b.shape(up + ".bias", 1);
                b.free(up + ".bias");
            } else {
                String gate = p + "mlp.gate_proj.weight";
                check(b.shape(gate, 2)[1] == widthA, gate + ": inputs differ from " + widthA);
                b.block(new Block(gate, Kind.COLS, a, -1));
            }
            String attnShortcut = p + "attn_shortcut_Q";
            long[] sa = b.shape(attnShortcut, 2);
            check(sa[0] == widthIn && sa[1] == widthA, attnShortcut + ": shape [" + sa[0] + ", " + sa[1] + "], expected ["
                    + widthIn + ", " + widthA + "]");
            b.block(new Block(attnShortcut, Kind.SHORTCUT, in, a));
            // site M_l
            String down = p + (opt ? "fc2" : "mlp.down_proj");
            long[] downShape = b.shape(down + ".weight", 2);
            check(downShape[1] == upShape[0], down + ".weight: " + downShape[1] + " inputs, " + up + " has "
                    + upShape[0] + " outputs");
            int widthM = (int) downShape[0];
            int m = b.site("M" + l, widthM, new Block(down + ".weight", Kind.ROWS, -1, -1));
            if (opt) {
                check(b.shape(down + ".bias", 1)[0] == widthM, down + ".bias: width differs from " + widthM);
                b.block(new Block(down + ".bias", Kind.ROWS, m, -1));
            }
            String mlpShortcut = p + "mlp_shortcut_Q";
            long[] sm = b.shape(mlpShortcut, 2);
            check(sm[0] == widthA && sm[1] == widthM, mlpShortcut + ": shape [" + sm[0] + ", " + sm[1] + "], expected ["
                    + widthA + ", " + widthM + "]");
            b.block(new Block(mlpShortcut, Kind.SHORTCUT, a, m));
            in = m;
        }
        long[] head = b.shape("lm_head.weight", 2);
        check(head[1] == b.width(in) && head[0] == c.vocab(), "lm_head.weight: shape [" + head[0] + ", " + head[1]
                + "], expected [" + c.vocab() + ", " + b.width(in) + "]");
        b.block(new Block("lm_head.weight", Kind.COLS, in, -1));
        if (left.containsKey("lm_head.bias")) { // added when a final norm's bias is folded into the head
            check(b.shape("lm_head.bias", 1)[0] == c.vocab(), "lm_head.bias: expected " + c.vocab() + " values");
            b.free("lm_head.bias");
        }
        if (!left.isEmpty()) {
            throw new ModelFormatException("unexpected tensor " + left.keySet().iterator().next()
                    + " (not part of a SliceGPT " + c.family().name().toLowerCase(java.util.Locale.ROOT) + " model)");
        }
        return new SiteLayout(c, b.build(), b.free);
    }

    private static void check(boolean ok, String message) throws ModelFormatException {
        if (!ok) {
            throw new ModelFormatException(message);
        }
    }

    /** Every tensor name in the layout, site-free first, then by site in coding order. */
    public List<String> tensors() {
        List<String> out = new ArrayList<>(siteFree);
        for (Site s : sites) {
            out.add(s.reference().tensor());
            for (Block b : s.blocks()) {
                out.add(b.tensor());
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Collects sites and places blocks at the site they complete at. */
    private static final class Builder {
        private final Map<String, long[]> left;
        private final List<String> names = new ArrayList<>();
        private final List<Integer> widths = new ArrayList<>();
        private final List<Block> references = new ArrayList<>();
        private final List<List<Block>> blocks = new ArrayList<>();
        private final List<String> free = new ArrayList<>();
        private final Set<String> used = new HashSet<>();

        Builder(Map<String, long[]> left) {
            this.left = left;
        }

        long[] shape(String name, int rank) throws ModelFormatException {
            long[] s = left.get(name);
            if (s == null) {
                throw new ModelFormatException(used.contains(name) ? "tensor " + name + " used twice"
                        : "missing tensor " + name);
            }
            if (s.length != rank) {
                throw new ModelFormatException("tensor " + name + ": " + s.length + " dimensions, expected " + rank);
            }
            for (long d : s) {
                if (d < 1 || d > TransformerConfig.MAX_DIMENSION) {
                    throw new ModelFormatException("tensor " + name + ": dimension " + d + " out of range");
                }
            }
            return s;
        }

        int site(String name, int width, Block reference) throws ModelFormatException {
            check(width >= 1, "site " + name + " has no width");
            int index = names.size();
            names.add(name);
            widths.add(width);
            Block ref = new Block(reference.tensor(), reference.kind(), index, -1);
            check(shape(ref.tensor(), 2)[ref.kind() == Kind.ROWS ? 1 : 0] >= width, "reference block " + ref.tensor()
                    + " of site " + name + " has fewer columns than the site's width " + width);
            take(ref.tensor());
            references.add(ref);
            blocks.add(new ArrayList<>());
            return index;
        }

        int width(int site) {
            return widths.get(site);
        }

        void block(Block b) {
            take(b.tensor());
            blocks.get(b.codedAt()).add(b);
        }

        void free(String name) {
            take(name);
            free.add(name);
        }

        private void take(String name) {
            left.remove(name);
            used.add(name);
        }

        List<Site> build() {
            List<Site> out = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                out.add(new Site(names.get(i), widths.get(i), references.get(i), blocks.get(i)));
            }
            return out;
        }
    }
}
