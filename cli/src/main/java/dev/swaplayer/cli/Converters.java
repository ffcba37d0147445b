package dev.swaplayer.cli;

import dev.swaplayer.device.UserInput;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The picocli converters every verb shares, so that a number, a size and a path mean the same thing in every
 * option. Thread safety: stateless.
 *
 * <p>A conversion error is a {@link TypeConversionException} whose message is {@code value (expected: ...)};
 * {@link ParameterErrors} prefixes the option's name, giving the project's {@code what: value (expected: ...)} line.
 *
 * <ul>
 *   <li>Numbers ({@code int}, {@code long} and their boxes): ASCII digits, optionally after a {@code -}; no
 *       {@code +}, no digits of other scripts ({@link UserInput#parseLong}).</li>
 *   <li>Sizes ({@link Size}): ASCII digits with an optional {@code K}, {@code M}, {@code G} or {@code T} suffix,
 *       any case, powers of 1024: {@code 4096}, {@code 4K}, {@code 64M}, {@code 1T}.</li>
 *   <li>Paths: any text but the empty one (which names no file; {@code .} is the current directory) without a NUL
 *       (which no file name can hold).</li>
 * </ul>
 */
final class Converters {
    private static final Pattern SIZE = Pattern.compile("([0-9]+)([KMGT]?)", Pattern.CASE_INSENSITIVE);

    private Converters() {
    }

    /** Registers the number and path converters on a command line and all its subcommands. */
    static void register(final CommandLine cl) {
        cl.registerConverter(Integer.class, Converters::toInt);
        cl.registerConverter(int.class, Converters::toInt);
        cl.registerConverter(Long.class, Converters::toLong);
        cl.registerConverter(long.class, Converters::toLong);
        cl.registerConverter(Path.class, Converters::toPath);
    }

    static Integer toInt(final String text) {
        final long n = toLong(text);
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw new TypeConversionException(UserInput.show(text) + " (expected: a number between "
                    + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE + ")");
        }
        return (int) n;
    }

    static Long toLong(final String text) {
        try {
            return UserInput.parseLong(text);
        } catch (NumberFormatException e) {
            final String m = UserInput.badNumber("", text);
            throw new TypeConversionException(m.substring(2));
        }
    }

    static Path toPath(final String text) {
        if (text.isEmpty()) {
            throw new TypeConversionException("(empty) (expected: a path; . for the current directory)");
        }
        if (text.indexOf('\0') >= 0) {
            throw new TypeConversionException(UserInput.show(text) + " (expected: a path without a NUL character)");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new TypeConversionException(UserInput.show(text) + " (expected: a valid path; " + e.getReason()
                    + ")");
        }
    }

    /**
     * Parses a size: see the class comment.
     *
     * @param text the text
     * @return the size in bytes
     * @throws TypeConversionException when the text is not such a size or is 8 EiB or more
     */
    static long size(final String text) {
        final Matcher mt = SIZE.matcher(text == null ? "" : text);
        if (!mt.matches()) {
            throw new TypeConversionException(UserInput.show(text) + " (expected: bytes as ASCII digits with an "
                    + "optional K, M, G or T suffix, powers of 1024, e.g. 4K or 64M)");
        }
        final int shift = switch (mt.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        final String digits = mt.group(1);
        final long n = digits.length() > 19 ? -1 : parseOrMinusOne(digits);
        if (n < 0 || n > (Long.MAX_VALUE >> shift)) {
            throw new TypeConversionException(UserInput.show(text) + " (expected: a size below 8 EiB)");
        }
        return n << shift;
    }

    private static long parseOrMinusOne(final String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@link #size} as a picocli converter, for {@code long} size options ({@code converter = Size.class}). */
    static final class Size implements ITypeConverter<Long> {
        @Override
        public Long convert(final String text) {
            return size(text);
        }
    }
}
