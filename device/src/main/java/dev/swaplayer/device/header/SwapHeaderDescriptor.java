package dev.swaplayer.device.header;

import java.nio.charset.StandardCharsets;

/**
 * Byte layout of the Linux on-disk swap header, format version 1 ({@code union swap_header} in the
 * kernel's {@code include/linux/swap.h}). Offsets only: decoding and validation live in {@link SwapHeader}.
 *
 * <p>Thread safety: constants and pure functions only.
 *
 * <h2>Layout</h2>
 * The header fills page 0 of the swap area (slot 0, which is therefore never used for data). For a page
 * of {@code P} bytes:
 * <pre>
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                                                               |     0
 *   +                 bootbits (1024 bytes, untouched)              +
 *   |                                                               |
 *   +---------------------------------------------------------------+
 *   |                          version (= 1)                        |  1024
 *   +---------------------------------------------------------------+
 *   |                 last_page (pages in the area - 1)             |  1028
 *   +---------------------------------------------------------------+
 *   |                          nr_badpages                          |  1032
 *   +---------------------------------------------------------------+
 *   |                                                               |  1036
 *   +                    sws_uuid (16 raw bytes)                    +
 *   |                                                               |
 *   +---------------------------------------------------------------+
 *   |                                                               |  1052
 *   +               sws_volume: label (16 raw bytes)                +
 *   |                                                               |
 *   +---------------------------------------------------------------+
 *   |                                                               |  1068
 *   +                   padding (117 x 4 bytes)                     +
 *   |                                                               |
 *   +---------------------------------------------------------------+
 *   |                        badpages[0]                            |  1536
 *   +---------------------------------------------------------------+
 *   |                        badpages[1] ...                        |  1540
 *   +---------------------------------------------------------------+
 *   |                              ...                              |
 *   +                               +-------------------------------+
 *   |                               |                               |  P - 10
 *   +-------------------------------+                               +
 *   |                  magic "SWAPSPACE2" (10 bytes)                |
 *   +---------------------------------------------------------------+  P
 * </pre>
 * The integer fields ({@code version}, {@code last_page}, {@code nr_badpages}, {@code badpages[]}) are
 * unsigned 32-bit values in the byte order of the machine that wrote the header; the uuid and the label
 * are byte arrays and have no byte order. The magic moves with the page size (4086 for 4 KiB pages,
 * 16374 for 16 KiB, 65526 for 64 KiB), and so does the room left for bad pages:
 * {@code maxBadPages(P) = (magicOffset(P) - BADPAGES_OFFSET) / 4}, i.e. (4086 - 1536) / 4 = 637 for 4 KiB
 * pages, the kernel's {@code MAX_SWAP_BADPAGES}.
 *
 * <p>The old version-0 format kept the magic {@code "SWAP-SPACE"} at the same place and a bitmap in the
 * rest of the page; Linux no longer accepts it.
 *
 * <h2>Implementation notes</h2>
 * Page sizes from {@value #MIN_PAGE_SIZE} to {@value #MAX_PAGE_SIZE} bytes (powers of two) are supported,
 * the range util-linux {@code mkswap -p} and {@code blkid} probe.
 */
public final class SwapHeaderDescriptor {
    /** Width of every integer field, in bytes ({@code __u32}). */
    public static final int U32_LENGTH = 4;
    /** Length of the boot block kept in front of the header. */
    public static final int BOOTBITS_LENGTH = 1024;
    /** Length of the raw UUID. */
    public static final int UUID_LENGTH = 16;
    /** Length of the raw volume label; a label of exactly this length has no terminating NUL. */
    public static final int LABEL_LENGTH = 16;
    /** Number of 32-bit padding words between the label and the bad-page list. */
    public static final int PADDING_WORDS = 117;
    /** Length of the magic at the end of the page. */
    public static final int MAGIC_LENGTH = 10;
    /** The magic of format version 1. */
    public static final String MAGIC_V1 = "SWAPSPACE2";
    /** The magic of the obsolete format version 0. */
    public static final String MAGIC_V0 = "SWAP-SPACE";
    /** The only supported {@code version} field value. */
    public static final int VERSION_1 = 1;
    /** Smallest supported page size. */
    public static final int MIN_PAGE_SIZE = 4096;
    /** Largest supported page size. */
    public static final int MAX_PAGE_SIZE = 65536;
    /** Page size of x86-64, the default everywhere in this module. */
    public static final int DEFAULT_PAGE_SIZE = 4096;

