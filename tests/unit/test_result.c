/* A result's tables laid out as text (commands/result.c res_grid): the
 * header and one line a row, widths by display columns, right-aligned
 * numbers, the last column unpadded, untrusted cells sanitized, fields as
 * "Header:  value" lines; and result_print (the REPL) prints exactly the
 * lines the TUI's overlay gets from the same grid. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "commands/result.h"

static char *grid_text(const res_table_t *t)
{
    strbuf_t all, line;
    sb_init(&all);
    sb_init(&line);
    res_grid_t g;
    res_grid_init(&g, t);
    for (size_t i = 0; i < res_grid_nlines(&g); i++) {
        res_grid_line(&g, i, &line);
        CHECK(strlen(line.buf) == line.len);
        sb_add(&all, line.buf, line.len);
        sb_addc(&all, '\n');
    }
    res_grid_free(&g);
    sb_free(&line);
    sb_addc(&all, '\0');
    return sb_steal(&all);
}

static char *printed(const result_t *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    result_print(r, f, false);
    fclose(f);
    return buf;
}

int main(void)
{
    setlocale(LC_CTYPE, "C.UTF-8"); /* as the program runs: UTF-8 text shown as is */
    result_t r;
    result_init(&r);
    json_t *rows = json_pack("[{s:s, s:i}, {s:s, s:i}]", "name", "caf\xc3\xa9", "n", 7, "name",
                             "evil\x1b[2J", "n", 1234);
    json_t *obj = json_pack("{s:s, s:b}", "id", "g1", "stable", 1);
    result_set_json(&r, json_pack("{s:o, s:o}", "rows", rows, "obj", obj));
    static const char *const cols[] = {"NAME:name", "COUNT:n:r", NULL};
    static const char *const fields[] = {"Group:id", "Stable:stable", "Missing:nope", NULL};
    result_add_table(&r, "Things", rows, cols);
    result_add_fields(&r, NULL, obj, fields);

    /* Widths in display columns (é is one), numbers right-aligned, the
     * escape sequence shown escaped, never raw. */
    char *t = grid_text(&r.tables[0]);
    CHECK(strstr(t, "\x1b") == NULL);
    CHECK(!strncmp(t, "NAME", 4));
    char *second = strchr(t, '\n') + 1;
    CHECK(!strncmp(second, "caf\xc3\xa9", 5));
    char *cafe_end = strchr(second, '\n');
    char *hdr_end = strchr(t, '\n');
    CHECK(cafe_end - second - 1 == hdr_end - t); /* é: 2 bytes, 1 column */
    CHECK(strstr(t, " 1234\n") != NULL && strstr(t, "    7\n") != NULL);

    char *f = grid_text(&r.tables[1]);
    CHECK_STR(f, "Group     g1\nStable    yes\nMissing   -\n");

    /* The REPL's text is the same lines, with the title and a blank line
     * between tables. */
    char *want = xasprintf("Things\n%s\n%s", t, f);
    char *got = printed(&r);
    CHECK_STR(got, want);

    free(t);
    free(f);
    free(want);
    free(got);
    result_free(&r);
    return check_summary();
}
