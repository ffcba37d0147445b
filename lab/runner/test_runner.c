/*
 * Native unit tests of the runner: script parsing, the counters read from a fake sysfs/proc tree, the mTHP
 * settings written into it, and the runner binary itself run on a small script against that tree.
 *
 *   test-runner PATH-OF-swaplayer-runner
 */
#include "script.h"
#include "stats.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures, checks;

#define CHECK(cond, ...)                                                                                          \
    do {                                                                                                          \
        checks++;                                                                                                 \
        if (!(cond)) {                                                                                            \
            failures++;                                                                                           \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                                  \
            fprintf(stderr, __VA_ARGS__);                                                                         \
            fputc('\n', stderr);                                                                                  \
        }                                                                                                         \
    } while (0)

static int parse_text(const char *text, struct swl_script *s, char *err, size_t errlen)
{
    FILE *f = fmemopen((void *)text, strlen(text), "r");
    int rc = swl_parse(f, "t.swl", s, err, errlen);
    fclose(f);
    return rc;
}

static void test_parse_ok(void)
{
    const char *text = "swaplayer-workload 1   # version\n"
                       "\n"
                       "swap 16384 cluster 512\n"
                       "region mem1 15360 folio-order 4\n"
                       "region mem2 1024\n"
                       "write mem1 0 15360\n"
                       "phase warm  up\n"
                       "pageout mem1\n"
                       "dontneed mem2 3 5 # tail comment\n"
                       "phase iteration 1\n"
                       "pageout mem2 1 2\n";
    struct swl_script s;
    char err[256] = "";
    CHECK(parse_text(text, &s, err, sizeof err) == 0, "parse failed: %s", err);
    CHECK(s.swap_pages == 16384 && s.cluster == 512, "geometry %ld %ld", s.swap_pages, s.cluster);
    CHECK(s.nregions == 2 && s.regions[0].order == 4 && s.regions[1].order == 0 && s.regions[1].pages == 1024,
          "regions");
    CHECK(s.noperations == 4, "operations %zu", s.noperations);
    CHECK(s.nlabels == 3, "phases %zu", s.nlabels);
    CHECK(s.nlabels == 3 && !strcmp(s.labels[0], "start"), "implicit first phase: %s", s.labels[0]);
    CHECK(s.nlabels == 3 && !strcmp(s.labels[1], "warm  up"), "label keeps inner blanks: '%s'", s.labels[1]);
    CHECK(s.nops == 7, "ops %zu", s.nops);
    CHECK(s.ops[0].kind == SWL_PHASE && s.ops[1].kind == SWL_WRITE && s.ops[1].count == 15360, "write op");
    CHECK(s.ops[3].kind == SWL_PAGEOUT && s.ops[3].first == 0 && s.ops[3].count == 15360,
          "pageout without a range covers the region");
    CHECK(s.ops[4].kind == SWL_DONTNEED && s.ops[4].region == 1 && s.ops[4].first == 3 && s.ops[4].count == 5,
          "dontneed op");
    int orders[SWL_MAX_ORDER + 1];
    int n = swl_orders(&s, orders);
    CHECK(n == 2 && orders[0] == 4 && orders[1] == 0, "orders %d", n);
    swl_free(&s);
}

static void test_parse_errors(void)
{
    static const struct {
        const char *text;
        const char *message;
    } cases[] = {
        { "", "t.swl:1: script: empty (expected: the first line \"swaplayer-workload 1\")" },
        { "swaplayer-workload 2\n", "t.swl:1: version: 2 (expected: 1)" },
        { "swap 10\n", "t.swl:1: first line: swap (expected: \"swaplayer-workload 1\")" },
        { "swaplayer-workload 1\nregion a 4\n", "t.swl:2: region: before the swap line" },
        { "swaplayer-workload 1\nswap 100\nswap 100\n", "t.swl:3: swap: repeated" },
        { "swaplayer-workload 1\nswap 100 cluster 48\n", "t.swl:2: cluster: 48 (expected: a power of two, 1..65536)" },
        { "swaplayer-workload 1\nswap 100 cluster\n", "t.swl:2: swap <pages> [cluster <slots>]: 2 arguments" },
        { "swaplayer-workload 1\nswap x\n", "t.swl:2: swap pages: x (expected: an integer)" },
        { "swaplayer-workload 1\nswap 100 cluster 16\nregion a 8 folio-order 5\n",
          "t.swl:3: folio-order: 5 (expected: 0..4)" },
        { "swaplayer-workload 1\nswap 100\nregion a/b 8\n", "t.swl:3: region name: a/b" },
        { "swaplayer-workload 1\nswap 100\nregion a 8\nregion a 8\n", "t.swl:4: region name: a (expected: a name not declared before)" },
        { "swaplayer-workload 1\nswap 100\nregion a 8\nwrite a 0 9\n", "t.swl:4: count: 9 (expected: 1..8)" },
        { "swaplayer-workload 1\nswap 100\nregion a 8\nwrite a 8 1\n", "t.swl:4: first: 8 (expected: 0..7)" },
        { "swaplayer-workload 1\nswap 100\nwrite b 0 1\n", "t.swl:3: region: b (expected: a region declared" },
        { "swaplayer-workload 1\nswap 100\nregion a 8\npageout a 1\n", "t.swl:4: pageout <name> [<first> <count>]: 2 arguments" },
        { "swaplayer-workload 1\nswap 100\nregion a 8\nphase\n", "t.swl:4: phase label: missing" },
        { "swaplayer-workload 1\nswap 100\nregion a 8\nmunmap a\n", "t.swl:4: directive: munmap" },
        { "swaplayer-workload 1\nswap 100\nregion a 8\n", "t.swl:3: operations: none" },
        { "swaplayer-workload 1\nswaplayer-workload 1\n", "t.swl:2: version line: repeated" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct swl_script s;
        char err[256] = "";
        int rc = parse_text(cases[i].text, &s, err, sizeof err);
        CHECK(rc == -1, "case %zu parsed", i);
        CHECK(!strncmp(err, cases[i].message, strlen(cases[i].message)), "case %zu: got '%s', want '%s...'", i, err,
              cases[i].message);
        CHECK(s.nops == 0 && s.nregions == 0, "case %zu: script left empty", i);
    }
}

static void put(const char *root, const char *rel, const char *content)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    for (char *c = path + strlen(root) + 1; *c; c++)
        if (*c == '/') {
            *c = 0;
            mkdir(path, 0755);
            *c = '/';
        }
    FILE *f = fopen(path, "w");
    fputs(content, f);
    fclose(f);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return strdup("");
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    return strdup(buf);
}

