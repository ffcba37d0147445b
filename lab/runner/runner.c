/*
 * swaplayer-runner: performs a workload script v1 on the running kernel and reports the kernel's swap counters
 * at every phase. Runs as init's child inside the kernel lab's VM; see lab/README.md.
 *
 *   swaplayer-runner [--sysfs DIR] [--proc DIR] [--report FILE] [--check] SCRIPT
 *
 * --check parses the script and prints its geometry ("swap <pages> <cluster>", "orders ...") without
 * touching memory. Otherwise the runner sets the mTHP sizes, allocates the regions, runs the operations and
 * writes the report (format in lab/README.md) to FILE (default stdout); progress goes to stderr.
 * SWAPLAYER_SYSFS and SWAPLAYER_PROC name the trees too (the options win).
 */
#include "script.h"
#include "stats.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

#define PAGE 4096L
#define ALIGN (2L << 20) /* PMD size: every mTHP size is naturally aligned inside the region */

static void usage(void)
{
    fprintf(stderr, "usage: swaplayer-runner [--sysfs DIR] [--proc DIR] [--report FILE] [--check] SCRIPT\n");
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int snapshot(FILE *out, const struct swl_roots *roots, const char *head)
{
    char err[512];
    fprintf(out, "%s\n", head);
    if (swl_snapshot(out, roots, err, sizeof err) < 0) {
        fprintf(stderr, "swaplayer-runner: %s\n", err);
        return -1;
    }
    return 0;
}

static char **allocate(const struct swl_script *s)
{
    char **base = calloc(s->nregions, sizeof *base);
    for (size_t i = 0; base && i < s->nregions; i++) {
        size_t len = (size_t)s->regions[i].pages * PAGE;
        void *p;
        int rc = posix_memalign(&p, ALIGN, len);
        if (rc) {
            fprintf(stderr, "swaplayer-runner: region %s: %s (expected: %zu bytes of memory)\n",
                    s->regions[i].name, strerror(rc), len);
            return NULL;
        }
        /* like thp_swap_allocator_test: large folios where asked, order 0 elsewhere */
        if (madvise(p, len, s->regions[i].order > 0 ? MADV_HUGEPAGE : MADV_NOHUGEPAGE))
            fprintf(stderr, "swaplayer-runner: madvise(%s, HUGEPAGE/NOHUGEPAGE): %s\n", s->regions[i].name,
                    strerror(errno));
        base[i] = p;
    }
    return base;
}

static int perform(const struct swl_op *op, char **base)
{
    char *p = base[op->region] + (size_t)op->first * PAGE;
    size_t len = (size_t)op->count * PAGE;
    switch (op->kind) {
    case SWL_WRITE:
        memset(p, 0x11, len); /* thp_swap_allocator_test writes 0x11 */
        return 0;
    case SWL_DONTNEED:
        return madvise(p, len, MADV_DONTNEED);
    case SWL_PAGEOUT:
        return madvise(p, len, MADV_PAGEOUT);
    default:
        return 0;
    }
}

static int run(const struct swl_script *s, const struct swl_roots *roots, FILE *out)
{
    int orders[SWL_MAX_ORDER + 1];
    int n = swl_orders(s, orders);
    char err[512];
    struct utsname u;
    uname(&u);
    fprintf(out, "swaplayer-runner 1\nuname %s\nswap %ld %ld\norders", u.release, s->swap_pages, s->cluster);
    for (int i = 0; i < n; i++)
        fprintf(out, " %d", orders[i]);
    fprintf(out, "\n");
    if (swl_configure_mthp(out, roots, orders, n, err, sizeof err)) {
        fprintf(stderr, "swaplayer-runner: %s\n", err);
        return 1;
    }
    char **base = allocate(s);
    if (!base)
        return 1;
    if (snapshot(out, roots, "baseline"))
        return 1;
    double start = now();
    long phase = -1;
    for (size_t i = 0; i <= s->nops; i++) {
        if (i == s->nops || s->ops[i].kind == SWL_PHASE) {
            if (phase >= 0) {
                char head[4200];
                snprintf(head, sizeof head, "phase %ld %s", phase, s->labels[phase]);
                if (snapshot(out, roots, head))
                    return 1;
                fprintf(stderr, "swaplayer-runner: phase %ld/%zu done (%.0f s)\n", phase + 1, s->nlabels,
                        now() - start);
            }
            phase++;
            continue;
        }
        if (perform(&s->ops[i], base)) {
            fprintf(stderr, "swaplayer-runner: %s %s %u %u: %s\n", s->ops[i].kind == SWL_DONTNEED ? "dontneed"
                    : "pageout", s->regions[s->ops[i].region].name, s->ops[i].first, s->ops[i].count,
                    strerror(errno));
            return 1;
        }
    }
    fprintf(out, "done %.3f\n", now() - start);
    fflush(out);
    return 0;
}

int main(int argc, char **argv)
{
    struct swl_roots roots = { getenv("SWAPLAYER_SYSFS"), getenv("SWAPLAYER_PROC") };
    const char *report = NULL, *file = NULL;
    int check = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--sysfs") && i + 1 < argc)
            roots.sysfs = argv[++i];
        else if (!strcmp(argv[i], "--proc") && i + 1 < argc)
            roots.proc = argv[++i];
        else if (!strcmp(argv[i], "--report") && i + 1 < argc)
            report = argv[++i];
        else if (!strcmp(argv[i], "--check"))
            check = 1;
        else if (argv[i][0] != '-' && !file)
            file = argv[i];
        else {
            usage();
            return 2;
        }
    }
    if (!file) {
        usage();
        return 2;
    }
    if (!roots.sysfs)
        roots.sysfs = "/sys";
    if (!roots.proc)
        roots.proc = "/proc";
    FILE *in = fopen(file, "r");
    if (!in) {
        fprintf(stderr, "swaplayer-runner: script: %s: %s (expected: a readable file)\n", file, strerror(errno));
        return 2;
    }
    struct swl_script s;
    char err[512];
    int rc = swl_parse(in, file, &s, err, sizeof err);
    fclose(in);
    if (rc) {
        fprintf(stderr, "swaplayer-runner: %s\n", err);
        return 2;
    }
    if (check) {
        int orders[SWL_MAX_ORDER + 1];
        int n = swl_orders(&s, orders);
        printf("swap %ld %ld\norders", s.swap_pages, s.cluster);
        for (int i = 0; i < n; i++)
            printf(" %d", orders[i]);
        printf("\nregions %zu\noperations %zu\nphases %zu\n", s.nregions, s.noperations, s.nlabels);
        swl_free(&s);
        return 0;
    }
    FILE *out = report ? fopen(report, "w") : stdout;
    if (!out) {
        fprintf(stderr, "swaplayer-runner: report: %s: %s (expected: a writable file)\n", report, strerror(errno));
        return 2;
    }
    rc = run(&s, &roots, out);
    if (out != stdout)
        fclose(out);
    swl_free(&s);
    return rc;
}
