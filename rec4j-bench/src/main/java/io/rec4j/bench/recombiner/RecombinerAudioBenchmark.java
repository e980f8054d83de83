package io.rec4j.bench.recombiner;

import io.rec4j.bench.combiner.ImageBaselines;
import io.rec4j.bench.report.LinePlot;
import io.rec4j.bench.report.ProgressSink;
import io.rec4j.bench.report.Table;
import io.rec4j.codec.audio.Wav;
import io.rec4j.codec.recombiner.RecombinerAudioCodec;
import io.rec4j.codec.recombiner.RecombinerCodec;
import io.rec4j.codec.recombiner.RecombinerEncoder;
import io.rec4j.codec.recombiner.RecombinerModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * RECOMBINER audio beside MP3 (He, Flamich, Guo, Hernández-Lobato, ICLR 2024, arXiv 2309.17182, §4, audio;
 * {@code docs/recombiner.md}, "Audio"): the given clips are encoded together with the model; per clip, the rate of
 * the block indices (kbps) and the PSNR of the decoded waveform on the [0, 1] scale (peak 1, no rounding, as the
 * paper measures it) are recorded. MP3 (Debian {@code lame}, CBR, mono) codes the same clips at a sweep of bit
 * rates; its PSNR at our rate is interpolated from that sweep (sizes are whole files, so MP3 pays its headers), and
 * each decoded MP3 is aligned with the clip at the lag of best PSNR within ±2 000 samples before it is scored.
 */
public final class RecombinerAudioBenchmark {
    /** The paper's LibriSpeech curve (full test set), kbps → PSNR dB. */
    static final double[][] PAPER = {{5.685, 42.612}, {10.661, 47.101}, {22.112, 52.196}, {43.637, 58.195}};
    /** MP3 CBR rates swept (kbit/s). */
    static final int[] MP3_RATES = {8, 16, 24, 32, 40, 48, 64};

    /**
     * @param model RECOMBINER audio model
     * @param clips test clips in [0, 1], each the model's clip length
     * @param steps inference steps (refinement uses as many)
     * @param out   report folder
     */
    public record Settings(RecombinerModel model, List<float[]> clips, int steps, Path out) {
    }

    private final Settings settings;
    private final ProgressSink progress;

    public RecombinerAudioBenchmark(Settings settings, ProgressSink progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** PSNR of {@code b} against {@code a} on [0, 1], peak 1. */
    static double psnr(float[] a, double[] b) {
        double mse = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            mse += d * d;
        }
        return 10 * Math.log10(a.length / mse);
    }

