/* Workload script v1 (simulator/README.md section 5): the parsed form the runner performs. */
#ifndef SWL_SCRIPT_H
#define SWL_SCRIPT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SWL_MAX_PAGES (1L << 24)
#define SWL_NAME_MAX 64
#define SWL_MAX_ORDER 9

enum swl_kind { SWL_WRITE, SWL_DONTNEED, SWL_PAGEOUT, SWL_PHASE };

struct swl_region {
    char name[SWL_NAME_MAX + 1];
    long pages;
    int order;
};

/* One operation; a phase marker is an operation whose label index is in `first`. */
struct swl_op {
    uint8_t kind;
    uint32_t region;
    uint32_t first;
    uint32_t count;
};

struct swl_script {
    long swap_pages;
    long cluster;
    struct swl_region *regions;
    size_t nregions;
    struct swl_op *ops;
    size_t nops, capops;
    char **labels;     /* phase labels; "start" when operations precede the first phase line */
    size_t nlabels, caplabels;
    size_t noperations; /* writes, dontneeds and pageouts */
};

/*
 * Parses a script. On the first bad line returns -1 and writes "file:line: what (expected: ...)" into
 * err (errlen bytes); the script is then empty. Returns 0 on success.
 */
int swl_parse(FILE *in, const char *file, struct swl_script *s, char *err, size_t errlen);
void swl_free(struct swl_script *s);
/* Distinct folio orders of the regions, largest first; returns how many (at most SWL_MAX_ORDER + 1). */
int swl_orders(const struct swl_script *s, int *orders);

#endif
