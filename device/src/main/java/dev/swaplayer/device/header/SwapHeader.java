package dev.swaplayer.device.header;

import static dev.swaplayer.device.header.SwapHeaderDescriptor.LABEL_LENGTH;
import static dev.swaplayer.device.header.SwapHeaderDescriptor.LABEL_OFFSET;
import static dev.swaplayer.device.header.SwapHeaderDescriptor.LAST_PAGE_OFFSET;
import static dev.swaplayer.device.header.SwapHeaderDescriptor.MAGIC_LENGTH;
import static dev.swaplayer.device.header.SwapHeaderDescriptor.MAGIC_V0_BYTES;
import static dev.swaplayer.device.header.SwapHeaderDescriptor.MAGIC_V1;
import static dev.swaplayer.device.header.SwapHeaderDescriptor.MAGIC_V1_BYTES;
import static dev.swaplayer.device.header.SwapHeaderDescriptor.NR_BADPAGES_OFFSET;
import static dev.swaplayer.device.header.SwapHeaderDescriptor.UUID_LENGTH;
import static dev.swaplayer.device.header.SwapHeaderDescriptor.UUID_OFFSET;
import static dev.swaplayer.device.header.SwapHeaderDescriptor.VERSION_1;
import static dev.swaplayer.device.header.SwapHeaderDescriptor.VERSION_OFFSET;
import static dev.swaplayer.device.header.SwapHeaderDescriptor.badPageOffset;
import static dev.swaplayer.device.header.SwapHeaderDescriptor.magicOffset;
import static dev.swaplayer.device.header.SwapHeaderDescriptor.maxBadPages;