    /** Runs the benchmark; writes {@code recombiner-audio.csv}, {@code -clips.csv}, {@code .md}, {@code .png}. */
    public String run() throws IOException {
        Files.createDirectories(settings.out());
        RecombinerModel model = settings.model();
        int rate = model.sampleRate() > 0 ? model.sampleRate() : 16000;
        int n = settings.clips().size();
        double seconds = RecombinerAudioCodec.clipSamples(model) / (double) rate;
        RecombinerEncoder encoder = new RecombinerEncoder(model, RecombinerEncoder.Settings.paper()
                .withSteps(settings.steps(), settings.steps(), 20));
        long t0 = System.nanoTime();
        List<RecombinerEncoder.Coded> coded = new ArrayList<>();
        for (int first = 0; first < n; first += 16) {
            int last = Math.min(n, first + 16);
            // one bar per batch over its training steps (inference, then refinement between blocks)
            Runnable[] bar = new Runnable[1];
            long[] shown = new long[1];
            String label = "RECOMBINER audio, clips " + (first + 1) + "-" + last + " of " + n + ", training steps";
            coded.addAll(encoder.encodeSignals(settings.clips().subList(first, last), (done, total) -> {
                if (bar[0] == null) {
                    bar[0] = progress.phase(label, total);
                }
                for (; shown[0] < done; shown[0]++) {
                    bar[0].run();
                }
            }));
        }
        double encodeSeconds = (System.nanoTime() - t0) / 1e9 / n;
        boolean lame = ImageBaselines.onPath("lame");
        Table perClip = new Table("clip", "kbps", "psnr_db", "fit_psnr_db", "mp3_psnr_db_at_kbps");
        double[] ours = new double[n];
        double[] fit = new double[n];
        double[][] mp3 = new double[MP3_RATES.length][n];
        double[][] mp3Kbps = new double[MP3_RATES.length][n];
        double kbps = model.indexBits() / seconds / 1000;
        Path tmp = Files.createTempDirectory("rec4j-mp3");
        for (int i = 0; i < n; i++) {
            float[] clip = settings.clips().get(i);
            RecombinerEncoder.Coded c = coded.get(i);
            double[] v = RecombinerCodec.render(model, RecombinerCodec.latents(model,
                    RecombinerCodec.indices(model, c.file())));
            double[] pcm = new double[v.length];
            for (int k = 0; k < v.length; k++) {
                pcm[k] = (Wav.toPcm(v[k]) / 32768.0 + 1) / 2; // what the decoder writes to the WAV
            }
            ours[i] = psnr(clip, pcm);
            fit[i] = 10 * Math.log10(1 / c.fitMse());
            if (lame) {
                for (int r = 0; r < MP3_RATES.length; r++) {
                    double[] p = mp3(clip, rate, MP3_RATES[r], tmp);
                    mp3[r][i] = p[1];
                    mp3Kbps[r][i] = p[0] / seconds / 1000;
                }
            }
            perClip.row(i, fmt(kbps), fmt(ours[i]), fmt(fit[i]),
                    lame ? fmt(interpolate(column(mp3Kbps, i), column(mp3, i), kbps)) : "n/a");
        }
        try (var files = Files.list(tmp)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(tmp);
        Table summary = new Table("codec", "clips", "kbps", "PSNR dB (mean)", "PSNR before coding", "encode s/clip");
        summary.row("rec4j RECOMBINER " + model.name(), n, fmt(kbps), fmt(mean(ours)), fmt(mean(fit)),
                fmt(encodeSeconds));
        summary.row("paper RECOMBINER (LibriSpeech, interpolated)", "", fmt(kbps),
                fmt(interpolate(Arrays.stream(PAPER).mapToDouble(p -> p[0]).toArray(),
                        Arrays.stream(PAPER).mapToDouble(p -> p[1]).toArray(), kbps)), "", "");
        LinePlot plot = new LinePlot("RECOMBINER audio", "kbps", "PSNR (dB)");
        plot.add("RECOMBINER (paper, LibriSpeech)", Arrays.stream(PAPER).mapToDouble(p -> p[0]).toArray(),
                Arrays.stream(PAPER).mapToDouble(p -> p[1]).toArray(), true);
        plot.add("rec4j RECOMBINER", new double[] {kbps}, new double[] {mean(ours)});
        if (lame) {
            double[] mk = new double[MP3_RATES.length];
            double[] mp = new double[MP3_RATES.length];
            for (int r = 0; r < MP3_RATES.length; r++) {
                mk[r] = mean(mp3Kbps[r]);
                mp[r] = mean(mp3[r]);
                summary.row("MP3 (lame -b " + MP3_RATES[r] + ")", n, fmt(mk[r]), fmt(mp[r]), "", "");
            }
            plot.add("MP3 (lame CBR)", mk, mp);
        }
        summary.writeCsv(settings.out(), "recombiner-audio");
        perClip.writeCsv(settings.out(), "recombiner-audio-clips");
        plot.write(settings.out().resolve("recombiner-audio.png"));
        String md = "# RECOMBINER audio\n\n" + summary.toMarkdown() + "\n" + n + " clips of "
                + RecombinerAudioCodec.clipSamples(model) + " samples at " + rate + " Hz; " + settings.steps()
                + " inference and " + settings.steps() + " refinement steps; kbps of RECOMBINER counts the block"
                + " indices (a file adds 29 bytes); MP3 sizes are whole files"
                + (lame ? "" : "; lame not installed: no MP3 rows") + "; "
                + Runtime.getRuntime().availableProcessors() + " cores.\n";
        Files.writeString(settings.out().resolve("recombiner-audio.md"), md);
        return md;
    }

    /** {@code {bits of the whole MP3 file, psnr}} of one clip through lame at {@code kbps} (CBR, mono), aligned before scoring. */
    static double[] mp3(float[] clip, int rate, int kbps, Path tmp) throws IOException {
        short[] pcm = new short[clip.length];
        for (int i = 0; i < clip.length; i++) {
            pcm[i] = Wav.toPcm(clip[i]);
        }
        Path in = tmp.resolve("in.wav");
        Path coded = tmp.resolve("out.mp3");
        Path back = tmp.resolve("back.wav");
        Files.write(in, new Wav(rate, pcm).toBytes());
        ImageBaselines.run("lame", "--quiet", "-m", "m", "--cbr", "-b", String.valueOf(kbps), in.toString(),
                coded.toString());
        ImageBaselines.run("lame", "--quiet", "--decode", coded.toString(), back.toString());
        Wav w = Wav.read(Files.readAllBytes(back));
        if (w.sampleRate() != rate) {
            w = io.rec4j.codec.audio.Resampler.resample(w, rate);
        }
        float[] y = w.unitSamples();
        double best = Double.NEGATIVE_INFINITY;
        for (int lag = -2000; lag <= 2000; lag++) {
            double mse = 0;
            for (int i = 0; i < clip.length; i++) {
                int j = i + lag;
                double v = j >= 0 && j < y.length ? y[j] : 0.5;
                double d = clip[i] - v;
                mse += d * d;
            }
            best = Math.max(best, 10 * Math.log10(clip.length / mse));
        }
        return new double[] {8.0 * Files.size(coded), best};
    }

    static double interpolate(double[] x, double[] y, double at) {
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        for (int k = 0; k + 1 < order.length; k++) {
            double x0 = x[order[k]];
            double x1 = x[order[k + 1]];
            if (at >= x0 && at <= x1 && x1 > x0) {
                return y[order[k]] + (at - x0) / (x1 - x0) * (y[order[k + 1]] - y[order[k]]);
            }
        }
        return Double.NaN;
    }

    private static double[] column(double[][] m, int i) {
        double[] out = new double[m.length];
        for (int r = 0; r < m.length; r++) {
            out[r] = m[r][i];
        }
        return out;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }
}
