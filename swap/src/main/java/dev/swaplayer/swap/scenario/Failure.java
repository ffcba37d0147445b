package dev.swaplayer.swap.scenario;

import java.util.List;

/**
 * The first run of a {@link NoDataLoss} check that broke an invariant, or in which the allocator, the swap path
 * or a device threw: enough to replay it ({@code seed}, {@code fault}, {@code area}, {@code position} under the
 * same {@link Plan}) and to read it.
 *
 * <p>Thread safety: immutable.
 *
 * @param seed the run's seed
 * @param integrity whether checksums were on
 * @param fileBacked whether area 0 was a swap file
 * @param fault the injected fault, or null for a clean run
 * @param area the area whose device was faulty, or -1 for a clean run
 * @param position which I/O attempt ({@link Fault#FAIL_IO}) or read ({@link Fault#CORRUPT_READ}) of that area's
 *     device was faulty, from 1; 0 for a clean run
 * @param message one line: the run (seed, policy, devices, fault), then the invariant and what broke it
 *     ({@code COUNTS}, {@code NO-LEAK}, {@code CONSISTENT}, {@code BYTES}, a failed operation's guarantees) or
 *     the exception thrown
 * @param steps the actions applied up to the failure, one line each as the run interpreted them, the
 *     failing one last
 * @param cause what was thrown: the {@link AssertionError} of the broken check, whose cause is the allocator's
 *     exception when it threw one
 */
public record Failure(long seed, boolean integrity, boolean fileBacked, Fault fault, int area, long position,
        String message, List<String> steps, Throwable cause) {

    /** Copies the steps. */
    public Failure {
        steps = List.copyOf(steps);
    }

    /**
     * Returns what broke, without the run it broke in: the class of the innermost cause and where it was thrown,
     * its first frame outside the JDK and the scenario's own assertions ({@code Check}). Two failures with the same
     * {@code what} are the same defect met by two runs: the same invariant checked at the same place, or the same
     * exception from the same line of the allocator; shrinking keeps to it.
     *
     * @return e.g. {@code "java.lang.AssertionError at dev.swaplayer.swap.scenario.Scenario.checkInvariants:454"}
     */
    public String what() {
        if (cause == null) {
            return "";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        for (final StackTraceElement frame : root.getStackTrace()) {
            final String c = frame.getClassName();
            if (!c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("sun.")
                    && !c.equals(Check.class.getName())) {
                return root.getClass().getName() + " at " + c + "." + frame.getMethodName() + ":"
                        + frame.getLineNumber();
            }
        }
        return root.getClass().getName();
    }

    /** Returns the message, then the steps, one per line. */
    public String describe() {
        final StringBuilder b = new StringBuilder(message);
        for (int i = 0; i < steps.size(); i++) {
            b.append(System.lineSeparator()).append("  ").append(steps.get(i));
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "Failure(" + message + ", after " + steps.size() + " log lines)";
    }
}
