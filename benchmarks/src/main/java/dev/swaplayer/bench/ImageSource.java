package dev.swaplayer.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * The bytes the swap and compression benchmarks write: a sample of a memory image (for example a core file
 * made with {@code gcore}), or a deterministic synthetic image when none is given.
 *
 * <p>Thread safety: stateless.
 *
 * <p>A file is sampled in {@value #WINDOW}-byte windows spread evenly over it, so a large core file is
 * represented by its whole length, not only its first pages. The synthetic image is a seeded mix of 4 KiB
 * pages: 30% zero, 30% heap-like (8-byte words: small integers and pointers that share their high bits),
 * 30% text-like (words from a small vocabulary), 10% random (already compressed data).
 */
public final class ImageSource {
    /** Bytes read from one place of an image file. */
    static final int WINDOW = 1 << 20;
    /** The unit every sample is a multiple of: one 64 KiB folio. */
    static final int FOLIO = 1 << 16;
    private static final int PAGE = 4096;
    private static final String[] WORDS = {
        "swap ", "slot ", "folio ", "cluster ", "order ", "entry ", "count ", "cache ", "the ", "of ", "a ",
        "memory ", "page ", "free ", "used ", "kernel ", "java.lang.", "String", "Object", "\n", "    ", "= ",
    };

    private ImageSource() {
    }

    /** Returns "synthetic" or the file name, as the report names it. */
    static String describe(final String path) {
        return path == null || path.isEmpty() ? "synthetic" : path;
    }

    /**
     * Returns the sample; shorter when the file is (but at least one folio).
     *
     * @param path an image file, or "" for the synthetic image
     * @param bytes how many bytes to sample, a positive multiple of {@value #FOLIO}
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when the file is shorter than one folio
     */
    public static byte[] load(final String path, final int bytes) throws IOException {
        if (bytes <= 0 || bytes % FOLIO != 0) {
            throw new IllegalArgumentException("bytes: " + bytes + " (expected: a positive multiple of " + FOLIO + ")");
        }
        return path == null || path.isEmpty() ? synthetic(bytes, AllocatorBench.SEED) : sample(Path.of(path), bytes);
    }

    static byte[] sample(final Path file, final int bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            final long size = ch.size();
            if (size < FOLIO) {
                throw new IllegalArgumentException("image: " + file + " has " + size + " bytes (expected: at least "
                        + FOLIO + ")");
            }
            final int total = (int) Math.min(bytes, size / FOLIO * FOLIO);
            final byte[] out = new byte[total];
            final int windows = (total + WINDOW - 1) / WINDOW;
            final long stride = windows == 1 ? 0 : (size - WINDOW) / (windows - 1) / PAGE * PAGE;
            for (int w = 0; w < windows; w++) {
                final int len = Math.min(WINDOW, total - w * WINDOW);
                final ByteBuffer dst = ByteBuffer.wrap(out, w * WINDOW, len);
                long pos = Math.min((long) w * stride, size - len);
                while (dst.hasRemaining()) {
                    final int n = ch.read(dst, pos);
                    if (n < 0) {
                        throw new IOException("image: " + file + " ended early at byte " + pos);
                    }
                    pos += n;
                }
            }
            return out;
        }
    }

    /**
     * Returns the synthetic image described in the class comment.
     *
     * @param bytes a multiple of 4096
     * @param seed the seed
     */
    static byte[] synthetic(final int bytes, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final byte[] out = new byte[bytes];
        final ByteBuffer b = ByteBuffer.wrap(out);
        final long pointerBase = 0x0000_7f00_0000_0000L | ((random.nextLong() & 0xff_ffffL) << 16);
        for (int page = 0; page < bytes / PAGE; page++) {
            final int kind = random.nextInt(10);
            final int at = page * PAGE;
            if (kind < 3) {
                // zero page: left as allocated
            } else if (kind < 6) {
                for (int i = 0; i < PAGE; i += Long.BYTES) {
                    final long word = random.nextInt(3) == 0 ? random.nextInt(256)
                            : pointerBase + ((long) random.nextInt(1 << 16) << 3);
                    b.putLong(at + i, word);
                }
            } else if (kind < 9) {
                int i = 0;
                while (i < PAGE) {
                    final byte[] w = WORDS[random.nextInt(WORDS.length)].getBytes(StandardCharsets.US_ASCII);
                    for (int j = 0; j < w.length && i < PAGE; j++) {
                        out[at + i++] = w[j];
                    }
                }
            } else {
                for (int i = 0; i < PAGE; i++) {
                    out[at + i] = (byte) random.nextInt(256);
                }
            }
        }
        return out;
    }

    /**
     * Fails early, before any benchmark starts, when an image file cannot be used.
     *
     * @param path the file
     * @return a one-line problem, or null when it is usable
     */
    static String problem(final Path path) {
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            return "--image: " + path + " (expected: a readable file)";
        }
        try {
            if (Files.size(path) < FOLIO) {
                return "--image: " + path + " (expected: a file of at least " + FOLIO + " bytes)";
            }
        } catch (final IOException e) {
            return "--image: " + path + " (expected: a readable file; " + e.getMessage() + ")";
        }
        return null;
    }
}
