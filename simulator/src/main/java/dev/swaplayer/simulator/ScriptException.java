package dev.swaplayer.simulator;

import dev.swaplayer.device.UserInput;

/**
 * A bad line in a workload script: the message is {@code file:line: what is wrong}, one line, ready to print;
 * the file name is shown whole (it names the file) but {@linkplain UserInput#escape escaped}.
 *
 * <p>Thread safety: immutable.
 */
public final class ScriptException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    /**
     * @param file the script's name as the user gave it
     * @param line the 1-based line number
     * @param what what is wrong, in the {@code what: value (expected: ...)} shape
     */
    public ScriptException(final String file, final int line, final String what) {
        super(UserInput.escape(file) + ":" + line + ": " + what);
        this.file = file;
        this.line = line;
    }

    /** Returns the script's name. */
    public String file() {
        return file;
    }

    /** Returns the 1-based line number. */
    public int line() {
        return line;
    }
}
