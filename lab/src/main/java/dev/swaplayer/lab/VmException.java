package dev.swaplayer.lab;

/**
 * The VM ran but the workload did not complete: the kernel did not boot after the retries, the runner
 * failed, or the run timed out. The command line exits 1.
 *
 * <p>Thread safety: immutable.
 */
public final class VmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line saying what failed and where the console log is */
    public VmException(final String message) {
        super(message, null, false, false);
    }
}
