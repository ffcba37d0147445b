package dev.swaplayer.spec;

/**
 * The expected outcomes of {@code dup} and {@code cacheAdd}, after the kernel's {@code __swap_duplicate}.
 *
 * <table>
 *   <caption>Outcome table</caption>
 *   <tr><th>operation</th><th>condition</th><th>outcome</th><th>kernel</th></tr>
 *   <tr><td>dup</td><td>slot in use, count &lt; 2^31-1</td><td>{@link #OK}, count + 1</td><td>0</td></tr>
 *   <tr><td>dup</td><td>count == 2^31-1</td><td>{@link #COUNT_OVERFLOW}, unchanged</td>
 *       <td>-ENOMEM (continuation)</td></tr>
 *   <tr><td>dup</td><td>count == {@link MetadataBudget#INLINE_COUNT_MAX} and the budget refuses the extend-table
 *       entry</td><td>{@link #NO_MEMORY}, unchanged</td><td>-ENOMEM ({@code add_swap_count_continuation})</td></tr>
 *   <tr><td>cacheAdd</td><td>count &gt; 0, not cached</td><td>{@link #OK}, cached</td><td>0</td></tr>
 *   <tr><td>cacheAdd</td><td>already cached</td><td>{@link #ALREADY_CACHED}, unchanged</td><td>-EEXIST</td></tr>
 *   <tr><td>cacheAdd</td><td>slot free (count 0, not cached)</td><td>{@link #NOT_IN_USE}, unchanged</td>
 *       <td>-ENOENT</td></tr>
 * </table>
 * A {@code dup} of a slot that is not in use is caller misuse and throws, as do entries of the wrong
 * device or out of range.
 *
 * <p>Thread safety: immutable.
 */
public enum SwapResult {
    /** Done. */
    OK,
    /** The swap cache already holds the slot; someone else is swapping it in. */
    ALREADY_CACHED,
    /** The slot was freed (by a racing put or free) before the swap cache could pin it. */
    NOT_IN_USE,
    /** The swap count is at its maximum, {@link #MAX_SWAP_COUNT}. */
    COUNT_OVERFLOW,
    /**
     * The count needs an extend-table entry (it would pass {@link MetadataBudget#INLINE_COUNT_MAX}) and the
     * metadata budget refused it: nothing changed. The kernel's {@code swap_duplicate} returns {@code -ENOMEM}
     * when {@code add_swap_count_continuation} cannot allocate a continuation page, and fork fails with it
     * ({@code copy_pte_range} in {@code mm/memory.c}).
     */
    NO_MEMORY;

    /**
     * The largest swap count a slot can hold, {@code 2^31-1}: a {@code dup} at it is {@link #COUNT_OVERFLOW}.
     * The kernel's {@code swap_map} byte holds up to {@code SWAP_MAP_MAX} (0x3e) and continues in
     * {@code COUNT_CONTINUED} pages; the models keep one count word per slot instead.
     */
    public static final long MAX_SWAP_COUNT = Integer.MAX_VALUE;
}
