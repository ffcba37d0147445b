package dev.swaplayer.kernel;

import java.util.Arrays;

/**
 * Doubly linked cluster lists threaded through per-cluster links, as the kernel threads {@code ci->list}
 * through {@code struct swap_cluster_info}: each cluster is on at most one list, and every operation is O(1)
 * except the audit and {@link #members}.
 *
 * <p>Thread safety: not thread-safe; the owning allocator guards it with its device lock ({@code si->lock}).
 *
 * <p>Lists are numbered 0..lists-1 by the owner; {@link #NONE} stands for "no cluster" and "no list".
 */
final class ClusterLists {
    /** No cluster, or no list. */
    static final int NONE = -1;

    private final int[] next;
    private final int[] prev;
    private final int[] listOf;
    private final int[] head;
    private final int[] tail;
    private final int[] size;

    ClusterLists(final int clusters, final int lists) {
        this.next = new int[clusters];
        this.prev = new int[clusters];
        this.listOf = new int[clusters];
        Arrays.fill(listOf, NONE);
        this.head = new int[lists];
        this.tail = new int[lists];
        this.size = new int[lists];
        Arrays.fill(head, NONE);
        Arrays.fill(tail, NONE);
    }

    boolean isEmpty(final int list) {
        return head[list] == NONE;
    }

    /** Returns the first cluster of the list, or NONE. */
    int head(final int list) {
        return head[list];
    }

    /** Returns the cluster after c on its list, or NONE. */
    int next(final int c) {
        return next[c];
    }

    int size(final int list) {
        return size[list];
    }

    /** Returns the list c is on, or NONE. */
    int listOf(final int c) {
        return listOf[c];
    }

    /** Appends c, which must be on no list ({@code list_add_tail}). */
    void addTail(final int list, final int c) {
        assert listOf[c] == NONE : "cluster " + c + " is already on list " + listOf[c];
        prev[c] = tail[list];
        next[c] = NONE;
        if (tail[list] == NONE) {
            head[list] = c;
        } else {
            next[tail[list]] = c;
        }
        tail[list] = c;
        listOf[c] = list;
        size[list]++;
    }

    /** Takes c off its list ({@code list_del}). */
    void remove(final int c) {
        final int list = listOf[c];
        assert list != NONE : "cluster " + c + " is on no list";
        if (prev[c] == NONE) {
            head[list] = next[c];
        } else {
            next[prev[c]] = next[c];
        }
        if (next[c] == NONE) {
            tail[list] = prev[c];
        } else {
            prev[next[c]] = prev[c];
        }
        listOf[c] = NONE;
        size[list]--;
    }

    /** Moves c to the tail of list, from whatever list it is on ({@code list_move_tail}). */
    void moveTail(final int list, final int c) {
        if (listOf[c] != NONE) {
            remove(c);
        }
        addTail(list, c);
    }

    /** Returns the clusters on the list, head first. */
    int[] members(final int list) {
        final int[] out = new int[size[list]];
        int i = 0;
        for (int c = head[list]; c != NONE; c = next[c]) {
            out[i++] = c;
        }
        return out;
    }

    /**
     * Walks every list link by link and counts the clusters that do not appear exactly once, on the list
     * expected for them. A walk stops after as many steps as there are clusters, so a cycle cannot hang it.
     *
     * @param expected per cluster, the list it must be on (NONE: it must be on a list, but no list is right)
     * @return how many clusters are missing, linked twice, or linked on the wrong list
     */
    int membershipViolations(final int[] expected) {
        final int clusters = listOf.length;
        final int[] seen = new int[clusters];
        final int[] seenOn = new int[clusters];
        for (int list = 0; list < head.length; list++) {
            int steps = 0;
            for (int c = head[list]; c != NONE && steps < clusters; c = next[c], steps++) {
                seen[c]++;
                seenOn[c] = list;
            }
        }
        int violations = 0;
        for (int c = 0; c < clusters; c++) {
            if (seen[c] != 1 || seenOn[c] != expected[c] || listOf[c] != expected[c]) {
                violations++;
            }
        }
        return violations;
    }

    /**
     * Checks the links: each list is a well-formed chain whose length is its size, and listOf agrees.
     *
     * @return null when sound, else what is wrong
     */
    String audit() {
        final int[] seen = new int[listOf.length];
        for (int list = 0; list < head.length; list++) {
            int n = 0;
            int before = NONE;
            for (int c = head[list]; c != NONE; c = next[c]) {
                if (listOf[c] != list || prev[c] != before || ++seen[c] > 1 || ++n > listOf.length) {
                    return "list " + list + " is broken at cluster " + c;
                }
                before = c;
            }
            if (n != size[list] || tail[list] != before) {
                return "list " + list + ": size " + size[list] + " but " + n + " linked, tail " + tail[list];
            }
        }
        for (int c = 0; c < listOf.length; c++) {
            if (listOf[c] != NONE && seen[c] != 1) {
                return "cluster " + c + " claims list " + listOf[c] + " but is not linked on it";
            }
        }
        return null;
    }
}
