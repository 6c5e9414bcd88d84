/* A finished command's result in the output overlay, rendered from its
 * structure: free text, then each table (title and header in the header
 * colour, rows aligned by res_grid), or the JSON with --json; warnings in
 * the warning colour; an error in the error colour with a hint to its help.
 * produce --edit's one-line report goes to the status line instead. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cmdrun.h"
#include "base/sanitize.h"
#include "base/wrap.h"
#include "tui/ui.h"

/* Text split into overlay lines: ours (or already sanitized) as is, the
 * rest sanitized. */
static void add_text(tui_t *ui, theme_slot_t slot, const char *buf, size_t len)
{
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || buf[i] == '\n') {
            if (i > start || i < len) {
                if (ui_text_is_safe(buf + start, i - start)) {
                    char *l = xstrndup(buf + start, i - start);
                    viewer_add(ui, slot, l);
                    free(l);
                } else {
                    viewer_add_untrusted(ui, slot, buf + start, i - start);
                }
            }
            start = i + 1;
        }
    }
}

/* Our own (sanitized) text, word-wrapped to the overlay's width. */
static void add_wrapped(tui_t *ui, theme_slot_t slot, const char *text, const char *indent)
{
    int width = ui->cols - 4;
    bool first = true;
    for (const char *p = text; *p; p = wrap_rest(p)) {
        int room = width - (first ? 0 : text_width(indent));
        size_t len = wrap_line(p, room < 10 ? 10 : room, true);
        char *l = xasprintf("%s%.*s", first ? "" : indent, (int)len, p);
        viewer_add(ui, slot, l);
        free(l);
        p += len;
        first = false;
    }
}

/* The handler's result_t, as result_print lays it out for the REPL. */
static void add_result(tui_t *ui, const cmdrun_result_t *r)
{
    const result_t *res = &r->res;
    if (r->json) {
        char *s = res->json ? json_dumps(res->json, JSON_INDENT(2) | JSON_ENCODE_ANY) : NULL;
        if (s)
            add_text(ui, SLOT_NORMAL, s, strlen(s));
        free(s);
        return;
    }
    if (res->text.len)
        add_text(ui, SLOT_NORMAL, res->text.buf, res->text.len);
    strbuf_t line;
    sb_init(&line);
    for (int i = 0; i < res->ntables; i++) {
        const res_table_t *t = &res->tables[i];
        if (i > 0 || res->text.len)
            viewer_add(ui, SLOT_NORMAL, "");
        if (t->title)
            viewer_add_untrusted(ui, SLOT_HEADER, t->title, strlen(t->title));
        res_grid_t g;
        res_grid_init(&g, t); /* cells come sanitized */
        for (size_t l = 0; l < res_grid_nlines(&g); l++) {
            res_grid_line(&g, l, &line);
            viewer_add(ui, l == 0 && !t->fields ? SLOT_HEADER : SLOT_NORMAL, line.buf);
        }
        res_grid_free(&g);
    }
    sb_free(&line);
}

/* Where the help for what went wrong is. */
static void hint_for(const cmd_entry_t *e, char *buf, size_t size)
{
    if (e)
        snprintf(buf, size, "hint: `help %s` shows its usage and options", e->name);
    else
        snprintf(buf, size, "hint: `help` lists the commands; Tab completes them");
}

/* produce --edit reports one line ("produced to T partition P at offset
 * O"): the status line says it, the panes stay in view. */
static bool status_only(const cmdrun_result_t *r)
{
    const strbuf_t *text = &r->res.text;
    if (r->rc || r->res.warnings.len || r->json || r->outlen || r->res.ntables || !text->len ||
        !strstr(r->line, "--edit") || strncmp(r->line, "produce ", 8))
        return false;
    const char *nl = memchr(text->buf, '\n', text->len);
    return nl && (size_t)(nl - text->buf) + 1 == text->len;
}

void cmd_output_show(tui_t *ui, const cmdrun_result_t *r)
{
    if (status_only(r)) {
        /* Without its newline: the sanitizer would show it as a literal \n. */
        char *line = xstrndup(r->res.text.buf, r->res.text.len - 1);
        char *safe = sanitize_str(line);
        free(line);
        tui_notify(ui, false, "%s", safe);
        free(safe);
        if (r->writes)
            model_poke(ui->ctx->model);
        ui->full_redraw = true;
        return;
    }
    char *title = sanitize_str(r->line);
    for (size_t n = strlen(title); n && title[n - 1] == ' '; n--)
        title[n - 1] = '\0';
    viewer_open(ui, title);
    ui->viewer.fit = true;
    if (r->rc) {
        strbuf_t sb;
        sb_init(&sb);
        sb_adds(&sb, "error: ");
        sanitize_append(&sb, r->err, strlen(r->err));
        sb_addc(&sb, '\0');
        add_wrapped(ui, SLOT_ERROR, sb.buf, "       ");
        sb_free(&sb);
        char hint[256];
        hint_for(r->entry, hint, sizeof hint);
        viewer_add(ui, SLOT_DIM, hint);
        if (r->outlen)
            add_text(ui, SLOT_NORMAL, r->out, r->outlen);
        char *safe = sanitize_str(r->err);
        tui_notify(ui, true, "error: %s", safe);
        free(safe);
    } else {
        if (r->outlen)
            add_text(ui, SLOT_NORMAL, r->out, r->outlen);
        add_result(ui, r);
        if (r->res.warnings.len)
            add_text(ui, SLOT_WARN, r->res.warnings.buf, r->res.warnings.len);
        if (!ui->viewer.nlines)
            viewer_add(ui, SLOT_DIM, "(done, no output)");
        tui_notify(ui, false, "ran: %s (%.1fs; PgUp/PgDn scroll the output, Esc closes)", title,
                   (double)r->ms / 1000.0);
        /* The panes show the effect now, not at the next refresh. */
        if (r->writes)
            model_poke(ui->ctx->model);
    }
    free(title);
    ui->full_redraw = true;
}

void cmd_output_error(tui_t *ui, const char *line, const cmd_entry_t *e, const char *fmt, ...)
{
    cmdrun_result_t r;
    cmdrun_result_init(&r, line);
    r.rc = -1;
    r.entry = e;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r.err, sizeof r.err, fmt, ap);
    va_end(ap);
    cmd_output_show(ui, &r);
    cmdrun_result_free(&r);
}
