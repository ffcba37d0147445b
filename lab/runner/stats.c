/* Reads the kernel's swap counters (mm/huge_memory.c per-size stats, mm/vmstat.c, mm/swapfile.c /proc/swaps). */
#include "stats.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MTHP_DIR "/kernel/mm/transparent_hugepage"
#define MAX_SIZES 32

static const char *const VMSTAT[] = { "pswpin", "pswpout", "thp_swpout", "thp_swpout_fallback", "swpin_zero",
                                      "swpout_zero" };

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sizes in kB that have a hugepages-<kB>kB directory, ascending. */
static int sizes(const struct swl_roots *roots, long *out, char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s" MTHP_DIR, roots->sysfs);
    DIR *d = opendir(path);
    if (!d) {
        snprintf(err, errlen, "mTHP sysfs: %s: %s (expected: a kernel with CONFIG_TRANSPARENT_HUGEPAGE)", path,
                 strerror(errno));
        return -1;
    }
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < MAX_SIZES) {
        long kb;
        char tail[8];
        if (sscanf(e->d_name, "hugepages-%ld%7s", &kb, tail) == 2 && !strcmp(tail, "kB"))
            out[n++] = kb;
    }
    closedir(d);
    qsort(out, (size_t)n, sizeof *out, cmp_long);
    return n;
}

static int read_value(const char *path, unsigned long long *v)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int ok = fscanf(f, "%llu", v) == 1;
    fclose(f);
    return ok ? 0 : -1;
}

static int wanted_stat(const char *name)
{
    return !strncmp(name, "swp", 3) || !strncmp(name, "anon_fault_", 11);
}

static int mthp_stats(FILE *out, const struct swl_roots *roots, long kb)
{
    char dir[4096], path[4400];
    snprintf(dir, sizeof dir, "%s" MTHP_DIR "/hugepages-%ldkB/stats", roots->sysfs, kb);
    DIR *d = opendir(dir);
    if (!d)
        return 0; /* kernels before 6.10 have no per-size stats */
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64)
        if (wanted_stat(e->d_name))
            names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    int lines = 0;
    for (int i = 0; i < n; i++) {
        unsigned long long v;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (names[i] && !read_value(path, &v)) {
            fprintf(out, "counter mthp %ld %s %llu\n", kb, names[i], v);
            lines++;
        }
        free(names[i]);
    }
    return lines;
}

static int vmstat(FILE *out, const struct swl_roots *roots)
{
    char path[4096], name[128];
    unsigned long long v;
    snprintf(path, sizeof path, "%s/vmstat", roots->proc);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int lines = 0;
    while (fscanf(f, "%127s %llu", name, &v) == 2)
        for (size_t i = 0; i < sizeof VMSTAT / sizeof *VMSTAT; i++)
            if (!strcmp(name, VMSTAT[i])) {
                fprintf(out, "counter vmstat %s %llu\n", name, v);
                lines++;
            }
    fclose(f);
    return lines;
}

static int swaps(FILE *out, const struct swl_roots *roots)
{
    char path[4096], line[1024];
    snprintf(path, sizeof path, "%s/swaps", roots->proc);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    unsigned long long used = 0;
    int first = 1;
    while (fgets(line, sizeof line, f)) {
        char file[512], type[64];
        unsigned long long size, u;
        if (first) { /* the header: Filename Type Size Used Priority */
            first = 0;
            continue;
        }
        if (sscanf(line, "%511s %63s %llu %llu", file, type, &size, &u) == 4)
            used += u;
    }
    fclose(f);
    fprintf(out, "counter swap used_kib %llu\n", used);
    return 1;
}

int swl_snapshot(FILE *out, const struct swl_roots *roots, char *err, size_t errlen)
{
    long kb[MAX_SIZES];
    int n = sizes(roots, kb, err, errlen);
    if (n < 0)
        return -1;
    int lines = 0;
    for (int i = 0; i < n; i++)
        lines += mthp_stats(out, roots, kb[i]);
    lines += vmstat(out, roots);
    lines += swaps(out, roots);
    fflush(out);
    return lines;
}

int swl_configure_mthp(FILE *out, const struct swl_roots *roots, const int *orders, int norders, char *err,
                       size_t errlen)
{
    long kb[MAX_SIZES];
    int n = sizes(roots, kb, err, errlen);
    if (n < 0)
        return -1;
    /* sizes the kernel offers for anonymous memory have an enabled file (6.12+ lists file-only sizes too) */
    int m = 0;
    for (int i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s" MTHP_DIR "/hugepages-%ldkB/enabled", roots->sysfs, kb[i]);
        if (!access(path, F_OK))
            kb[m++] = kb[i];
    }
    n = m;
    for (int o = 0; o < norders; o++) {
        int found = orders[o] == 0;
        for (int i = 0; i < n && !found; i++)
            found = kb[i] == 4L << orders[o];
        if (!found) {
            snprintf(err, errlen, "folio-order: %d (expected: an order this kernel offers as an mTHP size)",
                     orders[o]);
            return -1;
        }
    }
    for (int i = 0; i < n; i++) {
        int on = 0;
        for (int o = 0; o < norders; o++)
            on |= orders[o] > 0 && kb[i] == 4L << orders[o];
        char path[4096];
        snprintf(path, sizeof path, "%s" MTHP_DIR "/hugepages-%ldkB/enabled", roots->sysfs, kb[i]);
        FILE *f = fopen(path, "w");
        int bad = !f;
        if (f) {
            bad |= fputs(on ? "always\n" : "never\n", f) < 0;
            bad |= fclose(f) != 0;
        }
        if (bad) {
            snprintf(err, errlen, "mTHP setting: %s: %s (expected: writable, run as root)", path, strerror(errno));
            return -1;
        }
        fprintf(out, "mthp %ld %s\n", kb[i], on ? "always" : "never");
    }
    return 0;
}
