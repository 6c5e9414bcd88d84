#include "result.h"

#include <stdlib.h>
#include <string.h>

#include "sanitize.h"

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

static void print_padded(FILE *out, const char *s, int width, bool right, bool last)
{
    int pad = width - text_width(s);
    if (pad < 0)
        pad = 0;
    if (right)
        fprintf(out, "%*s%s", pad, "", s);
    else if (last)
        fputs(s, out);
    else
        fprintf(out, "%s%*s", s, pad, "");
}

static void print_fields(const res_table_t *t, FILE *out)
{
    json_t *obj = json_array_get(t->rows, 0);
    int w = 0;
    for (int c = 0; c < t->ncols; c++)
        if ((int)strlen(t->cols[c].header) > w)
            w = (int)strlen(t->cols[c].header);
    for (int c = 0; c < t->ncols; c++) {
        char *cell = result_cell(json_object_get(obj, t->cols[c].key));
        fprintf(out, "%-*s  %s\n", w + 1, t->cols[c].header, cell);
        free(cell);
    }
}

static void print_table(const res_table_t *t, FILE *out)
{
    size_t nrows = json_array_size(t->rows);
    char **cells = xcalloc(nrows * (size_t)t->ncols + 1, sizeof *cells);
    int *w = xcalloc((size_t)t->ncols, sizeof *w);
    for (int c = 0; c < t->ncols; c++)
        w[c] = text_width(t->cols[c].header);
    for (size_t r = 0; r < nrows; r++) {
        json_t *row = json_array_get(t->rows, r);
        for (int c = 0; c < t->ncols; c++) {
            char *cell = result_cell(json_object_get(row, t->cols[c].key));
            cells[r * (size_t)t->ncols + (size_t)c] = cell;
            int cw = text_width(cell);
            if (cw > w[c])
                w[c] = cw;
        }
    }
    for (int c = 0; c < t->ncols; c++) {
        print_padded(out, t->cols[c].header, w[c], t->cols[c].right, c == t->ncols - 1);
        fputs(c == t->ncols - 1 ? "\n" : "  ", out);
    }
    for (size_t r = 0; r < nrows; r++) {
        for (int c = 0; c < t->ncols; c++) {
            print_padded(out, cells[r * (size_t)t->ncols + (size_t)c], w[c], t->cols[c].right,
                         c == t->ncols - 1);
            fputs(c == t->ncols - 1 ? "\n" : "  ", out);
        }
    }
    for (size_t i = 0; i < nrows * (size_t)t->ncols; i++)
        free(cells[i]);
    free(cells);
    free(w);
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
    for (int i = 0; i < r->ntables; i++) {
        const res_table_t *t = &r->tables[i];
        if (i > 0 || r->text.len)
            fputc('\n', out);
        if (t->title) {
            char *title = sanitize_str(t->title);
            fprintf(out, "%s\n", title);
            free(title);
        }
        if (t->fields)
            print_fields(t, out);
        else
            print_table(t, out);
    }
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
