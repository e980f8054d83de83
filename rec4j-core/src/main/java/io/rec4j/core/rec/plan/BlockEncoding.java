package io.rec4j.core.rec.plan;

import java.util.List;

/**
 * The result of {@link BlockCoder#encode}: the full coded sample, per-block reports in plan order, the coding
 * order, and the exact number of bits written.
 */
public final class BlockEncoding {
    private final double[] sample;
    private final List<BlockReport> reports;
    private final int[] codingOrder;
    private final long totalBits;

    BlockEncoding(double[] sample, BlockReport[] reports, int[] codingOrder) {
        this.sample = sample;
        this.reports = List.of(reports);
        this.codingOrder = codingOrder;
        long t = 0;
        for (BlockReport r : reports) {
            t += r.totalBits();
        }
        this.totalBits = t;
    }

    /** The coded value of every dimension (bit-identical to what {@link BlockCoder#decode} returns). */
    public double[] sample() {
        return sample.clone();
    }

    /** One report per block, in plan order. */
    public List<BlockReport> reports() {
        return reports;
    }

    /** The report of block {@code b}. */
    public BlockReport report(int b) {
        return reports.get(b);
    }

    /** The plan index of the block coded at each step. */
    public int[] codingOrder() {
        return codingOrder.clone();
    }

    /** Exact number of bits written: Σ (flag bits + codeword bits). */
    public long totalBits() {
        return totalBits;
    }

    /** Number of blocks coded with the fallback method. */
    public int fallbackCount() {
        int n = 0;
        for (BlockReport r : reports) {
            n += r.fellBack() ? 1 : 0;
        }
        return n;
    }

    @Override
    public String toString() {
        return "BlockEncoding[blocks=" + reports.size() + ", bits=" + totalBits + ", fallbacks=" + fallbackCount() + "]";
    }
}
