package dev.swaplayer.simulator;

import java.io.IOException;

/**
 * A device operation of data mode failed (the temporary swap file could not be created, written or read):
 * the run stops, as no later figure would mean anything.
 *
 * <p>Thread safety: immutable.
 */
public final class DataIoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was being done, naming the policy
     * @param cause the device's exception
     */
    public DataIoException(final String message, final IOException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
