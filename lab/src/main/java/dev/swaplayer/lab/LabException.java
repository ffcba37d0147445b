package dev.swaplayer.lab;

/**
 * The lab cannot start: a bad kernel spec, a missing tool (QEMU, apt, busybox-static, cpio), a kernel that
 * cannot be fetched. One line, {@code what: value (expected: ...)}; the command line exits 2.
 *
 * <p>Thread safety: immutable.
 */
public final class LabException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line in the form {@code what: value (expected: ...)} */
    public LabException(final String message) {
        super(message, null, false, false);
    }
}