#define THP "sys/kernel/mm/transparent_hugepage/"

static void fake_tree(const char *root)
{
    put(root, THP "enabled", "always [madvise] never\n");
    put(root, THP "hugepages-64kB/enabled", "never\n");
    put(root, THP "hugepages-64kB/stats/swpout", "960\n");
    put(root, THP "hugepages-64kB/stats/swpout_fallback", "7\n");
    put(root, THP "hugepages-64kB/stats/swpin", "12\n");
    put(root, THP "hugepages-64kB/stats/anon_fault_alloc", "1000\n");
    put(root, THP "hugepages-64kB/stats/nr_anon", "55\n"); /* not a swap counter: left out */
    put(root, THP "hugepages-2048kB/enabled", "inherit\n");
    put(root, THP "hugepages-2048kB/stats/swpout", "0\n");
    put(root, THP "hugepages-16kB/enabled", "always\n"); /* no stats dir: a pre-6.10 layout */
    put(root, THP "hugepages-8kB/stats/swpout", "0\n"); /* no enabled file: a size for files only (6.12+) */
    put(root, "proc/vmstat", "nr_free_pages 100\npswpin 40\npswpout 15367\nthp_swpout 0\nthp_swpout_fallback 0\n");
    put(root, "proc/swaps", "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
                            "/dev/zram0                              partition\t65532\t\t61440\t\t100\n");
}

static void test_snapshot(const char *root)
{
    char sys[4096], proc[4096], out[4096], err[256] = "";
    snprintf(sys, sizeof sys, "%s/sys", root);
    snprintf(proc, sizeof proc, "%s/proc", root);
    snprintf(out, sizeof out, "%s/snapshot", root);
    struct swl_roots roots = { sys, proc };
    FILE *f = fopen(out, "w");
    int lines = swl_snapshot(f, &roots, err, sizeof err);
    fclose(f);
    char *text = slurp(out);
    const char *want = "counter mthp 8 swpout 0\n"
                       "counter mthp 64 anon_fault_alloc 1000\n"
                       "counter mthp 64 swpin 12\n"
                       "counter mthp 64 swpout 960\n"
                       "counter mthp 64 swpout_fallback 7\n"
                       "counter mthp 2048 swpout 0\n"
                       "counter vmstat pswpin 40\n"
                       "counter vmstat pswpout 15367\n"
                       "counter vmstat thp_swpout 0\n"
                       "counter vmstat thp_swpout_fallback 0\n"
                       "counter swap used_kib 61440\n";
    CHECK(lines == 11, "snapshot lines %d (%s)", lines, err);
    CHECK(!strcmp(text, want), "snapshot:\n%s\nwant:\n%s", text, want);
    free(text);

    struct swl_roots none = { "/nonexistent-swaplayer", proc };
    CHECK(swl_snapshot(stdout, &none, err, sizeof err) == -1, "missing sysfs accepted");
    CHECK(strstr(err, "mTHP sysfs: /nonexistent-swaplayer/kernel/mm/transparent_hugepage") != NULL, "err %s", err);
}

