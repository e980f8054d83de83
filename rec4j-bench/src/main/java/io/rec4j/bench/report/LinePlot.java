package io.rec4j.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A minimal XY line/marker chart written as PNG with Java2D (headless), for benchmark reports: several named
 * series, optional log-scale y axis, axis labels, title and legend. Mutable builder; not thread-safe.
 */
public final class LinePlot {
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0x17becf), new Color(0xbcbd22)};

    private record Series(String name, double[] x, double[] y, boolean dashed) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private boolean logY;

    public LinePlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Use a base-10 logarithmic y axis (non-positive values are skipped). */
    public LinePlot logY() {
        this.logY = true;
        return this;
    }

    /** Adds a solid series with markers. */
    public LinePlot add(String name, double[] x, double[] y) {
        return add(name, x, y, false);
    }

    /** Adds a series; dashed series are drawn without markers (bounds, references). */
    public LinePlot add(String name, double[] x, double[] y, boolean dashed) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y lengths differ");
        }
        series.add(new Series(name, x.clone(), y.clone(), dashed));
        return this;
    }

    /** Renders the chart to {@code file} as a 900 × 560 PNG. */
    public void write(Path file) throws IOException {
        int w = 900;
        int h = 560;
        int left = 80;
        int right = 210;
        int top = 50;
        int bottom = 60;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double xmin = Double.POSITIVE_INFINITY;
        double xmax = Double.NEGATIVE_INFINITY;
        double ymin = Double.POSITIVE_INFINITY;
        double ymax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x.length; i++) {
                double y = ty(s.y[i]);
                if (!Double.isFinite(s.x[i]) || !Double.isFinite(y)) {
                    continue;
                }
                xmin = Math.min(xmin, s.x[i]);
                xmax = Math.max(xmax, s.x[i]);
                ymin = Math.min(ymin, y);
                ymax = Math.max(ymax, y);
            }
        }
        if (!(xmax >= xmin)) {
            xmin = 0;
            xmax = 1;
            ymin = 0;
            ymax = 1;
        }
        if (xmax == xmin) {
            xmax = xmin + 1;
        }
        if (ymax == ymin) {
            ymax = ymin + 1;
        }
        double padY = 0.05 * (ymax - ymin);
        ymin -= padY;
        ymax += padY;
        int pw = w - left - right;
        int ph = h - top - bottom;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, left, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        // grid and ticks
        for (int i = 0; i <= 5; i++) {
            double fx = xmin + (xmax - xmin) * i / 5;
            int px = left + pw * i / 5;
            double fy = ymin + (ymax - ymin) * i / 5;
            int py = top + ph - ph * i / 5;
            g.setColor(new Color(0xE6E6E6));
            g.drawLine(px, top, px, top + ph);
            g.drawLine(left, py, left + pw, py);
            g.setColor(Color.BLACK);
            String xs = tick(fx, (xmax - xmin) / 5);
            g.drawString(xs, px - fm.stringWidth(xs) / 2, top + ph + 18);
            String ys = logY ? fmt(Math.pow(10, fy)) : tick(fy, (ymax - ymin) / 5);
            g.drawString(ys, left - 8 - fm.stringWidth(ys), py + 4);
        }
        g.drawRect(left, top, pw, ph);
        g.drawString(xLabel, left + pw / 2 - fm.stringWidth(xLabel) / 2, h - 18);
        Graphics2D gy = (Graphics2D) g.create();
        gy.rotate(-Math.PI / 2);
        String yl = yLabel + (logY ? " (log scale)" : "");
        gy.drawString(yl, -(top + ph / 2) - fm.stringWidth(yl) / 2, 20);
        gy.dispose();
        // series
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            Color c = PALETTE[k % PALETTE.length];
            g.setColor(c);
            g.setStroke(s.dashed ? new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke(2f));
            Path2D path = new Path2D.Double();
            boolean started = false;
            for (int i = 0; i < s.x.length; i++) {
                double y = ty(s.y[i]);
                if (!Double.isFinite(s.x[i]) || !Double.isFinite(y)) {
                    continue;
                }
                double px = left + pw * (s.x[i] - xmin) / (xmax - xmin);
                double py = top + ph - ph * (y - ymin) / (ymax - ymin);
                if (!started) {
                    path.moveTo(px, py);
                    started = true;
                } else {
                    path.lineTo(px, py);
                }
                if (!s.dashed) {
                    g.fillOval((int) px - 3, (int) py - 3, 7, 7);
                }
            }
            g.draw(path);
            int ly = top + 10 + 20 * k;
            g.drawLine(left + pw + 15, ly, left + pw + 40, ly);
            g.setColor(Color.BLACK);
            g.drawString(s.name, left + pw + 46, ly + 4);
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private double ty(double y) {
        return logY ? (y > 0 ? Math.log10(y) : Double.NaN) : y;
    }

    /** A linear axis's label: enough decimals that labels one step apart differ. */
    private static String tick(double v, double step) {
        if (Math.abs(v) >= 1e5 || !(step > 0)) {
            return fmt(v);
        }
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step)) + 1);
        return decimals > 8 ? String.format(Locale.ROOT, "%.4e", v) : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String fmt(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e5 || a < 1e-2)) {
            return String.format(Locale.ROOT, "%.1e", v);
        }
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : "%.2f", v);
    }
}
