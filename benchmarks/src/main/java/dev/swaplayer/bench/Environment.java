package dev.swaplayer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Where and how a run was made: the facts the report prints above its tables.
 *
 * <p>Thread safety: immutable.
 *
 * @param date ISO-8601 date and time with offset
 * @param command the exact command line
 * @param cpu the CPU model
 * @param cores available processors
 * @param memory total memory, as /proc/meminfo says
 * @param os name, version and architecture
 * @param jvm VM name, version and vendor
 * @param settings the JMH settings of the run
 * @param image the memory image used ("synthetic" or the file)
 */
public record Environment(String date, String command, String cpu, int cores, String memory, String os, String jvm,
        String settings, String image) {

    /**
     * Returns the facts of this machine and JVM, now.
     *
     * @param command the exact command line
     * @param settings the JMH settings
     * @param image the image description
     */
    public static Environment current(final String command, final String settings, final String image) {
        final String now = ZonedDateTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        return new Environment(now, command,
                procField("/proc/cpuinfo", "model name"), Runtime.getRuntime().availableProcessors(),
                procField("/proc/meminfo", "MemTotal"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                        + System.getProperty("java.vm.vendor") + ")",
                settings, image);
    }

    private static String procField(final String file, final String field) {
        try {
            final List<String> lines = Files.readAllLines(Path.of(file));
            for (final String l : lines) {
                if (l.startsWith(field)) {
                    return l.substring(l.indexOf(':') + 1).strip();
                }
            }
        } catch (final IOException | RuntimeException e) {
            return "unknown (" + file + " unreadable)";
        }
        return "unknown";
    }
}