static void test_configure(const char *root)
{
    char sys[4096], proc[4096], out[4096], err[256] = "";
    snprintf(sys, sizeof sys, "%s/sys", root);
    snprintf(proc, sizeof proc, "%s/proc", root);
    snprintf(out, sizeof out, "%s/mthp", root);
    struct swl_roots roots = { sys, proc };
    int orders[] = { 4, 0 };
    FILE *f = fopen(out, "w");
    CHECK(swl_configure_mthp(f, &roots, orders, 2, err, sizeof err) == 0, "configure: %s", err);
    fclose(f);
    char *log = slurp(out);
    CHECK(!strcmp(log, "mthp 16 never\nmthp 64 always\nmthp 2048 never\n"), "configure log:\n%s", log);
    free(log);
    char path[4200];
    snprintf(path, sizeof path, "%s/" THP "hugepages-64kB/enabled", root);
    char *v64 = slurp(path);
    CHECK(!strcmp(v64, "always\n"), "64kB enabled = %s", v64);
    free(v64);
    snprintf(path, sizeof path, "%s/" THP "hugepages-2048kB/enabled", root);
    char *v2m = slurp(path);
    CHECK(!strcmp(v2m, "never\n"), "2048kB enabled = %s", v2m);
    free(v2m);

    char eight[4200];
    snprintf(eight, sizeof eight, "%s/" THP "hugepages-8kB/enabled", root);
    CHECK(access(eight, F_OK) != 0, "an enabled file was created for the file-only size 8kB");
    int file_only[] = { 1 };
    CHECK(swl_configure_mthp(stdout, &roots, file_only, 1, err, sizeof err) == -1, "file-only order 1 accepted");
    int missing[] = { 3 };
    CHECK(swl_configure_mthp(stdout, &roots, missing, 1, err, sizeof err) == -1, "order 3 accepted");
    CHECK(strstr(err, "folio-order: 3 (expected: an order this kernel offers") != NULL, "err %s", err);
}

static void test_binary(const char *runner, const char *root)
{
    char script[4096], report[4096], cmd[16384];
    snprintf(script, sizeof script, "%s/tiny.swl", root);
    snprintf(report, sizeof report, "%s/report", root);
    put(root, "tiny.swl", "swaplayer-workload 1\nswap 64 cluster 16\nregion m 32 folio-order 4\n"
                          "phase warm-up\nwrite m 0 32\npageout m\nphase iteration 1\ndontneed m 0 16\n"
                          "write m 0 1\n");
    snprintf(cmd, sizeof cmd, "%s --check %s > %s/check", runner, script, root);
    CHECK(system(cmd) == 0, "--check failed");
    snprintf(cmd, sizeof cmd, "%s/check", root);
    char *check = slurp(cmd);
    CHECK(!strcmp(check, "swap 64 16\norders 4 0\nregions 1\noperations 4\nphases 2\n"), "check:\n%s", check);
    free(check);

    snprintf(cmd, sizeof cmd, "SWAPLAYER_SYSFS=%s/sys SWAPLAYER_PROC=%s/proc %s --report %s %s 2>/dev/null", root,
             root, runner, report, script);
    CHECK(system(cmd) == 0, "run failed");
    char *text = slurp(report);
    CHECK(!strncmp(text, "swaplayer-runner 1\nuname ", 25), "report head:\n%s", text);
    CHECK(strstr(text, "\nswap 64 16\norders 4 0\nmthp 16 never\nmthp 64 always\nmthp 2048 never\nbaseline\n"
                       "counter mthp 8 swpout 0\ncounter mthp 64 anon_fault_alloc 1000\n") != NULL, "report setup:\n%s", text);
    CHECK(strstr(text, "\nphase 0 warm-up\ncounter mthp 8 swpout 0\ncounter mthp 64") != NULL, "phase 0 snapshot:\n%s", text);
    CHECK(strstr(text, "\nphase 1 iteration 1\ncounter mthp 8 swpout 0\ncounter mthp 64") != NULL, "phase 1 snapshot:\n%s", text);
    CHECK(strstr(text, "\ndone ") != NULL, "done line:\n%s", text);
    free(text);

    snprintf(cmd, sizeof cmd, "%s --check %s/missing.swl 2>/dev/null", runner, root);
    CHECK(WEXITSTATUS(system(cmd)) == 2, "missing script: exit != 2");
    put(root, "bad.swl", "swaplayer-workload 1\nswap 64\nregion m 8\nwrite m 0 9\n");
    snprintf(cmd, sizeof cmd, "%s --check %s/bad.swl 2>%s/bad.err", runner, root, root);
    CHECK(WEXITSTATUS(system(cmd)) == 2, "bad script: exit != 2");
    snprintf(cmd, sizeof cmd, "%s/bad.err", root);
    char *bad = slurp(cmd);
    CHECK(strstr(bad, "bad.swl:4: count: 9 (expected: 1..8)") != NULL, "bad script message: %s", bad);
    free(bad);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test-runner PATH-OF-swaplayer-runner\n");
        return 2;
    }
    char root[] = "/tmp/swaplayer-runner-test.XXXXXX";
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return 2;
    }
    fake_tree(root);
    test_parse_ok();
    test_parse_errors();
    test_snapshot(root);
    test_configure(root);
    test_binary(argv[1], root);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", root);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", root);
    printf("runner tests: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
