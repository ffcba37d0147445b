package dev.swaplayer.cli;

import dev.swaplayer.device.UserInput;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The {@code help} verb: {@code help VERB [VERB...]} prints the usage of the verb the path names, at any depth
 * ({@code help device inspect}), as {@code VERB... --help} does. picocli's own help verb reads only the first name
 * and ignores the rest, so {@code help device inspect} printed the usage of {@code device}. A name that is not a
 * verb where it stands is a parameter error ({@link ParameterErrors} words it, listing the verbs of that level);
 * so are a name after a verb without verbs and an unknown option, which picocli's parser lets a help verb pass.
 *
 * <p>Thread safety: one instance per command line, run on the thread that runs it.
 */
@Command(name = "help", helpCommand = true, mixinStandardHelpOptions = true,
        description = "Print the usage of a verb: help VERB [VERB...], e.g. help device inspect.")
final class HelpVerb implements CommandLine.IHelpCommandInitializable2, Runnable {
    @Parameters(paramLabel = "VERB", arity = "0..*", description = "The verb, and the verb under it if it has any.")
    private List<String> path = new ArrayList<>();

    private CommandLine self;
    private CommandLine.Help.ColorScheme colours;
    private PrintWriter out;

    @Override
    public void init(final CommandLine helpCommandLine, final CommandLine.Help.ColorScheme colorScheme,
            final PrintWriter outWriter, final PrintWriter errWriter) {
        this.self = helpCommandLine;
        this.colours = colorScheme;
        this.out = outWriter;
    }

    /**
     * Prints the usage of the verb the path names; the command line's own usage for an empty path.
     *
     * @throws CommandLine.ParameterException for a name that is not a verb where it stands
     */
    @Override
    public void run() {
        if (!self.getUnmatchedArguments().isEmpty()) { // picocli lets a help verb parse past an unknown option
            throw new CommandLine.UnmatchedArgumentException(self, self.getUnmatchedArguments());
        }
        CommandLine target = self.getParent();
        for (final String name : path) {
            final CommandLine sub = target.getSubcommands().get(name);
            if (sub == null && target.getSubcommands().isEmpty()) {
                throw new CommandLine.ParameterException(self, "argument: " + UserInput.show(name)
                        + " (expected: no more verbs; " + target.getCommandName() + " has none under it)");
            }
            if (sub == null) { // picocli's message, which ParameterErrors words with the verbs of that level
                throw new CommandLine.ParameterException(target, "Unknown subcommand '" + name + "'.", null, name);
            }
            target = sub;
        }
        target.usage(out, colours);
        out.flush();
    }
}
