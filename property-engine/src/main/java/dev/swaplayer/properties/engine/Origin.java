package dev.swaplayer.properties.engine;

import java.util.Objects;

/**
 * Immutable identity of a failure, its exception class and the first stack frame outside the
 * JDK and assertion libraries: while shrinking, a candidate only counts as the same bug if its
 * failure has the same origin, so the shrinker does not drift to a different bug.
 *
 * <p>Thread safety: immutable.
 */
final class Origin {

    private static final String[] LIBRARY_PREFIXES = {
        "java.", "javax.", "jdk.", "sun.", "com.sun.", "org.junit.", "org.opentest4j.", "org.assertj.",
        "org.hamcrest.",
    };

    private final Class<?> type;
    private final String frame;

    private Origin(final Class<?> type, final String frame) {
        this.type = type;
        this.frame = frame;
    }

    static Origin of(final Throwable failure) {
        for (StackTraceElement element : failure.getStackTrace()) {
            if (!isLibrary(element.getClassName())) {
                return new Origin(failure.getClass(), element.getClassName() + "." + element.getMethodName()
                        + ":" + element.getLineNumber());
            }
        }
        return new Origin(failure.getClass(), "");
    }

    private static boolean isLibrary(final String className) {
        for (String prefix : LIBRARY_PREFIXES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof Origin o && type == o.type && frame.equals(o.frame);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, frame);
    }

    @Override
    public String toString() {
        return type.getName() + " at " + frame;
    }
}