    /** Offset of {@code bootbits}. */
    public static final int BOOTBITS_OFFSET;
    /** Offset of {@code version}. */
    public static final int VERSION_OFFSET;
    /** Offset of {@code last_page}. */
    public static final int LAST_PAGE_OFFSET;
    /** Offset of {@code nr_badpages}. */
    public static final int NR_BADPAGES_OFFSET;
    /** Offset of {@code sws_uuid}. */
    public static final int UUID_OFFSET;
    /** Offset of {@code sws_volume} (the label). */
    public static final int LABEL_OFFSET;
    /** Offset of {@code padding}. */
    public static final int PADDING_OFFSET;
    /** Offset of {@code badpages[0]}. */
    public static final int BADPAGES_OFFSET;

    static final byte[] MAGIC_V1_BYTES = MAGIC_V1.getBytes(StandardCharsets.US_ASCII);
    static final byte[] MAGIC_V0_BYTES = MAGIC_V0.getBytes(StandardCharsets.US_ASCII);

    static {
        // Declaration order is layout order: each offset is the previous one plus the previous length.
        int offset = 0;
        BOOTBITS_OFFSET = offset;
        offset += BOOTBITS_LENGTH;
        VERSION_OFFSET = offset;
        offset += U32_LENGTH;
        LAST_PAGE_OFFSET = offset;
        offset += U32_LENGTH;
        NR_BADPAGES_OFFSET = offset;
        offset += U32_LENGTH;
        UUID_OFFSET = offset;
        offset += UUID_LENGTH;
        LABEL_OFFSET = offset;
        offset += LABEL_LENGTH;
        PADDING_OFFSET = offset;
        offset += PADDING_WORDS * U32_LENGTH;
        BADPAGES_OFFSET = offset;
        // The kernel's struct puts badpages[] at 1536; a wrong width above would silently move every field.
        if (BADPAGES_OFFSET != 1536 || MAGIC_V1_BYTES.length != MAGIC_LENGTH || MAGIC_V0_BYTES.length != MAGIC_LENGTH) {
            throw new ExceptionInInitializerError("swap header layout: badpages at " + BADPAGES_OFFSET
                    + " (expected: 1536)");
        }
    }

    private SwapHeaderDescriptor() {
    }

    /**
     * Returns where the 10-byte magic starts: {@code pageSize - 10}.
     *
     * @param pageSize the page size in bytes
     */
    public static int magicOffset(final int pageSize) {
        return pageSize - MAGIC_LENGTH;
    }

    /**
     * Returns how many bad-page entries fit between {@code badpages[0]} and the magic (637 for 4 KiB).
     *
     * @param pageSize the page size in bytes
     */
    public static int maxBadPages(final int pageSize) {
        return (magicOffset(pageSize) - BADPAGES_OFFSET) / U32_LENGTH;
    }

    /**
     * Returns the byte offset of {@code badpages[index]}.
     *
     * @param index the index into {@code badpages[]}
     */
    public static int badPageOffset(final int index) {
        return BADPAGES_OFFSET + index * U32_LENGTH;
    }

    /**
     * Returns whether it is a power of two in {@value #MIN_PAGE_SIZE}..{@value #MAX_PAGE_SIZE}.
     *
     * @param pageSize a page size
     */
    public static boolean isValidPageSize(final int pageSize) {
        return pageSize >= MIN_PAGE_SIZE && pageSize <= MAX_PAGE_SIZE && Integer.bitCount(pageSize) == 1;
    }

    /**
     * Checks a page size.
     *
     * @param pageSize a page size
     * @return pageSize
     * @throws IllegalArgumentException unless {@link #isValidPageSize(int)}
     */
    public static int checkPageSize(final int pageSize) {
        if (!isValidPageSize(pageSize)) {
            throw new IllegalArgumentException("pageSize: " + pageSize + " (expected: a power of two in "
                    + MIN_PAGE_SIZE + ".." + MAX_PAGE_SIZE + ")");
        }
        return pageSize;
    }
}
