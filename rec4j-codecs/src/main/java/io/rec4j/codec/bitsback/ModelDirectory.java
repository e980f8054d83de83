package io.rec4j.codec.bitsback;

import io.rec4j.codec.safetensors.Json;
import io.rec4j.codec.safetensors.ModelFormatException;
import io.rec4j.codec.safetensors.Safetensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A model directory in the Hugging Face layout this codec reads and writes: {@code config.json} and one
 * {@code model.safetensors}.
 */
public final class ModelDirectory {
    /** The configuration file's name. */
    public static final String CONFIG = "config.json";
    /** The weights file's name. */
    public static final String WEIGHTS = "model.safetensors";
    /** Largest {@code config.json} read. */
    public static final int MAX_CONFIG_BYTES = 1 << 20;

    private ModelDirectory() {
    }

    /** A model: its config text, parsed config and tensors. */
    public record Model(String configJson, TransformerConfig config, Safetensors.File weights) {
    }

    /** Reads {@code dir}. */
    public static Model read(Path dir) throws IOException {
        Path config = dir.resolve(CONFIG);
        Path weights = dir.resolve(WEIGHTS);
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a model directory");
        }
        if (!Files.isRegularFile(config)) {
            throw new ModelFormatException(dir + ": no " + CONFIG);
        }
        if (!Files.isRegularFile(weights)) {
            throw new ModelFormatException(dir + ": no " + WEIGHTS + " (sharded checkpoints are not supported)");
        }
        if (Files.size(config) > MAX_CONFIG_BYTES) {
            throw new ModelFormatException(config + ": larger than " + MAX_CONFIG_BYTES + " bytes");
        }
        String text = Files.readString(config, StandardCharsets.UTF_8);
        TransformerConfig c;
        try {
            c = TransformerConfig.of(Json.parseObject(text));
        } catch (ModelFormatException e) {
            throw new ModelFormatException(config + ": " + e.getMessage());
        }
        return new Model(text, c, Safetensors.read(weights));
    }

    /** Writes a model directory (creating it); existing files are replaced only if {@code overwrite}. */
    public static void write(Path dir, String configJson, List<Safetensors.Tensor> tensors, boolean overwrite)
            throws IOException {
        Files.createDirectories(dir);
        Path config = dir.resolve(CONFIG);
        Path weights = dir.resolve(WEIGHTS);
        if (!overwrite) {
            for (Path p : new Path[] {config, weights}) {
                if (Files.exists(p)) {
                    throw new java.nio.file.FileAlreadyExistsException(p.toString());
                }
            }
        }
        Files.writeString(config, configJson, StandardCharsets.UTF_8);
        Safetensors.write(weights, tensors, Map.of("format", "pt"));
    }
}
