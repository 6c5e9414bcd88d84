/* A scrollable text overlay over the pane area, shared by the help, the
 * record detail and command output. Lines are stored ready to draw: ours,
 * or sanitized on the way in (viewer_add_untrusted). */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "base/sanitize.h"
#include "tui/ui.h"

void viewer_close(tui_t *ui)
{
    ui_viewer_t *v = &ui->viewer;
    for (int i = 0; i < v->nlines; i++) {
        free(v->lines[i]);
        free(v->spans[i]);
    }
    free(v->lines);
    free(v->spans);
    free(v->slots);
    free(v->title);
    memset(v, 0, sizeof *v);
    ui->full_redraw = true;
}

void viewer_open(tui_t *ui, const char *title)
{
    viewer_close(ui);
    ui->viewer.open = true;
    ui->viewer.title = xstrdup(title);
}

void viewer_add(tui_t *ui, theme_slot_t slot, const char *text)
{
    ui_viewer_t *v = &ui->viewer;
    /* A detail view may get 100,000 lines (a hex dump, 10,000 headers): one
     * realloc per line copied the arrays each time, quadratic in time, and
     * left a trail of freed blocks of every size (187 MiB for 12,500 lines
     * under ASan). Doubling makes it linear. */
    if (v->nlines == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 64;
        v->lines = xrealloc(v->lines, (size_t)v->cap * sizeof *v->lines);
        v->slots = xrealloc(v->slots, (size_t)v->cap * sizeof *v->slots);
        v->spans = xrealloc(v->spans, (size_t)v->cap * sizeof *v->spans);
    }
    v->lines[v->nlines] = xstrdup(text);
    v->slots[v->nlines] = slot;
    v->spans[v->nlines] = NULL;
    v->nlines++;
}

void viewer_add_spans(tui_t *ui, const char *text, const ui_span_t *runs, int nruns)
{
    viewer_add(ui, nruns > 0 ? runs[0].slot : SLOT_NORMAL, text);
    if (nruns <= 1)
        return;
    ui_span_t *copy = xmalloc((size_t)(nruns + 1) * sizeof *copy);
    memcpy(copy, runs, (size_t)nruns * sizeof *copy);
    copy[nruns].at = -1;
    copy[nruns].slot = SLOT_NORMAL;
    ui->viewer.spans[ui->viewer.nlines - 1] = copy;
}

/* A line in runs: each run cut to what is left of the width. */
static void draw_spans(int y, int x, int w, const char *line, const ui_span_t *runs)
{
    size_t len = strlen(line);
    for (int i = 0; runs[i].at >= 0 && w > 0; i++) {
        size_t from = (size_t)runs[i].at;
        size_t to = runs[i + 1].at >= 0 ? (size_t)runs[i + 1].at : len;
        if (from > len || to > len || to < from)
            break;
        char *part = xstrndup(line + from, to - from);
        int used = ui_put(y, x, w, runs[i].slot, part);
        free(part);
        x += used;
        w -= used;
    }
}

void viewer_add_untrusted(tui_t *ui, theme_slot_t slot, const void *bytes, size_t len)
{
    strbuf_t sb;
    sb_init(&sb);
    sanitize_append(&sb, bytes, len);
    sb_addc(&sb, '\0');
    viewer_add(ui, slot, sb.buf);
    sb_free(&sb);
}

static rect_t viewer_rect(tui_t *ui)
{
    int top = ui->compact ? 2 : 1;
    rect_t r = {top, 0, ui->rows - 2 - top, ui->cols};
    /* Command output: only as tall as it needs, so the panes above show
     * the command's effect. */
    if (ui->viewer.fit && ui->viewer.nlines + 2 < r.h) {
        int h = ui->viewer.nlines + 2 < 3 ? 3 : ui->viewer.nlines + 2;
        r.y += r.h - h;
        r.h = h;
    }
    return r;
}

bool viewer_key(tui_t *ui, int key)
{
    ui_viewer_t *v = &ui->viewer;
    rect_t r = viewer_rect(ui);
    int page = r.h - 2;
    ui_list_t l = {v->top, v->top, v->nlines};
    /* Scrolling, not a cursor: move the top line directly. */
    switch (key) {
    case KEY_ESC: viewer_close(ui); return true;
    case 'j': case KEY_DOWN: l.top++; break;
    case 'k': case KEY_UP: l.top--; break;
    case 'g': case KEY_HOME: l.top = 0; break;
    case 'G': case KEY_END: l.top = v->nlines - page; break;
    case KEY_CTRL('d'): l.top += page / 2; break;
    case KEY_CTRL('u'): l.top -= page / 2; break;
    case KEY_NPAGE: case ' ': l.top += page - 1; break;
    case KEY_PPAGE: l.top -= page - 1; break;
    default: return false;
    }
    if (l.top > v->nlines - page)
        l.top = v->nlines - page;
    if (l.top < 0)
        l.top = 0;
    v->top = l.top;
    return true;
}

void viewer_draw(tui_t *ui)
{
    ui_viewer_t *v = &ui->viewer;
    rect_t r = viewer_rect(ui);
    if (r.h < 3 || r.w < 10)
        return;
    ui_clear_rect(r, SLOT_NORMAL);
    char title[300];
    snprintf(title, sizeof title, "%s  (%d/%d, Esc closes)", v->title ? v->title : "",
             v->nlines ? v->top + 1 : 0, v->nlines);
    ui_box(r, SLOT_BORDER_FOCUS, title, SLOT_TITLE_FOCUS);
    for (int i = 0; i < r.h - 2 && v->top + i < v->nlines; i++) {
        if (v->spans[v->top + i])
            draw_spans(r.y + 1 + i, r.x + 2, r.w - 4, v->lines[v->top + i], v->spans[v->top + i]);
        else
            ui_put(r.y + 1 + i, r.x + 2, r.w - 4, v->slots[v->top + i], v->lines[v->top + i]);
    }
}
