package dev.swaplayer.cli;

import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.device.UserInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --policy} and {@code --jar}, one picocli mixin for every verb that takes a policy, so that they all
 * name policies the same way and all accept plug-ins: the policies come from a {@link PolicyRegistry} built
 * from swaplayer's own providers and the {@code --jar} files.
 *
 * <p>Thread safety: one command invocation owns it.
 *
 * <p>A bad jar, a provider that cannot be loaded, a duplicate name or an unknown policy is a {@link UserError}
 * (one line, exit 2) before anything runs.
 */
final class PolicyOptions {
    /** A provider's name is 1-32 characters (PolicyRegistry): a longer list element cannot be one. */
    private static final int MAX_NAME = 32;

    @Option(names = "--policy", paramLabel = "P", completionCandidates = BuiltInNames.class,
            description = "${COMPLETION-CANDIDATES}, a plug-in's name (with --jar), a comma-separated list, or "
                    + "all (default: ${DEFAULT-VALUE})")
    String policy = "all";

    @Option(names = "--jar", paramLabel = "FILE", description = "a plug-in jar whose "
            + "META-INF/services/dev.swaplayer.allocator.AllocatorProvider names allocation policies; repeatable")
    List<Path> jars = new ArrayList<>();

    private PolicyRegistry registry;

    /**
     * @return the built-in policies and those of every {@code --jar}; built once per invocation
     * @throws UserError for a bad jar or provider
     */
    PolicyRegistry registry() {
        if (registry == null) {
            for (final Path jar : jars) {
                UserError.refuseDirectory("--jar", jar, "a jar file");
            }
            try {
                registry = PolicyRegistry.withJars(jars);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }
        return registry;
    }

    /**
     * @return the {@code --policy} names, resolved: in the order given ({@code all}: report order), each once
     * @throws UserError for a bad jar or an unknown name
     */
    List<String> names() {
        return resolve(registry(), "--policy", policy);
    }

    /**
     * Resolves a policy list given to {@code option}: an unknown name is a {@link UserError} that lists the known
     * names and, when one of them (or {@code all}) is near it ({@link Suggestions}), names the nearest.
     *
     * @param registry the policies known
     * @param option the option's name, for the message
     * @param list the option's value: names, a comma-separated list of them, or all
     * @return the names, resolved as {@link PolicyRegistry#resolve(String, String)} does
     * @throws UserError for a name too long to be one, or an unknown name
     */
    static List<String> resolve(final PolicyRegistry registry, final String option, final String list) {
        return resolve(registry, option, list, true);
    }

    /**
     * Resolves a policy list as {@link #resolve(PolicyRegistry, String, String)} does, for a verb that may have no
     * {@code --jar}: the registry then leaves out its hint that a plug-in's name needs its {@code --jar}, so that
     * the message names no option the verb lacks.
     *
     * @param registry the policies known
     * @param option the option's name, for the message
     * @param list the option's value: names, a comma-separated list of them, or all
     * @param jarOption whether the verb takes {@code --jar}
     * @return the names, resolved as {@link PolicyRegistry#resolve(String, String)} does
     * @throws UserError for a name too long to be one, or an unknown name
     */
    static List<String> resolve(final PolicyRegistry registry, final String option, final String list,
            final boolean jarOption) {
        checkNames(option, list);
        try {
            return registry.resolve(option, list, jarOption);
        } catch (IllegalArgumentException e) {
            throw new UserError(withSuggestion(e.getMessage(), list, registry.names()));
        }
    }

    /**
     * Adds "did you mean N?" inside the closing parenthesis of an unknown-name message, for the first name of
     * {@code list} that is unknown (the one the registry reports), when a known name is near it.
     */
    static String withSuggestion(final String message, final String list, final List<String> known) {
        for (final String raw : list.split(",", -1)) {
            final String n = raw.strip();
            if (n.equals("all") || known.contains(n)) {
                continue;
            }
            final List<String> names = new ArrayList<>(known);
            names.add("all");
            final List<String> near = Suggestions.near(n, names);
            return UserError.amended(message, Suggestions.clause(near.subList(0, Math.min(1, near.size()))));
        }
        return message;
    }

    /**
     * Refuses, with the element {@linkplain UserInput#show shown}, a list element too long to be a policy name (a
     * provider's name is 1-32 of a-z, 0-9, '-' and '_'), so that no message echoes a long value; the registry
     * names every other unknown name with the list of those it knows.
     *
     * @param option the option's name
     * @param list the comma-separated list
     * @throws UserError for such an element
     */
    static void checkNames(final String option, final String list) {
        for (final String n : list.split(",", -1)) {
            if (n.strip().length() > MAX_NAME) {
                throw new UserError(option + ": " + UserInput.show(n) + " (expected: a comma-separated list of policy"
                        + " names, each 1-32 of a-z, 0-9, '-' and '_', or all)");
            }
        }
    }

    /** The built-in names, for {@code --help}: picocli lists them as {@code ${COMPLETION-CANDIDATES}}. */
    static final class BuiltInNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return PolicyRegistry.builtIn().names().iterator();
        }
    }
}
