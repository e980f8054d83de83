package io.rec4j.codec.audio;

import io.rec4j.core.Rec4jDataException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Mono 16-bit PCM audio and its WAV (RIFF/WAVE) form. Reading accepts the plain PCM layout (format tag 1, or
 * WAVE_FORMAT_EXTENSIBLE with the PCM sub-format) at 8, 16, 24 or 32 bits and any channel count: channels are
 * averaged to mono and samples rounded to 16 bits. Unknown chunks are skipped; a malformed, truncated or
 * non-PCM file is refused with {@link Rec4jDataException}. Writing produces the canonical 44-byte header and 16-bit
 * mono samples.
 *
 * @param sampleRate samples per second (1 to 1 000 000)
 * @param samples    16-bit samples, in [−32768, 32767]
 */
public record Wav(int sampleRate, short[] samples) {
    /** Largest accepted sample rate. */
    public static final int MAX_RATE = 1_000_000;

    public Wav {
        if (sampleRate < 1 || sampleRate > MAX_RATE) {
            throw new IllegalArgumentException("sample rate must be 1.." + MAX_RATE + ", was " + sampleRate);
        }
        samples = samples.clone();
    }

    @Override
    public short[] samples() {
        return samples.clone();
    }

    /** Number of samples. */
    public int length() {
        return samples.length;
    }

    /** Duration in seconds. */
    public double seconds() {
        return samples.length / (double) sampleRate;
    }

    /** Whether {@code bytes} start like a WAV file ("RIFF" … "WAVE"). */
    public static boolean looksLikeWav(byte[] bytes) {
        return bytes.length >= 12 && bytes[0] == 'R' && bytes[1] == 'I' && bytes[2] == 'F' && bytes[3] == 'F'
                && bytes[8] == 'W' && bytes[9] == 'A' && bytes[10] == 'V' && bytes[11] == 'E';
    }

    /**
     * Parses a WAV file.
     *
     * @throws Rec4jDataException if it is not a PCM WAV file or is damaged
     */
    public static Wav read(byte[] bytes) {
        if (!looksLikeWav(bytes)) {
            throw new Rec4jDataException("not a WAV file (no RIFF/WAVE header)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.position(12);
        int channels = 0;
        int rate = 0;
        int bits = 0;
        boolean haveFormat = false;
        while (b.remaining() >= 8) {
            int id = b.getInt();
            long size = Integer.toUnsignedLong(b.getInt());
            if (size > b.remaining()) {
                // a data chunk that claims more than is there: the file was cut
                throw new Rec4jDataException("WAV chunk '" + fourCc(id) + "' claims " + size + " bytes, only "
                        + b.remaining() + " remain (truncated file?)");
            }
            int start = b.position();
            if (id == fourCc("fmt ")) {
                if (size < 16) {
                    throw new Rec4jDataException("WAV format chunk of " + size + " bytes; at least 16 needed");
                }
                int tag = Short.toUnsignedInt(b.getShort());
                channels = Short.toUnsignedInt(b.getShort());
                rate = b.getInt();
                b.getInt(); // byte rate
                int align = Short.toUnsignedInt(b.getShort());
                bits = Short.toUnsignedInt(b.getShort());
                if (tag == 0xFFFE && size >= 40) {
                    b.position(start + 24);
                    tag = Short.toUnsignedInt(b.getShort()); // the sub-format GUID starts with the format tag
                }
                if (tag != 1) {
                    throw new Rec4jDataException("WAV format tag " + tag + " is not PCM (1); only PCM WAV files"
                            + " are read");
                }
                if (bits != 8 && bits != 16 && bits != 24 && bits != 32) {
                    throw new Rec4jDataException("WAV with " + bits + " bits per sample; 8, 16, 24 or 32 are read");
                }
                if (channels < 1 || channels > 64 || align != channels * (bits / 8)) {
                    throw new Rec4jDataException("WAV with " + channels + " channels and block align " + align
                            + " at " + bits + " bits is inconsistent");
                }
                if (rate < 1 || rate > MAX_RATE) {
                    throw new Rec4jDataException("WAV sample rate " + Integer.toUnsignedString(rate)
                            + " outside 1.." + MAX_RATE);
                }
                haveFormat = true;
            } else if (id == fourCc("data")) {
                if (!haveFormat) {
                    throw new Rec4jDataException("WAV data chunk before its format chunk");
                }
                int frameBytes = channels * (bits / 8);
                long frames = size / frameBytes;
                short[] out = new short[(int) frames];
                for (int i = 0; i < frames; i++) {
                    long sum = 0;
                    for (int c = 0; c < channels; c++) {
                        sum += sample(b, bits);
                    }
                    out[i] = (short) Math.max(-32768, Math.min(32767, Math.round(sum / (double) channels)));
                }
                return new Wav(rate, out);
            }
            b.position(start + (int) size + (int) (size & 1)); // chunks are padded to an even size
            if (b.position() > bytes.length) {
                break;
            }
        }
        throw new Rec4jDataException(haveFormat ? "WAV file without a data chunk" : "WAV file without a format chunk");
    }

    /** One sample as a 16-bit value (8-bit unsigned and 24/32-bit samples are scaled to 16 bits). */
    private static long sample(ByteBuffer b, int bits) {
        return switch (bits) {
            case 8 -> (Byte.toUnsignedInt(b.get()) - 128) << 8;
            case 16 -> b.getShort();
            case 24 -> {
                int lo = Byte.toUnsignedInt(b.get());
                int mid = Byte.toUnsignedInt(b.get());
                int hi = b.get(); // signed
                yield Math.round(((hi << 16) | (mid << 8) | lo) / 256.0);
            }
            default -> Math.round(b.getInt() / 65536.0);
        };
    }

    /** The canonical 16-bit mono WAV file of this audio. */
    public byte[] toBytes() {
        int data = 2 * samples.length;
        ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(fourCc("RIFF")).putInt(36 + data).putInt(fourCc("WAVE"));
        b.putInt(fourCc("fmt ")).putInt(16).putShort((short) 1).putShort((short) 1).putInt(sampleRate)
                .putInt(2 * sampleRate).putShort((short) 2).putShort((short) 16);
        b.putInt(fourCc("data")).putInt(data);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    private static int fourCc(String s) {
        return (s.charAt(0) & 0xFF) | (s.charAt(1) & 0xFF) << 8 | (s.charAt(2) & 0xFF) << 16 | (s.charAt(3) & 0xFF) << 24;
    }

    private static String fourCc(int id) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (int k = 0; k < 4; k++) {
            int c = (id >>> (8 * k)) & 0xFF;
            o.write(c >= 32 && c < 127 ? c : '?');
        }
        return o.toString(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** {@code x / 32768} mapped from [−1, 1] to [0, 1] by {@code (a + 1)/2}, as RECOMBINER scales audio. */
    public float[] unitSamples() {
        float[] out = new float[samples.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((samples[i] / 32768.0 + 1) / 2);
        }
        return out;
    }

    /** The inverse of {@link #unitSamples}: {@code round((2v − 1)·32768)}, clamped to 16 bits. */
    public static short toPcm(double unit) {
        double a = (2 * unit - 1) * 32768;
        if (!(a > -32768)) {
            return -32768; // also NaN
        }
        return (short) Math.min(32767, Math.round(a));
    }
}