import dev.swaplayer.device.UserInput;
import dev.swaplayer.device.header.SwapHeaderException.Problem;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * The decoded content of a version-1 swap header page: page size, byte order, {@code last_page}, bad
 * pages, UUID and label. {@link #decode} validates a page the way the kernel's {@code read_swap_header}
 * and {@code setup_swap_map_and_extents} (v6.12) do; {@link #create} builds a header for a new area and {@link #encode}
 * writes it. The layout is drawn in {@link SwapHeaderDescriptor}.
 *
 * <p>Thread safety: immutable.
 *
 * <h2>Byte order</h2>
 * The integer fields are in the byte order of the machine that wrote them. The kernel's rule is: if
 * {@code version} read byte-swapped equals 1, byte-swap {@code version}, {@code last_page},
 * {@code nr_badpages} and every bad-page entry. This class applies the rule for a little-endian host
 * (x86-64): a header whose {@code version} reads as 1 little-endian is {@link ByteOrder#LITTLE_ENDIAN},
 * one whose {@code version} reads as 1 big-endian is {@link ByteOrder#BIG_ENDIAN}. The UUID and label
 * are byte arrays and are never swapped. Headers made by {@link #create} are little-endian.
 *
 * <h2>Checks made by {@link #decode}, in order</h2>
 * <ol>
 *   <li>the area holds at least one page ({@link Problem#TRUNCATED});</li>
 *   <li>{@code "SWAPSPACE2"} at {@code P - 10} ({@link Problem#NO_SIGNATURE}; the v0 magic
 *       {@code "SWAP-SPACE"} is reported as {@link Problem#VERSION_0});</li>
 *   <li>{@code version == 1} in one of the two byte orders ({@link Problem#BAD_VERSION}); a byte-swapped header
 *       then has its {@code nr_badpages} bounded at once, as {@code read_swap_header} does while it swaps the
 *       list ({@link Problem#TOO_MANY_BAD_PAGES});</li>
 *   <li>{@code last_page != 0} ({@link Problem#EMPTY});</li>
 *   <li>{@code last_page + 1} pages fit in the area ({@link Problem#SHORTER_THAN_SIGNATURE});</li>
 *   <li>a regular file lists no bad pages, when the caller says the area is one
 *       ({@link Problem#BAD_PAGES_IN_FILE});</li>
 *   <li>{@code nr_badpages <= maxBadPages(P)}, 637 for 4 KiB pages ({@link Problem#TOO_MANY_BAD_PAGES});</li>
 *   <li>each bad page in {@code 1..last_page} ({@link Problem#BAD_PAGE_OUT_OF_RANGE});</li>
 *   <li>at least one usable page left as swapon counts them, every entry subtracted
 *       ({@link Problem#NO_USABLE_PAGES}; see "Duplicate bad pages").</li>
 * </ol>
 *
 * <p><b>Bad pages in a regular file:</b> {@code swapon} rejects {@code nr_badpages != 0} on a regular
 * file (bad pages only make sense on a block device; {@code read_swap_header}). {@link #decode(ByteBuffer, long,
 * boolean)} applies that rule when told the area is a regular file, as {@code device inspect} does. The
 * two-argument {@link #decode(ByteBuffer, long)} accepts bad pages in any area, because the swap layer models
 * them on files too: the allocator must never hand them out, and {@code FileSwapDevice} refuses I/O to them.
 *
 * <h2>Duplicate bad pages</h2>
 * The kernel's {@code setup_swap_map_and_extents} (mm/swapfile.c, v6.12) walks the list entry by entry: each
 * entry in {@code 1..last_page} marks its page {@code SWAP_MAP_BAD} and decrements {@code nr_good_pages}, with
 * no check for repeats. A list {@code [7, 7, 3]} therefore marks two pages bad but subtracts three, and
 * {@code swapon} refuses the area ("Empty swap-file") when that count reaches 0 even if a page is left. This
 * class does the same: {@link #usablePages()} is the count of pages left out of {@code swap_map} (distinct bad
 * pages), {@link #swaponPages()} is the kernel's {@code si->pages} (every entry counted), and {@link #decode}
 * refuses a header whose {@code swaponPages()} is 0. When the entries outnumber the pages the kernel's
 * {@code unsigned int} count wraps around instead of reaching 0; this class refuses that header too.
 *
 * <h2>Implementation notes</h2>
 * {@code last_page} is an unsigned 32-bit value, so an area has at most 2<sup>32</sup> pages; like the
 * kernel (whose {@code si->max} is an {@code unsigned int}), {@link #pages()} is capped at
 * {@code 2^32 - 1} when {@code last_page} is {@code 0xFFFFFFFF}. At most {@code maxBadPages(P)} bad pages.
 */
public final class SwapHeader {
    /**
     * The smallest area swapon accepts, in the kernel's words: {@code setup_swap_map_and_extents} (mm/swapfile.c)
     * starts {@code nr_good_pages} at {@code maxpages - 1} ("omit header page") and refuses 0 as "Empty swap-file".
     */
    private static final String SMALLEST = "the header page and one good page";

    /** Largest {@code last_page}: the field is an unsigned 32-bit integer. */
    public static final long MAX_LAST_PAGE = 0xFFFF_FFFFL;

    private final int pageSize;
    private final ByteOrder byteOrder;
    private final long lastPage;
    private final long[] badPages;
    private final UUID uuid;
    private final byte[] label;

    private SwapHeader(final int pageSize, final ByteOrder byteOrder, final long lastPage, final long[] badPages,
            final UUID uuid, final byte[] label) {
        this.pageSize = pageSize;
        this.byteOrder = byteOrder;
        this.lastPage = lastPage;
        this.badPages = badPages;
        this.uuid = uuid;
        this.label = label;
    }

    /**
     * Builds the little-endian header of a new swap area, as {@code mkswap} would.
     *
     * @param pageSize the page size, a power of two in 4096..65536
     * @param pages the size of the area in pages, header page included: 2..2<sup>32</sup>
     *              ({@code last_page = pages - 1})
     * @param label the volume label, at most 16 bytes of UTF-8 without NUL; {@code ""} for none
     * @param uuid the UUID stored as 16 raw bytes, most significant byte first (as {@code mkswap} does)
     * @param badPages the bad pages, each in {@code 1..pages-1}, no duplicates, at most
     *                 {@code maxBadPages(pageSize)}, leaving at least one usable page; stored sorted
     * @return the header
     * @throws IllegalArgumentException when an argument is out of range; the message names it
     */
    public static SwapHeader create(final int pageSize, final long pages, final String label, final UUID uuid,
            final long... badPages) {
        SwapHeaderDescriptor.checkPageSize(pageSize);
        if (pages < 2 || pages > MAX_LAST_PAGE + 1) {
            throw new IllegalArgumentException("pages: " + pages + " (expected: 2.." + (MAX_LAST_PAGE + 1)
                    + ", the header page and at least one usable page)");
        }
        final byte[] labelBytes = checkLabel(label);
        Objects.requireNonNull(uuid, "uuid");
        final long[] bad = badPages.clone();
        Arrays.sort(bad);
        final int max = maxBadPages(pageSize);
        if (bad.length > max) {
            throw new IllegalArgumentException("badPages: " + UserInput.count(bad.length, "entry", "entries")
                    + " (expected: 0.." + max
                    + " for " + pageSize + "-byte pages)");
        }
        for (int i = 0; i < bad.length; i++) {
            if (bad[i] < 1 || bad[i] > pages - 1) {
                throw new IllegalArgumentException("badPages: " + bad[i] + " (expected: 1.." + (pages - 1) + ")");
            }
            if (i > 0 && bad[i] == bad[i - 1]) {
                throw new IllegalArgumentException("badPages: " + bad[i] + " listed twice (expected: distinct pages)");
            }
        }
        if (bad.length >= pages - 1) {
            throw new IllegalArgumentException("badPages: " + UserInput.count(bad.length, "entry", "entries")
                    + " (expected: at most " + (pages - 2) + " in " + pages + " pages, leaving at least one usable"
                    + " page)");
        }
        return new SwapHeader(pageSize, ByteOrder.LITTLE_ENDIAN, pages - 1, bad, uuid, labelBytes);
    }

    /**
     * Checks a label for {@link #create}: at most 16 bytes of UTF-8, no NUL (which would end it early).
     *
     * @param label the label; {@code null} means none
     * @return its UTF-8 bytes
     * @throws IllegalArgumentException when it is too long or holds a NUL
     */
    public static byte[] checkLabel(final String label) {
        if (label == null) {
            return new byte[0];
        }
        final byte[] bytes = label.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > LABEL_LENGTH) {
            throw new IllegalArgumentException("label: \"" + UserInput.show(label) + "\" is " + bytes.length
                    + " bytes (expected: at most " + LABEL_LENGTH + " bytes of UTF-8)");
        }
        if (label.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("label: \"" + escape(bytes) + "\" (expected: no NUL character)");
        }
        return bytes;
    }

    /**
     * Decodes and validates a header page, with the checks listed in the class comment.
     *
     * @param page the header page: exactly one page from its position to its limit (the page size is
     *             {@code page.remaining()}); neither the position nor the content is changed
     * @param areaBytes the size of the whole swap area (the file), which {@code last_page} must fit in
     * @return the header
     * @throws SwapHeaderException when the kernel would refuse the area; the message says why
     * @throws IllegalArgumentException when {@code page.remaining()} is not a supported page size
     */
    public static SwapHeader decode(final ByteBuffer page, final long areaBytes) throws SwapHeaderException {
        return decode(page, areaBytes, false);
    }

    /**
     * Decodes and validates a header page as swapon does for a regular file ({@code fileArea}) or a block
     * device: a regular file must list no bad pages ({@link Problem#BAD_PAGES_IN_FILE}, checked where {@code
     * read_swap_header} checks it: after the area's size, before the list itself).
     *
     * @param page the first page of the area (its remaining bytes are the page size)
     * @param areaBytes the size of the whole area in bytes
     * @param fileArea true for a regular file, false for a block device (or the image of one)
     * @return the header
     * @throws SwapHeaderException when swapon would refuse the area
     */
    public static SwapHeader decode(final ByteBuffer page, final long areaBytes, final boolean fileArea)
            throws SwapHeaderException {
        final int pageSize = SwapHeaderDescriptor.checkPageSize(page.remaining());
        if (areaBytes < pageSize) {
            throw new SwapHeaderException(Problem.TRUNCATED, "file: " + UserInput.count(areaBytes, "byte", "bytes")
                    + " (expected: at least " + 2 * pageSize + " bytes, 2 pages: " + SMALLEST + ")");
        }
        final ByteBuffer p = page.slice();
        checkMagic(p, pageSize);
        final ByteOrder order = detectByteOrder(p);
        p.order(order);
        if (order == ByteOrder.BIG_ENDIAN) { // swapped: read_swap_header bounds the list as it swaps it, first
            checkBadPageCount(p, pageSize);
        }
        final long lastPage = u32(p, LAST_PAGE_OFFSET);
        final long areaPages = areaBytes / pageSize;
        if (lastPage == 0) { // in a one-page file no last_page will do: the file must grow too
            throw new SwapHeaderException(Problem.EMPTY, "last_page: 0 (expected: at least 1" + (areaPages < 2
                    ? ", in a file of at least 2 pages, " + SMALLEST + "; this one holds 1 page" : "")
                    + "): empty swap-file");
        }
        final long pages = Math.min(lastPage + 1, MAX_LAST_PAGE);
        if (pages > areaPages) {
            throw new SwapHeaderException(Problem.SHORTER_THAN_SIGNATURE, "swap area shorter than signature indicates: "
                    + "last_page " + lastPage + " but the file holds " + UserInput.count(areaPages, "page", "pages")
                    + " (expected: " + (areaPages < 2 ? "a file of at least 2 pages, " + SMALLEST + "; last_page 0"
                    + " is an empty swap-file" : "last_page <= " + (areaPages - 1)) + ")");
        }
        if (fileArea && u32(p, NR_BADPAGES_OFFSET) != 0) {
            throw new SwapHeaderException(Problem.BAD_PAGES_IN_FILE, "nr_badpages: " + u32(p, NR_BADPAGES_OFFSET)
                    + " (expected: 0 in a regular file; swapon refuses bad pages there with EINVAL, read_swap_header"
                    + " in mm/swapfile.c: they are for block devices)");
        }
        final long[] bad = readBadPages(p, pageSize, lastPage);
        final long good = swaponPages(pages, bad);
        if (good < 1) {
            throw new SwapHeaderException(Problem.NO_USABLE_PAGES, "usable pages: " + good + " (expected: at least 1;"
                    + " last_page " + lastPage + " with " + UserInput.count(bad.length, "bad-page entry",
                    "bad-page entries") + " leaves none"
                    + (good < 0 ? ", and swapon's unsigned count would wrap around" : "")
                    + (Arrays.stream(bad).distinct().count() < bad.length ? "; swapon counts a repeated entry each time"
                    : "") + "): empty swap-file");
        }
        final byte[] uuidBytes = new byte[UUID_LENGTH];
        p.get(UUID_OFFSET, uuidBytes);
        final ByteBuffer ub = ByteBuffer.wrap(uuidBytes);
        final byte[] rawLabel = new byte[LABEL_LENGTH];
        p.get(LABEL_OFFSET, rawLabel);
        int labelLength = 0;
        while (labelLength < LABEL_LENGTH && rawLabel[labelLength] != 0) {
            labelLength++;
        }
        return new SwapHeader(pageSize, order, lastPage, bad, new UUID(ub.getLong(), ub.getLong()),
                Arrays.copyOf(rawLabel, labelLength));
    }

    private static void checkMagic(final ByteBuffer p, final int pageSize) throws SwapHeaderException {
        final byte[] magic = new byte[MAGIC_LENGTH];
        p.get(magicOffset(pageSize), magic);
        if (Arrays.equals(magic, MAGIC_V1_BYTES)) {
            return;
        }
        if (Arrays.equals(magic, MAGIC_V0_BYTES)) {
            throw new SwapHeaderException(Problem.VERSION_0, "swap signature at offset " + magicOffset(pageSize)
                    + ": \"" + escape(magic) + "\" (expected: \"" + MAGIC_V1 + "\"; the version-0 format is no"
                    + " longer supported by Linux: run mkswap again)");
        }
        throw new SwapHeaderException(Problem.NO_SIGNATURE, "swap signature at offset " + magicOffset(pageSize)
                + ": \"" + escape(magic) + "\" (expected: \"" + MAGIC_V1 + "\"): unable to find swap-space signature");
    }

    private static ByteOrder detectByteOrder(final ByteBuffer p) throws SwapHeaderException {
        final int version = p.order(ByteOrder.LITTLE_ENDIAN).getInt(VERSION_OFFSET);
        if (version == VERSION_1) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (Integer.reverseBytes(version) == VERSION_1) {
            return ByteOrder.BIG_ENDIAN;
        }
        throw new SwapHeaderException(Problem.BAD_VERSION, "version: " + Integer.toUnsignedString(version)
                + " (expected: 1, little- or big-endian): unable to handle swap header version");
    }

    /** {@code nr_badpages}, refused above {@code MAX_SWAP_BADPAGES} ({@link Problem#TOO_MANY_BAD_PAGES}). */
    private static long checkBadPageCount(final ByteBuffer p, final int pageSize) throws SwapHeaderException {
        final long nrBadPages = u32(p, NR_BADPAGES_OFFSET);
        final int max = maxBadPages(pageSize);
        if (nrBadPages > max) {
            throw new SwapHeaderException(Problem.TOO_MANY_BAD_PAGES, "nr_badpages: " + nrBadPages + " (expected: 0.."
                    + max + " for " + pageSize + "-byte pages)");
        }
        return nrBadPages;
    }

    private static long[] readBadPages(final ByteBuffer p, final int pageSize, final long lastPage)
            throws SwapHeaderException {
        final long[] bad = new long[(int) checkBadPageCount(p, pageSize)];
        for (int i = 0; i < bad.length; i++) {
            bad[i] = u32(p, badPageOffset(i));
            if (bad[i] < 1 || bad[i] > lastPage) {
                throw new SwapHeaderException(Problem.BAD_PAGE_OUT_OF_RANGE, "badpages[" + i + "]: " + bad[i]
                        + " (expected: 1.." + lastPage + ", i.e. 1..last_page)");
            }
        }
        return bad;
    }

    private static long u32(final ByteBuffer p, final int offset) {
        return Integer.toUnsignedLong(p.getInt(offset));
    }

    /**
     * Returns this header with another byte order for the integer fields (to build foreign-endian areas).
     *
     * @param order the byte order {@link #encode} will use
     * @return a header equal to this one but for the byte order
     */
    public SwapHeader withByteOrder(final ByteOrder order) {
        return new SwapHeader(pageSize, Objects.requireNonNull(order, "order"), lastPage, badPages, uuid, label);
    }

    /**
     * Writes the header fields into a page: version, last_page, nr_badpages, uuid, label (zero-padded to
     * 16 bytes), the bad-page entries and the magic. The boot bits, the padding and the unused bad-page
     * entries are left as they are.
     *
     * @param page exactly one page of {@link #pageSize()} bytes from its position; the position is not moved
     * @throws IllegalArgumentException when {@code page.remaining()} is not the page size
     */
    public void encodeInto(final ByteBuffer page) {
        if (page.remaining() != pageSize) {
            throw new IllegalArgumentException("page.remaining(): " + page.remaining() + " (expected: " + pageSize
                    + ")");
        }
        final ByteBuffer p = page.slice().order(byteOrder);
        p.putInt(VERSION_OFFSET, VERSION_1);
        p.putInt(LAST_PAGE_OFFSET, (int) lastPage);
        p.putInt(NR_BADPAGES_OFFSET, badPages.length);
        // The UUID is a byte array, most significant byte first, whatever the byte order of the integers.
        p.put(UUID_OFFSET, ByteBuffer.allocate(UUID_LENGTH).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array());
        p.put(LABEL_OFFSET, Arrays.copyOf(label, LABEL_LENGTH));
        for (int i = 0; i < badPages.length; i++) {
            p.putInt(badPageOffset(i), (int) badPages[i]);
        }
        p.put(magicOffset(pageSize), MAGIC_V1_BYTES);
    }

    /**
     * Returns a fresh page (zero boot bits and padding) holding this header.
     */
    public ByteBuffer encode() {
        final ByteBuffer page = ByteBuffer.allocate(pageSize);
        encodeInto(page);
        return page;
    }

    /** Returns the page size the header was written for. */
    public int pageSize() {
        return pageSize;
    }

    /** Returns the byte order of the integer fields. */
    public ByteOrder byteOrder() {
        return byteOrder;
    }

    /** Returns the format version: always 1. */
    public int version() {
        return VERSION_1;
    }

    /** Returns {@code last_page}, the index of the last page of the area (unsigned 32-bit). */
    public long lastPage() {
        return lastPage;
    }

    /** Returns the size of the area in pages, header included: {@code last_page + 1} (capped at 2^32 - 1). */
    public long pages() {
        return Math.min(lastPage + 1, MAX_LAST_PAGE);
    }

    /**
     * Returns the pages left for data, those {@code swap_map} does not mark bad: {@link #pages()} minus the header.
     *
     * @return the pages left for data, those {@code swap_map} does not mark bad: {@link #pages()} minus the header
     *     minus the distinct bad pages (see {@link #swaponPages()} for the kernel's count)
     */
    public long usablePages() {
        return pages() - 1 - Arrays.stream(badPages).distinct().count();
    }

    /**
     * Returns the kernel's {@code si->pages} for this header: {@link #pages()} minus the header minus every.
     *
     * @return the kernel's {@code si->pages} for this header: {@link #pages()} minus the header minus every
     *     bad-page entry below {@code pages()}, a repeated entry counted each time ({@code setup_swap_map_and_extents},
     *     mm/swapfile.c, v6.12); equal to {@link #usablePages()} when no entry repeats
     */
    public long swaponPages() {
        return swaponPages(pages(), badPages);
    }

    private static long swaponPages(final long pages, final long[] bad) {
        return pages - 1 - Arrays.stream(bad).filter(b -> b < pages).count();
    }

    /** Returns {@code nr_badpages}. */
    public int nrBadPages() {
        return badPages.length;
    }

    /** Returns the bad-page entries in header order (a copy). */
    public long[] badPages() {
        return badPages.clone();
    }

    /** Returns the UUID (all zero when the tool that made the area wrote none). */
    public UUID uuid() {
        return uuid;
    }

    /** Returns the label bytes up to the first NUL (a copy). */
    public byte[] labelBytes() {
        return label.clone();
    }

    /** Returns the label decoded as UTF-8 (malformed bytes become U+FFFD); {@code ""} when there is none. */
    public String label() {
        return new String(label, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(final Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SwapHeader h)) {
            return false;
        }
        return pageSize == h.pageSize && byteOrder.equals(h.byteOrder) && lastPage == h.lastPage
                && Arrays.equals(badPages, h.badPages) && uuid.equals(h.uuid) && Arrays.equals(label, h.label);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pageSize, byteOrder, lastPage, Arrays.hashCode(badPages), uuid, Arrays.hashCode(label));
    }

    @Override
    public String toString() {
        return "SwapHeader(v1 " + (byteOrder == ByteOrder.LITTLE_ENDIAN ? "little" : "big") + "-endian, "
                + pageSize + "-byte pages, last_page " + lastPage + ", " + badPages.length + " bad, label \""
                + escape(label) + "\", uuid " + uuid + ")";
    }

    /**
     * Bytes for a message, between double quotes: {@link UserInput#escapeBytes} (printable UTF-8 as is, every
     * other byte and the backslash as {@code \xNN}), the double quote as {@code \x22} too.
     */
    static String escape(final byte[] bytes) {
        return UserInput.escapeBytes(bytes).replace("\"", "\\x22");
    }
}
