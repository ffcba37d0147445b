package dev.swaplayer.simulator;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The deterministic contents of a simulated page, a pure function of (region, page, version), mixed so
 * that a compressed device sees something like anonymous memory.
 *
 * <p>Thread safety: stateless.
 *
 * <p>Version 0 is a page never written: zeros (fresh anonymous memory). A written version picks one kind
 * from a 64-bit hash of the triple:
 * <ul>
 *   <li>20 % same-filled: one 8-byte word repeated, zero half of the time (zram's {@code same_pages});</li>
 *   <li>50 % text-like: a line of words repeated with variations (words, decimal numbers), which LZ4
 *       shrinks to roughly a third;</li>
 *   <li>30 % random bytes: incompressible (zram keeps them as {@code huge_pages}).</li>
 * </ul>
 * Successive versions of one page differ (except that two same-filled versions may share a word), so a
 * device that returns a stale copy of a page is caught.
 */
final class PageContent {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[][] WORDS = words("the swap slot folio cluster order page entry count cache zram "
            + "device extent buddy compound descriptor free list nonfull frag discard reclaim fault memory anon "
            + "mapping offset header kernel process region write pageout dontneed");
    private static final byte[][] NUMBERS = IntStream.range(0, 1024)
            .mapToObj(n -> (n * 37 + "\n").getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

    /** The kinds, by hash modulo 10. */
    enum Kind {
        ZERO, SAME, TEXT, RANDOM
    }

    private PageContent() {
    }

    private static byte[][] words(final String text) {
        return Arrays.stream(text.split(" ")).map(w -> (w + " ").getBytes(StandardCharsets.US_ASCII))
                .toArray(byte[][]::new);
    }

    /** SplitMix64's finaliser over the packed triple. */
    static long hash(final int region, final int page, final int version) {
        long z = ((long) region << 48) ^ ((long) page << 20) ^ version ^ 0x9E3779B97F4A7C15L * (version + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Returns the kind of that version of the page. */
    static Kind kind(final int region, final int page, final int version) {
        if (version == 0) {
            return Kind.ZERO;
        }
        final long h = hash(region, page, version);
        final int bucket = (int) Long.remainderUnsigned(h, 10);
        if (bucket < 2) {
            return (h >>> 40 & 1) == 0 ? Kind.ZERO : Kind.SAME;
        }
        return bucket < 7 ? Kind.TEXT : Kind.RANDOM;
    }

    /**
     * Writes the page's contents to {@code dst[off .. off + pageSize)}.
     *
     * @param pageSize a multiple of 8
     */
    static void fill(final int region, final int page, final int version, final byte[] dst, final int off,
            final int pageSize) {
        final long h = hash(region, page, version);
        switch (kind(region, page, version)) {
            case ZERO -> Arrays.fill(dst, off, off + pageSize, (byte) 0);
            case SAME -> {
                for (int i = 0; i < pageSize; i += Long.BYTES) {
                    LONGS.set(dst, off + i, h);
                }
            }
            case TEXT -> text(h, dst, off, pageSize);
            case RANDOM -> {
                long x = h | 1;
                for (int i = 0; i < pageSize; i += Long.BYTES) {
                    x ^= x << 13;
                    x ^= x >>> 7;
                    x ^= x << 17;
                    LONGS.set(dst, off + i, x);
                }
            }
            default -> throw new AssertionError();
        }
    }

    /**
     * Text-like: a line of eight words picked for the page, repeated, with one word in eight replaced by
     * another word or a number (log lines, a symbol table, a heap of similar records).
     */
    private static void text(final long h, final byte[] dst, final int off, final int pageSize) {
        long x = h | 1;
        final byte[][] line = new byte[8][];
        for (int i = 0; i < line.length; i++) {
            x = xorshift(x);
            line[i] = WORDS[(int) Long.remainderUnsigned(x, WORDS.length)];
        }
        int i = off;
        final int end = off + pageSize;
        for (int pos = 0; i < end; pos++) {
            x = xorshift(x);
            final byte[] w = (x & 7) != 0 ? line[pos & 7]
                    : (x & 8) != 0 ? WORDS[(int) Long.remainderUnsigned(x >>> 8, WORDS.length)]
                    : NUMBERS[(int) (x >>> 32) & (NUMBERS.length - 1)];
            final int n = Math.min(w.length, end - i);
            System.arraycopy(w, 0, dst, i, n);
            i += n;
        }
    }

    private static long xorshift(final long v) {
        long x = v;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        return x;
    }
}
