/* The kernel's swap counters: per-size mTHP stats in sysfs, /proc/vmstat and /proc/swaps. */
#ifndef SWL_STATS_H
#define SWL_STATS_H

#include <stdio.h>

/* Where the trees are: the real /sys and /proc, or a fake tree for tests. */
struct swl_roots {
    const char *sysfs;
    const char *proc;
};

/*
 * Prints one snapshot of every counter, one "counter ..." line each:
 *   counter mthp <size-kB> <stat> <value>   for hugepages-<size>kB/stats/<stat>, stat swp* or anon_fault_*
 *   counter vmstat <name> <value>           pswpin, pswpout, thp_swpout, thp_swpout_fallback, swpin_zero, swpout_zero
 *   counter swap used_kib <value>           the Used column of /proc/swaps, summed
 * Sizes ascend, stats within a size sort by name. Returns the number of counter lines, -1 when the mTHP
 * directory cannot be read (message in err).
 */
int swl_snapshot(FILE *out, const struct swl_roots *roots, char *err, size_t errlen);

/*
 * Sets every hugepages-<size>kB/enabled: "always" for the sizes of the given orders (4 KiB pages), "never"
 * for the others, and prints one "mthp <size-kB> <setting>" line per size. Returns 0, or -1 with a message.
 */
int swl_configure_mthp(FILE *out, const struct swl_roots *roots, const int *orders, int norders, char *err,
                       size_t errlen);

#endif
