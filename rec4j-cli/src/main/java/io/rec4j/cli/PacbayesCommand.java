package io.rec4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rec4j pacbayes}: PAC-Bayes bounds at the optimal (Gibbs) posterior, by HMC and thermodynamic integration. */
@Command(name = "pacbayes",
        mixinStandardHelpOptions = true,
        description = {"PAC-Bayes bounds at the optimal (Gibbs) posterior: Hamiltonian Monte Carlo samples it,"
                + " thermodynamic integration estimates its KL to the prior (Ujvary, Flamich, Fortuin,"
                + " Hernandez-Lobato, arXiv 2310.20053).",
            "",
            "'toy' runs the estimator on a linear-Gaussian problem whose KL is known exactly; 'run' compares HMC with"
                    + " mean-field VI on an MNIST-format set. docs/pacbayes.md has"
                    + " the details."},
        subcommands = {PacbayesToyCommand.class, PacbayesRunCommand.class, CommandLine.HelpCommand.class})
final class PacbayesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (try 'rec4j pacbayes --help')");
    }
}
