/* Parser of workload scripts, format v1: the same rules as the simulator's ScriptParser.java. */
#include "script.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE 4096

struct state {
    const char *file;
    long line;
    char *err;
    size_t errlen;
    int saw_version;
    int saw_swap;
    long region_pages;
};

static int fail(struct state *st, const char *fmt, ...)
{
    va_list ap;
    int n = snprintf(st->err, st->errlen, "%s:%ld: ", st->file, st->line < 1 ? 1 : st->line);
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < st->errlen)
        vsnprintf(st->err + n, st->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

static int number(struct state *st, const char *what, const char *tok, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(tok, &end, 10);
    if (errno || end == tok || *end)
        return fail(st, "%s: %s (expected: an integer)", what, tok);
    *out = v;
    return 0;
}

static int push_op(struct swl_script *s, struct swl_op op)
{
    if (s->nops == s->capops) {
        size_t cap = s->capops ? s->capops * 2 : 1024;
        struct swl_op *p = realloc(s->ops, cap * sizeof *p);
        if (!p)
            return -1;
        s->ops = p;
        s->capops = cap;
    }
    s->ops[s->nops++] = op;
    return 0;
}

static int push_phase(struct swl_script *s, const char *label)
{
    if (s->nlabels == s->caplabels) {
        size_t cap = s->caplabels ? s->caplabels * 2 : 64;
        char **p = realloc(s->labels, cap * sizeof *p);
        if (!p)
            return -1;
        s->labels = p;
        s->caplabels = cap;
    }
    char *copy = strdup(label);
    if (!copy)
        return -1;
    s->labels[s->nlabels] = copy;
    struct swl_op op = { SWL_PHASE, 0, (uint32_t)s->nlabels, 0 };
    s->nlabels++;
    return push_op(s, op);
}

static int valid_name(const char *n)
{
    size_t len = strlen(n);
    if (len < 1 || len > SWL_NAME_MAX)
        return 0;
    for (const char *c = n; *c; c++)
        if (!isalnum((unsigned char)*c) && *c != '_' && *c != '.' && *c != '-')
            return 0;
    return 1;
}

static int region_index(struct state *st, struct swl_script *s, const char *name, size_t *out)
{
    for (size_t i = 0; i < s->nregions; i++)
        if (!strcmp(s->regions[i].name, name)) {
            *out = i;
            return 0;
        }
    return fail(st, "region: %s (expected: a region declared before this line)", name);
}

static int arity(struct state *st, int n, const char *usage, int min, int max)
{
    if (n < min || n > max || (max - min == 2 && n == min + 1))
        return fail(st, "%s: %d arguments (expected: %s)", usage, n - 1, usage);
    return 0;
}

static int log2_exact(long v)
{
    int k = 0;
    while ((1L << k) < v)
        k++;
    return (1L << k) == v ? k : -1;
}

static int max_order(const struct swl_script *s)
{
    int k = log2_exact(s->cluster);
    return k < SWL_MAX_ORDER ? k : SWL_MAX_ORDER;
}

static int swap_line(struct state *st, struct swl_script *s, char **t, int n)
{
    if (st->saw_swap)
        return fail(st, "swap: repeated (expected: one swap line; a workload has one device)");
    if (arity(st, n, "swap <pages> [cluster <slots>]", 2, 4))
        return -1;
    long pages, cluster = 512;
    if (number(st, "swap pages", t[1], &pages))
        return -1;
    if (n == 4) {
        if (strcmp(t[2], "cluster"))
            return fail(st, "keyword: %s (expected: cluster)", t[2]);
        if (number(st, "cluster", t[3], &cluster))
            return -1;
    }
    if (cluster < 1 || cluster > 65536 || log2_exact(cluster) < 0)
        return fail(st, "cluster: %ld (expected: a power of two, 1..65536)", cluster);
    if (pages < 2 || pages > SWL_MAX_PAGES)
        return fail(st, "swap pages: %ld (expected: 2..%ld)", pages, SWL_MAX_PAGES);
    s->swap_pages = pages;
    s->cluster = cluster;
    st->saw_swap = 1;
    return 0;
}

static int region_line(struct state *st, struct swl_script *s, char **t, int n)
{
    if (arity(st, n, "region <name> <pages> [folio-order <k>]", 3, 5))
        return -1;
    if (!valid_name(t[1]))
        return fail(st, "region name: %s (expected: 1-64 of A-Z a-z 0-9 _ . -)", t[1]);
    for (size_t i = 0; i < s->nregions; i++)
        if (!strcmp(s->regions[i].name, t[1]))
            return fail(st, "region name: %s (expected: a name not declared before)", t[1]);
    long pages, order = 0;
    if (number(st, "region pages", t[2], &pages))
        return -1;
    if (n == 5) {
        if (strcmp(t[3], "folio-order"))
            return fail(st, "keyword: %s (expected: folio-order)", t[3]);
        if (number(st, "folio-order", t[4], &order))
            return -1;
    }
    if (order < 0 || order > max_order(s))
        return fail(st, "folio-order: %ld (expected: 0..%d)", order, max_order(s));
    if (pages < 1 || pages > SWL_MAX_PAGES - st->region_pages)
        return fail(st, "region pages: %ld (expected: 1..%ld)", pages, SWL_MAX_PAGES - st->region_pages);
    struct swl_region *r = realloc(s->regions, (s->nregions + 1) * sizeof *r);
    if (!r)
        return fail(st, "memory: exhausted (expected: a smaller script)");
    s->regions = r;
    struct swl_region *nr = &r[s->nregions++];
    memset(nr, 0, sizeof *nr);
    strcpy(nr->name, t[1]);
    nr->pages = pages;
    nr->order = (int)order;
    st->region_pages += pages;
    return 0;
}

static int range_line(struct state *st, struct swl_script *s, enum swl_kind kind, char **t, int n)
{
    static const char *usage[] = { "write <name> <first> <count>", "dontneed <name> <first> <count>",
                                   "pageout <name> [<first> <count>]" };
    if (kind == SWL_PAGEOUT ? arity(st, n, usage[kind], 2, 4) : arity(st, n, usage[kind], 4, 4))
        return -1;
    size_t r = 0;
    if (region_index(st, s, t[1], &r))
        return -1;
    long pages = s->regions[r].pages, first = 0, count = pages;
    if (n == 4) {
        if (number(st, "first", t[2], &first) || number(st, "count", t[3], &count))
            return -1;
        if (first < 0 || first >= pages)
            return fail(st, "first: %ld (expected: 0..%ld)", first, pages - 1);
        if (count < 1 || count > pages - first)
            return fail(st, "count: %ld (expected: 1..%ld)", count, pages - first);
    }
    struct swl_op op = { (uint8_t)kind, (uint32_t)r, (uint32_t)first, (uint32_t)count };
    if (push_op(s, op))
        return fail(st, "memory: exhausted (expected: a smaller script)");
    s->noperations++;
    return 0;
}

static int accept(struct state *st, struct swl_script *s, char *text)
{
    char *t[8] = { 0 };
    int n = 0;
    if (st->saw_version && !strncmp(text, "phase", 5) && (text[5] == 0 || isspace((unsigned char)text[5]))) {
        /* a phase label is the rest of its line, blanks inside it kept */
        if (!st->saw_swap)
            return fail(st, "phase: before the swap line (expected: swap <pages> [cluster <slots>] first)");
        char *label = text + 5;
        while (isspace((unsigned char)*label))
            label++;
        if (!*label)
            return fail(st, "phase label: missing (expected: phase <label>)");
        if (push_phase(s, label))
            return fail(st, "memory: exhausted (expected: a smaller script)");
        return 0;
    }
    for (char *tok = strtok(text, " \t\r\v\f"); tok; tok = strtok(NULL, " \t\r\v\f")) {
        if (n == 8)
            return fail(st, "%s: too many arguments (expected: at most 4)", t[0]);
        t[n++] = tok;
    }
    if (!st->saw_version) {
        if (strcmp(t[0], "swaplayer-workload"))
            return fail(st, "first line: %s (expected: \"swaplayer-workload 1\")", t[0]);
        if (n != 2)
            return fail(st, "version line: %d arguments (expected: 1, the format version)", n - 1);
        if (strcmp(t[1], "1"))
            return fail(st, "version: %s (expected: 1)", t[1]);
        st->saw_version = 1;
        return 0;
    }
    if (!strcmp(t[0], "swaplayer-workload"))
        return fail(st, "version line: repeated (expected: only as the first line)");
    int known = !strcmp(t[0], "swap") || !strcmp(t[0], "region") || !strcmp(t[0], "write")
                || !strcmp(t[0], "dontneed") || !strcmp(t[0], "pageout");
    if (!known)
        return fail(st, "directive: %s (expected: swap, region, write, dontneed, pageout or phase)", t[0]);
    if (!strcmp(t[0], "swap"))
        return swap_line(st, s, t, n);
    if (!st->saw_swap)
        return fail(st, "%s: before the swap line (expected: swap <pages> [cluster <slots>] first)", t[0]);
    if (!strcmp(t[0], "region"))
        return region_line(st, s, t, n);
    enum swl_kind kind = !strcmp(t[0], "write") ? SWL_WRITE : !strcmp(t[0], "dontneed") ? SWL_DONTNEED : SWL_PAGEOUT;
    if (s->nlabels == 0 && push_phase(s, "start"))
        return fail(st, "memory: exhausted (expected: a smaller script)");
    return range_line(st, s, kind, t, n);
}

int swl_parse(FILE *in, const char *file, struct swl_script *s, char *err, size_t errlen)
{
    struct state st = { file, 0, err, errlen, 0, 0, 0 };
    char buf[MAX_LINE];
    memset(s, 0, sizeof *s);
    int rc = 0;
    while (fgets(buf, sizeof buf, in)) {
        st.line++;
        size_t len = strlen(buf);
        if (len == sizeof buf - 1 && buf[len - 1] != '\n') {
            rc = fail(&st, "line: longer than %d bytes (expected: a shorter line)", MAX_LINE - 2);
            break;
        }
        char *hash = strchr(buf, '#');
        if (hash)
            *hash = 0;
        char *text = buf;
        while (isspace((unsigned char)*text))
            text++;
        char *end = text + strlen(text);
        while (end > text && isspace((unsigned char)end[-1]))
            *--end = 0;
        if (*text && (rc = accept(&st, s, text)))
            break;
    }
    if (!rc && !st.saw_version)
        rc = fail(&st, "script: empty (expected: the first line \"swaplayer-workload 1\")");
    else if (!rc && !st.saw_swap)
        rc = fail(&st, "swap: missing (expected: swap <pages> [cluster <slots>])");
    else if (!rc && s->noperations == 0)
        rc = fail(&st, "operations: none (expected: at least one write, dontneed or pageout)");
    if (rc)
        swl_free(s);
    return rc;
}

void swl_free(struct swl_script *s)
{
    for (size_t i = 0; i < s->nlabels; i++)
        free(s->labels[i]);
    free(s->labels);
    free(s->regions);
    free(s->ops);
    memset(s, 0, sizeof *s);
}

int swl_orders(const struct swl_script *s, int *orders)
{
    int n = 0;
    for (int k = SWL_MAX_ORDER; k >= 0; k--) {
        int used = k == 0;
        for (size_t i = 0; i < s->nregions && !used; i++)
            used = s->regions[i].order == k;
        if (used)
            orders[n++] = k;
    }
    return n;
}
