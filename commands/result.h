/* What a command hands back: structured data (a JSON value, printed as is
 * with --json) plus views of it as aligned text tables, so the text and the
 * JSON always say the same thing. Untrusted strings are sanitized when text
 * is rendered; JSON escapes them itself. */
#ifndef KS_RESULT_H
#define KS_RESULT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "base/util.h"

typedef struct {
    char *header;
    char *key;
    bool right; /* right-align (numbers) */
} res_col_t;

typedef struct {
    char *title;     /* NULL: no title line */
    json_t *rows;    /* array of objects (a reference into result.json) */
    res_col_t *cols;
    int ncols;
    bool fields;     /* render rows[0] as "Header: value" lines */
} res_table_t;

/* What kind of failure a command's error was, so front ends act on it (a
 * pointer to the command's help after a usage error) without reading the
 * error's text. The exit status does not depend on it. */
typedef enum {
    CMD_OK = 0,
    /* The line is wrong: unknown command or option, a missing or extra
     * argument, a value that does not parse, not UTF-8, unbalanced quotes. */
    CMD_ERR_USAGE,
    /* Refused before changing anything: read-only mode, not confirmed. */
    CMD_ERR_REFUSED,
    /* Ctrl-C (or the TUI's interrupt) stopped it. */
    CMD_ERR_INTERRUPTED,
    /* It ran and failed: the cluster, a file, a Connect worker or the
     * Schema Registry said no. */
    CMD_ERR_FAILED,
} cmd_error_t;

typedef struct result {
    json_t *json;        /* NULL: nothing to print as JSON */
    res_table_t *tables;
    int ntables;
    strbuf_t text;       /* free text (help, messages), printed first */
    strbuf_t warnings;   /* printed on stderr */
    bool json_requested; /* --json was on the command line */
    cmd_error_t error;   /* CMD_OK, or why the command failed */
} result_t;

void result_init(result_t *r);
void result_free(result_t *r);

/* Takes the reference. */
void result_set_json(result_t *r, json_t *json);

/* cols: "HEADER:key" strings ("HEADER:key:r" right-aligns), NULL-terminated.
 * rows: a JSON array of objects; borrowed (keep it inside r->json). */
void result_add_table(result_t *r, const char *title, json_t *rows, const char *const *cols);
/* One object as "Header: value" lines. */
void result_add_fields(result_t *r, const char *title, json_t *obj, const char *const *cols);

void result_textf(result_t *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void result_warnf(result_t *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A table laid out as text: every cell rendered (sanitized) once and each
 * column's display width. The REPL prints its lines (result_print); the
 * TUI puts them in its output overlay, header and rows in their own
 * colours. Borrows t. */
typedef struct {
    const res_table_t *t;
    char **cells;  /* nrows x ncols */
    size_t nrows;
    int *widths;
} res_grid_t;
void res_grid_init(res_grid_t *g, const res_table_t *t);
void res_grid_free(res_grid_t *g);
/* Lines of the table: the header (line 0) and one a row, or for fields one
 * "Header:  value" a column (no header line). */
size_t res_grid_nlines(const res_grid_t *g);
/* Line i into sb (replaced; NUL-terminated, len without it). */
void res_grid_line(const res_grid_t *g, size_t i, strbuf_t *sb);

/* Prints text and tables, or the JSON. */
void result_print(const result_t *r, FILE *out, bool json);

/* A JSON string for text from Kafka: kept as is when it is valid UTF-8,
 * else its sanitized rendering (JSON strings must be UTF-8). NULL -> null. */
json_t *json_str_safe(const char *s);

/* One cell rendered as sanitized text ("-" for null). Caller frees. */
char *result_cell(json_t *v);

#endif
