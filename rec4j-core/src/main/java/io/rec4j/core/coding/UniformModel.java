package io.rec4j.core.coding;

/**
 * The uniform distribution over {@code [minSymbol, minSymbol + n)} at a fixed precision, without tables.
 *
 * <p>Symbol {@code i} (zero-based) owns {@code [floor(i M / n), floor((i+1) M / n))} with {@code M = 2^precision},
 * so frequencies differ by at most one and all are positive when {@code n <= M}. The inverse is
 * {@code symbol(q) = floor(((q + 1) n - 1) / M)}, the largest {@code i} with {@code floor(i M / n) <= q}.
 * For {@code n} a power of two this is exactly the raw-bits model.
 */
public record UniformModel(int minSymbol, int size, int precision) implements EntropyModel {

    public UniformModel {
        if (precision < 1 || precision > MAX_PRECISION) {
            throw new IllegalArgumentException("precision must be in [1, " + MAX_PRECISION + "], was " + precision);
        }
        if (size < 1 || size > (1L << precision)) {
            throw new IllegalArgumentException("size must be in [1, 2^" + precision + "], was " + size);
        }
        if ((long) minSymbol + size - 1 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("support overflows int");
        }
    }

    /** Uniform over {@code [0, size)} at the default precision 24. */
    public static UniformModel of(int size) {
        return new UniformModel(0, size, MAX_PRECISION);
    }

    @Override
    public int maxSymbol() {
        return minSymbol + size - 1;
    }

    @Override
    public int cumulative(int symbol) {
        return (int) (((long) (symbol - minSymbol) << precision) / size);
    }

    @Override
    public int frequency(int symbol) {
        long i = symbol - minSymbol;
        return (int) ((((i + 1) << precision) / size) - ((i << precision) / size));
    }

    @Override
    public int symbol(int quantile) {
        if (quantile < 0 || quantile >= (1 << precision)) {
            throw new IllegalArgumentException("quantile " + quantile + " outside [0, 2^" + precision + ")");
        }
        return minSymbol + (int) ((((long) quantile + 1) * size - 1) >> precision);
    }
}
