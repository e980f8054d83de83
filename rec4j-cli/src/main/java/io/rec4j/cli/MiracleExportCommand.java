package io.rec4j.cli;

import io.rec4j.codec.miracle.MiracleFile;
import io.rec4j.codec.miracle.MiracleNetwork;
import io.rec4j.codec.miracle.MiracleExport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rec4j miracle export}: the decoded weights as safetensors. */
@Command(name = "export",
        mixinStandardHelpOptions = true,
        description = {"Decode a MIRACLE network and write its weights as float32 safetensors.",
            "",
            "Names and layouts are PyTorch's: lenet-300-100 has fc1, fc2, fc3; lenet-5 has conv1, conv2, fc1, fc2"
                    + " (layers numbered from the input). Each has .weight ([out, in] for fc, [out, in, kh, kw] for"
                    + " conv) and .bias ([out]). The network is conv 5x5 (no padding) -> ReLU -> max-pool 2 (twice,"
                    + " for lenet-5; then flatten as channel, row, column), then fc layers with ReLU between them;"
                    + " inputs are 28x28 pixels scaled to [0, 1], nothing else. numpy: safetensors.numpy.load_file."},
        footer = {"", Main.EXIT_CODES})
final class MiracleExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "A MIRACLE .r4j file, the name of a shipped network ('rec4j models'), or - for standard input.")
    String file;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output .safetensors file, or - for standard output.")
    String out;

    @Option(names = {"-f", "--force"}, description = "Overwrite OUT if it exists.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        byte[] bytes = MiracleCommand.readNetwork(file);
        CliFiles.checkWritable(out, force);
        MiracleNetwork net = MiracleCommand.decode(file, bytes);
        MiracleFile.Header h = MiracleFile.header(bytes);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("architecture", h.arch().name());
        meta.put("source", "rec4j miracle export");
        CliFiles.writeOutput(out, MiracleExport.safetensors(net, meta), force);
        return Main.EXIT_OK;
    }
}
