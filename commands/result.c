#include "commands/result.h"

#include <stdlib.h>
#include <string.h>

#include "base/sanitize.h"

void result_init(result_t *r)
{
    memset(r, 0, sizeof *r);
    sb_init(&r->text);
    sb_init(&r->warnings);
}

void result_free(result_t *r)
{
    for (int i = 0; i < r->ntables; i++) {
        res_table_t *t = &r->tables[i];
        free(t->title);
        for (int c = 0; c < t->ncols; c++) {
            free(t->cols[c].header);
            free(t->cols[c].key);
        }
        free(t->cols);
        json_decref(t->rows);
    }
    free(r->tables);
    json_decref(r->json);
    sb_free(&r->text);
    sb_free(&r->warnings);
    memset(r, 0, sizeof *r);
}

void result_set_json(result_t *r, json_t *json)
{
    json_decref(r->json);
    r->json = json;
}

static res_table_t *add_table(result_t *r, const char *title, json_t *rows,
                              const char *const *cols)
{
    r->tables = xrealloc(r->tables, (size_t)(r->ntables + 1) * sizeof *r->tables);
    res_table_t *t = &r->tables[r->ntables++];
    memset(t, 0, sizeof *t);
    t->title = xstrdup(title);
    t->rows = json_incref(rows);
    for (const char *const *c = cols; *c; c++)
        t->ncols++;
    t->cols = xcalloc((size_t)t->ncols, sizeof *t->cols);
    for (int i = 0; i < t->ncols; i++) {
        const char *spec = cols[i];
        const char *colon = strchr(spec, ':');
        t->cols[i].header = colon ? xstrndup(spec, (size_t)(colon - spec)) : xstrdup(spec);
        const char *key = colon ? colon + 1 : spec;
        const char *colon2 = strchr(key, ':');
        t->cols[i].key = colon2 ? xstrndup(key, (size_t)(colon2 - key)) : xstrdup(key);
        t->cols[i].right = colon2 && colon2[1] == 'r';
    }
    return t;
}

void result_add_table(result_t *r, const char *title, json_t *rows, const char *const *cols)
{
    add_table(r, title, rows, cols);
}

void result_add_fields(result_t *r, const char *title, json_t *obj, const char *const *cols)
{
    json_t *rows = json_array();
    json_array_append(rows, obj);
    add_table(r, title, rows, cols)->fields = true;
    json_decref(rows);
}

void result_textf(result_t *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&r->text, fmt, ap);
    va_end(ap);
}

void result_warnf(result_t *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&r->warnings, fmt, ap);
    va_end(ap);
    sb_addc(&r->warnings, '\n');
}

static void cell_append(strbuf_t *sb, json_t *v)
{
    char num[64];
    switch (json_typeof(v)) {
    case JSON_STRING:
        sanitize_append(sb, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
        sb_adds(sb, num);
        break;
    case JSON_REAL:
        snprintf(num, sizeof num, "%.1f", json_real_value(v));
        sb_adds(sb, num);
        break;
    case JSON_TRUE: sb_adds(sb, "yes"); break;
    case JSON_FALSE: sb_adds(sb, "no"); break;
    case JSON_ARRAY: {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) {
            if (i)
                sb_addc(sb, ',');
            cell_append(sb, e);
        }
        break;
    }
    case JSON_OBJECT: {
        char *dump = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
        if (dump)
            sanitize_append(sb, dump, strlen(dump));
        free(dump);
        break;
    }
    default: sb_adds(sb, "-");
    }
}

char *result_cell(json_t *v)
{
    strbuf_t sb;
    sb_init(&sb);
    if (!v)
        sb_adds(&sb, "-");
    else
        cell_append(&sb, v);
    return sb_steal(&sb);
}

