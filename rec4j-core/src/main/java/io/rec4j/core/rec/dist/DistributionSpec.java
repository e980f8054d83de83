package io.rec4j.core.rec.dist;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the textual form of a product distribution, as given to {@code rec4j rec roundtrip --target} and
 * {@code --coding}:
 *
 * <pre>
 * DIST     := MARGINAL | MARGINAL;MARGINAL;...        one marginal for every dimension, or one per dimension
 * MARGINAL := normal(mean,std) | laplace(loc,scale) | uniform(lo,hi) | triangular(lo,mode,hi)
 *           | mixture(w:MARGINAL,w:MARGINAL,...)     weights summing to 1 (within 1e-9)
 * </pre>
 *
 * Names are case-insensitive, blanks around tokens are ignored, numbers are decimal (Java syntax, finite).
 * Mixtures nested in mixtures are flattened (their weights multiplied); nesting deeper than
 * {@value #MAX_NESTING} levels, more than {@value #MAX_LENGTH} characters or {@link Mixture#MAX_COMPONENTS}
 * components are refused. Every error is an {@link IllegalArgumentException} naming the offending character position.
 */
public final class DistributionSpec {
    /** Longest accepted text. */
    public static final int MAX_LENGTH = 100_000;
    /** Deepest mixture nesting. */
    public static final int MAX_NESTING = 8;

    private final String text;
    private int pos;
    private int depth;

    private DistributionSpec(String text) {
        this.text = text;
    }

    /**
     * The product distribution described by {@code text} over {@code dim} dimensions.
     *
     * @throws IllegalArgumentException if the text is not in the grammar, a parameter is invalid, or the number of
     *                                  marginals is neither 1 nor {@code dim}
     */
    public static ProductDistribution parse(String text, int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("the dimension must be positive, was " + dim);
        }
        List<Distribution1D> marginals = parseMarginals(text);
        if (marginals.size() == 1) {
            return ProductDistribution.iid(marginals.get(0), dim);
        }
        if (marginals.size() != dim) {
            throw new IllegalArgumentException("'" + abbreviate(text) + "' gives " + marginals.size()
                    + " marginals for " + dim + " dimensions: give one for all, or one per dimension");
        }
        return ProductDistribution.of(marginals);
    }

    /** The marginals of {@code text}, separated by {@code ;}. */
    public static List<Distribution1D> parseMarginals(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no distribution given");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("distribution text of " + text.length() + " characters; at most "
                    + MAX_LENGTH);
        }
        DistributionSpec p = new DistributionSpec(text);
        List<Distribution1D> out = new ArrayList<>();
        while (true) {
            out.add(p.marginal());
            p.blanks();
            if (p.pos == text.length()) {
                return out;
            }
            p.expect(';');
        }
    }

    /** One marginal; mixtures come back flattened. */
    private Distribution1D marginal() {
        blanks();
        int start = pos;
        while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
            pos++;
        }
        String name = text.substring(start, pos).toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
            throw error(start, "expected normal(, laplace(, uniform(, triangular( or mixture(");
        }
        expect('(');
        try {
            switch (name) {
                case "normal": {
                    double[] a = numbers(2, start, "normal(mean,std)");
                    return new Normal(a[0], a[1]);
                }
                case "laplace": {
                    double[] a = numbers(2, start, "laplace(loc,scale)");
                    return new Laplace(a[0], a[1]);
                }
                case "uniform": {
                    double[] a = numbers(2, start, "uniform(lo,hi)");
                    return new Uniform(a[0], a[1]);
                }
                case "triangular": {
                    double[] a = numbers(3, start, "triangular(lo,mode,hi)");
                    return new Triangular(a[0], a[1], a[2]);
                }
                case "mixture":
                    return mixture(start);
                default:
                    throw error(start, "unknown distribution '" + name + "'; expected normal, laplace, uniform, "
                            + "triangular or mixture");
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("at character")) {
                throw e;
            }
            throw error(start, name + ": " + e.getMessage());
        }
    }

    private Distribution1D mixture(int start) {
        if (++depth > MAX_NESTING) {
            throw error(start, "mixtures nested more than " + MAX_NESTING + " deep");
        }
        List<Double> weights = new ArrayList<>();
        List<Distribution1D> comps = new ArrayList<>();
        while (true) {
            int at = pos;
            double w = number();
            if (!(w > 0)) {
                throw error(at, "mixture weights must be positive, was " + w);
            }
            expect(':');
            Distribution1D c = marginal();
            if (c instanceof Mixture m) {
                for (int k = 0; k < m.size(); k++) {
                    weights.add(w * m.weight(k));
                    comps.add(m.component(k));
                }
            } else {
                weights.add(w);
                comps.add(c);
            }
            if (comps.size() > Mixture.MAX_COMPONENTS) {
                throw error(start, "more than " + Mixture.MAX_COMPONENTS + " mixture components");
            }
            blanks();
            if (peek() == ')') {
                pos++;
                break;
            }
            expect(',');
        }
        depth--;
        double[] w = new double[weights.size()];
        for (int k = 0; k < w.length; k++) {
            w[k] = weights.get(k);
        }
        return new Mixture(w, comps);
    }

    /** {@code n} comma-separated numbers and the closing parenthesis. */
    private double[] numbers(int n, int start, String form) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                blanks();
                if (peek() != ',') {
                    throw error(pos, "expected ',' in " + form);
                }
                pos++;
            }
            a[i] = number();
        }
        blanks();
        if (peek() != ')') {
            throw error(pos, "expected ')' closing " + form + " (it takes " + n + " numbers)");
        }
        pos++;
        return a;
    }

    private double number() {
        blanks();
        int start = pos;
        while (pos < text.length() && "+-.0123456789eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String s = text.substring(start, pos);
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw error(start, "expected a number, found '" + abbreviate(text.substring(start)) + "'");
        }
        if (!Double.isFinite(v)) {
            throw error(start, "numbers must be finite, was " + s);
        }
        return v;
    }

    private void expect(char c) {
        blanks();
        if (peek() != c) {
            throw error(pos, "expected '" + c + "'" + (pos < text.length() ? ", found '" + text.charAt(pos) + "'"
                    : ", found the end"));
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void blanks() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(int at, String what) {
        return new IllegalArgumentException("at character " + (at + 1) + " of '" + abbreviate(text) + "': " + what);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
