package io.rec4j.cli;

import io.rec4j.core.Rec4jDataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/**
 * The {@code rec4j} command. Exit codes: {@value #EXIT_OK} success, {@value #EXIT_USAGE} usage error,
 * {@value #EXIT_BAD_DATA} bad input data, {@value #EXIT_INTERNAL} internal error. Errors are one line on stderr;
 * set {@code REC4J_DEBUG=1} (or pass {@code --debug}) for stack traces.
 */
@Command(name = "rec4j",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Relative entropy coding for neural compression.",
            "Sends a sample of a target distribution Q at a cost close to KL[Q||P] bits."},
        subcommands = {DemoCommand.class, CompressCommand.class, DecompressCommand.class, InfoCommand.class,
            ModelsCommand.class,
            CombinerCommand.class, RecombinerCommand.class, MiracleCommand.class, IrecCommand.class, BitsbackCommand.class, PacbayesCommand.class, RecCommand.class, BenchCommand.class, RngCommand.class, CommandLine.HelpCommand.class},
        footer = {"", Main.EXIT_CODES})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_USAGE = 1;
    public static final int EXIT_BAD_DATA = 2;
    public static final int EXIT_INTERNAL = 3;
    /** The exit codes, as every command's help ends. */
    static final String EXIT_CODES = "Exit codes: 0 ok, 1 usage error, 2 bad input data or an unusable file,"
            + " 3 internal error (errors are one line on stderr; --debug adds the stack trace).";

    private static final String CUDA_LOG = "org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils";

    @Option(names = "--debug", description = "Print stack traces of errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (try 'rec4j --help')");
    }

    public static void main(String[] args) {
        // rec4j ships PyTorch's CPU build: DJL's warning that it found no usable GPU is not news to a user
        if (System.getProperty(CUDA_LOG) == null) {
            System.setProperty(CUDA_LOG, "error");
        }
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code; used by {@link #main} and by tests. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        withExitCodes(cl);
        cl.setUsageHelpAutoWidth(true);
        cl.setOut(out);
        cl.setErr(err);
        boolean debug = "1".equals(System.getenv("REC4J_DEBUG")) || java.util.Arrays.asList(args).contains("--debug");
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("rec4j: " + ex.getMessage());
            CommandLine sub = ex.getCommandLine();
            err.println("Try '" + sub.getCommandSpec().qualifiedName() + " --help' for more information.");
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            int code;
            String msg;
            if (ex instanceof Rec4jDataException) {
                code = EXIT_BAD_DATA;
                msg = ex.getMessage();
            } else if (ex instanceof UsageException) {
                code = EXIT_USAGE;
                msg = ex.getMessage();
            } else if (ex instanceof IOException io) {
                code = EXIT_BAD_DATA;
                msg = describe(io);
            } else if (ex instanceof UncheckedIOException u) {
                code = EXIT_BAD_DATA;
                msg = describe(u.getCause());
            } else {
                code = EXIT_INTERNAL;
                msg = "internal error: " + ex;
            }
            err.println("rec4j: " + msg);
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return code;
        });
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            // every input is checked against limits that keep it well inside the heap; reaching this is our bug
            err.println("rec4j: internal error: out of memory (Java heap limit "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB); a larger heap may help:"
                    + " REC4J_JAVA_OPTS=-Xmx8g rec4j ...");
            code = EXIT_INTERNAL;
        }
        out.flush();
        err.flush();
        return code;
    }

    private static void withExitCodes(CommandLine cl) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().usageMessage().footer().length == 0) {
                sub.getCommandSpec().usageMessage().footer("", EXIT_CODES);
            }
            withExitCodes(sub);
        }
    }

    /** One line for a file-system error: the file the user named and what is wrong with it. */
    static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            String reason = f.getReason();
            if (reason == null) {
                reason = f instanceof NoSuchFileException ? "no such file or directory"
                        : f instanceof AccessDeniedException ? "permission denied"
                        : f instanceof FileAlreadyExistsException ? "exists (use --force to overwrite)"
                        : f instanceof NotDirectoryException ? "not a directory"
                        : "cannot access it";
            }
            return f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ": " + reason;
        }
        String m = e.getMessage();
        return "I/O error: " + (m == null ? e.getClass().getSimpleName() : m);
    }

    /** A usage problem found after parsing (e.g. an invalid combination of options); exit code 1. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    /** Reads the version filtered into {@code version.properties} at build time. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"rec4j " + version(), "Java " + System.getProperty("java.version") + " ("
                    + System.getProperty("java.vm.name") + ")"};
        }

        static String version() {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                return "unknown";
            }
            return p.getProperty("version", "unknown");
        }
    }
}
