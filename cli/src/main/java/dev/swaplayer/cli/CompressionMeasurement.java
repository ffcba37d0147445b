package dev.swaplayer.cli;

import static dev.swaplayer.cli.DeviceCommand.PAGE;

import dev.swaplayer.device.Algorithm;
import dev.swaplayer.device.CompressedRamDevice;
import dev.swaplayer.device.MmStat;
import dev.swaplayer.device.UserInput;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * What {@code device compress-stats} measures, and how: a file's pages stored unit by unit in a
 * {@link CompressedRamDevice}, zram's {@code mm_stat} afterwards, the CPU time of the device calls, and the
 * first page that read back different.
 *
 * <p>Thread safety: not thread-safe; one command fills it on the main thread.
 *
 * <h2>Layout on the device</h2>
 * <pre>
 *   slot    0 .. k-1   k .. 2k-1   2k .. 3k-1   ...      k = unit / 4096 pages
 *   unit    unused     file unit 0 file unit 1  ...      (unit 0 holds slot 0, the header's)
 * </pre>
 * A final partial unit is zero-padded when read back from the file and written page by page, then flushed.
 */
final class CompressionMeasurement {
    /** The file's size in bytes. */
    long inputBytes;
    /** The file's pages of {@value DeviceCommand#PAGE} bytes, the last one partial. */
    long pages;
    /** zram's {@code mm_stat} after every unit was stored. */
    MmStat stat;
    /** CPU time of the device's writes, or null when the JVM cannot measure it. */
    Double compressCpuMs;
    /** CPU time of the device's reads, or null when the JVM cannot measure it. */
    Double decompressCpuMs;
    /** The first page that read back different, or -1. */
    long mismatchPage = -1;

    private CompressionMeasurement() {
    }

    /** Turns on the thread CPU clock when the JVM has one; returns whether it has. */
    private static boolean cpuTimeOn(final ThreadMXBean cpu) {
        final boolean timed = cpu.isCurrentThreadCpuTimeSupported();
        if (timed && !cpu.isThreadCpuTimeEnabled()) {
            cpu.setThreadCpuTimeEnabled(true);
        }
        return timed;
    }

    /**
     * Stores the file unit by unit (data page {@code i} in slot {@code k + i}, so units stay aligned and unit
     * 0, which holds slot 0, is unused), then reads every unit back and compares. Whole units go through
     * {@code writeUnit}; the pages of a final partial unit are written one by one and sealed by a flush.
     * Only the device calls are timed.
     */
    static CompressionMeasurement measure(final Path input, final Algorithm algorithm, final int unitBytes,
            final LongConsumer progress) throws IOException {
        final CompressionMeasurement m = new CompressionMeasurement();
        final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        final boolean timed = cpuTimeOn(cpu);
        final int k = unitBytes / PAGE;
        try (FileChannel ch = FileChannel.open(input, StandardOpenOption.READ)) {
            m.inputBytes = ch.size();
            if (m.inputBytes == 0) {
                throw new UserError("FILE: " + UserInput.escape(input.toString()) + " is empty (expected: at least"
                        + " one byte; files of /proc and /sys report a size of 0)");
            }
            checkHeap(m.inputBytes);
            m.pages = (m.inputBytes + PAGE - 1) / PAGE;
            final long units = (m.pages + k - 1) / k;
            final long capacity = (units + 1) * k;
            if (capacity > CompressedRamDevice.MAX_CAPACITY) {
                throw new UserError("FILE: " + m.inputBytes + " bytes (expected: at most 2^32 - " + k + " pages)");
            }
            try (CompressedRamDevice d = CompressedRamDevice.builder(capacity).algorithm(algorithm)
                    .unitBytes(unitBytes).build()) {
                final ByteBuffer buf = ByteBuffer.allocate(unitBytes);
                long compressNs = 0;
                for (long u = 0; u < units; u++) {
                    final int dataPages = readUnit(ch, buf, u, m.pages, k);
                    final long firstSlot = (u + 1) * k;
                    final long t0 = timed ? cpu.getCurrentThreadCpuTime() : 0;
                    if (dataPages == k) {
                        d.writeUnit(firstSlot, buf);
                    } else {
                        for (int i = 0; i < dataPages; i++) {
                            d.write(firstSlot + i, buf.slice(i * PAGE, PAGE));
                        }
                        d.flush();
                    }
                    compressNs += timed ? cpu.getCurrentThreadCpuTime() - t0 : 0;
                    progress.accept(dataPages);
                }
                m.stat = d.mmStat();
                final ByteBuffer expected = ByteBuffer.allocate(unitBytes);
                final ByteBuffer actual = ByteBuffer.allocate(unitBytes);
                long decompressNs = 0;
                for (long u = 0; u < units && m.mismatchPage < 0; u++) {
                    progress.accept(readUnit(ch, expected, u, m.pages, k));
                    actual.clear();
                    final long t0 = timed ? cpu.getCurrentThreadCpuTime() : 0;
                    d.readUnit((u + 1) * k, actual);
                    decompressNs += timed ? cpu.getCurrentThreadCpuTime() - t0 : 0;
                    final int at = Arrays.mismatch(expected.array(), actual.array());
                    if (at >= 0) {
                        m.mismatchPage = u * k + at / PAGE;
                    }
                }
                m.compressCpuMs = timed ? nanosToMillis(compressNs) : null;
                m.decompressCpuMs = timed ? nanosToMillis(decompressNs) : null;
            }
        }
        return m;
    }

    /** Returns the file's pages of {@value DeviceCommand#PAGE} bytes, the last one partial (0 if unreadable). */
    static long pagesOf(final Path input) {
        try {
            return (Files.size(input) + PAGE - 1) / PAGE;
        } catch (final IOException e) {
            return 0;
        }
    }

    /** Fills {@code buf} with unit {@code u} of the file, zero-padded; returns how many data pages it holds. */
    private static int readUnit(final FileChannel ch, final ByteBuffer buf, final long u, final long pages, final int k)
            throws IOException {
        buf.clear();
        Arrays.fill(buf.array(), buf.arrayOffset(), buf.arrayOffset() + buf.capacity(), (byte) 0);
        final long pos = u * k * (long) PAGE;
        while (buf.hasRemaining()) {
            if (ch.read(buf, pos + buf.position()) < 0) {
                break;
            }
        }
        buf.clear();
        return (int) Math.min(k, pages - u * k);
    }

    private static double nanosToMillis(final long nanos) {
        return Math.round(nanos / 1000.0) / 1000.0;
    }

    /**
     * Refuses a file of {@code bytes} whose compressed form might not fit in the heap: in the worst case (pages
     * that do not compress, stored whole as zram's huge pages) it takes as much heap as the file.
     */
    static void checkHeap(final long bytes) {
        final Runtime rt = Runtime.getRuntime();
        final long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (bytes > free - (free >> 3)) {
            throw new UserError("FILE: " + bytes + " bytes (expected: at most " + (free - (free >> 3)) + " bytes, "
                    + "7/8 of the free heap, since pages that do not compress are kept whole; use a larger heap, "
                    + "e.g. JAVA_TOOL_OPTIONS=-Xmx" + Math.max(2, (bytes >> 30) * 2 + 2) + "g, or a part of the file)");
        }
    }
}