void res_grid_init(res_grid_t *g, const res_table_t *t)
{
    memset(g, 0, sizeof *g);
    g->t = t;
    g->nrows = t->fields ? 1 : json_array_size(t->rows); /* fields: one object */
    g->cells = xcalloc(g->nrows * (size_t)t->ncols + 1, sizeof *g->cells);
    g->widths = xcalloc((size_t)t->ncols + 1, sizeof *g->widths);
    for (int c = 0; c < t->ncols; c++)
        g->widths[c] = t->fields ? (int)strlen(t->cols[c].header) : text_width(t->cols[c].header);
    for (size_t r = 0; r < g->nrows; r++) {
        json_t *row = json_array_get(t->rows, r);
        for (int c = 0; c < t->ncols; c++) {
            char *cell = result_cell(json_object_get(row, t->cols[c].key));
            g->cells[r * (size_t)t->ncols + (size_t)c] = cell;
            int cw = text_width(cell);
            if (!t->fields && cw > g->widths[c])
                g->widths[c] = cw;
        }
    }
}

void res_grid_free(res_grid_t *g)
{
    for (size_t i = 0; i < g->nrows * (size_t)g->t->ncols; i++)
        free(g->cells[i]);
    free(g->cells);
    free(g->widths);
    memset(g, 0, sizeof *g);
}

size_t res_grid_nlines(const res_grid_t *g)
{
    return g->t->fields ? (size_t)g->t->ncols : g->nrows + 1;
}

static void add_padded(strbuf_t *sb, const char *s, int width, bool right, bool last)
{
    int pad = width - text_width(s);
    if (pad < 0)
        pad = 0;
    if (right)
        sb_printf(sb, "%*s%s", pad, "", s);
    else if (last)
        sb_adds(sb, s);
    else
        sb_printf(sb, "%s%*s", s, pad, "");
}

void res_grid_line(const res_grid_t *g, size_t i, strbuf_t *sb)
{
    const res_table_t *t = g->t;
    sb_reset(sb);
    if (t->fields) {
        /* "Header:  value", one field a line; the widest header sets the column. */
        int w = 0;
        for (int c = 0; c < t->ncols; c++)
            if (g->widths[c] > w)
                w = g->widths[c];
        sb_printf(sb, "%-*s  %s", w + 1, t->cols[i].header, g->cells[i]);
    } else {
        for (int c = 0; c < t->ncols; c++) {
            const char *cell = i == 0 ? t->cols[c].header
                                      : g->cells[(i - 1) * (size_t)t->ncols + (size_t)c];
            add_padded(sb, cell, g->widths[c], t->cols[c].right, c == t->ncols - 1);
            if (c < t->ncols - 1)
                sb_adds(sb, "  ");
        }
    }
    sb_addc(sb, '\0');
    sb->len--; /* a C string, without counting the NUL */
}

void result_print(const result_t *r, FILE *out, bool json)
{
    if (json) {
        if (r->json) {
            json_dumpf(r->json, out, JSON_INDENT(2) | JSON_ENCODE_ANY);
            fputc('\n', out);
        }
        return;
    }
    if (r->text.len)
        fputs(r->text.buf, out);
    strbuf_t line;
    sb_init(&line);
    for (int i = 0; i < r->ntables; i++) {
        const res_table_t *t = &r->tables[i];
        if (i > 0 || r->text.len)
            fputc('\n', out);
        if (t->title) {
            char *title = sanitize_str(t->title);
            fprintf(out, "%s\n", title);
            free(title);
        }
        res_grid_t g;
        res_grid_init(&g, t);
        for (size_t l = 0; l < res_grid_nlines(&g); l++) {
            res_grid_line(&g, l, &line);
            fwrite(line.buf, 1, line.len, out);
            fputc('\n', out);
        }
        res_grid_free(&g);
    }
    sb_free(&line);
}

json_t *json_str_safe(const char *s)
{
    if (!s)
        return json_null();
    if (utf8_valid(s, strlen(s)))
        return json_string(s);
    char *safe = sanitize_str(s);
    json_t *j = json_string(safe);
    free(safe);
    return j;
}
