/* Drawing helpers over stdscr. Everything that reaches the screen goes
 * through ui_put: text is cut by display width (text_fit, never in the
 * middle of a character) and written with waddnstr. Bytes from Kafka go
 * through ui_put_untrusted, which runs the one sanitizer first, so a record
 * holding escape sequences is shown as "\e[2J", never executed. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sanitize.h"
#include "tui/ui.h"

int ui_put(int y, int x, int w, theme_slot_t slot, const char *text)
{
    if (w <= 0 || y < 0 || y >= LINES || x < 0 || x >= COLS)
        return 0;
    if (x + w > COLS)
        w = COLS - x;
    int used;
    size_t n = text_fit(text, w, &used);
    attrset((attr_t)theme_attr(slot));
    mvaddnstr(y, x, text, (int)n);
    return used;
}

int ui_put_untrusted(int y, int x, int w, theme_slot_t slot, const void *bytes, size_t len)
{
    strbuf_t sb;
    sb_init(&sb);
    /* Only what can be seen is sanitized: a 1 MB value on a 100-column row
     * needs at most a few hundred bytes (each byte renders to >= 1 column). */
    size_t limit = (size_t)(w > 0 ? w : 0) * 4 + 4;
    sanitize_append(&sb, bytes, len < limit ? len : limit);
    sb_addc(&sb, '\0');
    int used = ui_put(y, x, w, slot, sb.buf);
    sb_free(&sb);
    return used;
}

void ui_put_right(int y, int x, int w, theme_slot_t slot, const char *text)
{
    int tw = text_width(text);
    if (tw >= w)
        ui_put(y, x, w, slot, text);
    else
        ui_put(y, x + w - tw, tw, slot, text);
}

void ui_fill(int y, int x, int w, theme_slot_t slot)
{
    if (y < 0 || y >= LINES || x >= COLS || w <= 0)
        return;
    if (x + w > COLS)
        w = COLS - x;
    attrset((attr_t)theme_attr(slot));
    mvhline(y, x, ' ', w);
}

void ui_clear_rect(rect_t r, theme_slot_t slot)
{
    for (int i = 0; i < r.h; i++)
        ui_fill(r.y + i, r.x, r.w, slot);
}

void ui_box(rect_t r, theme_slot_t slot, const char *title, theme_slot_t title_slot)
{
    if (r.w < 2 || r.h < 2)
        return;
    attrset((attr_t)theme_attr(slot));
    mvaddch(r.y, r.x, ACS_ULCORNER);
    mvhline(r.y, r.x + 1, ACS_HLINE, r.w - 2);
    mvaddch(r.y, r.x + r.w - 1, ACS_URCORNER);
    mvvline(r.y + 1, r.x, ACS_VLINE, r.h - 2);
    mvvline(r.y + 1, r.x + r.w - 1, ACS_VLINE, r.h - 2);
    mvaddch(r.y + r.h - 1, r.x, ACS_LLCORNER);
    mvhline(r.y + r.h - 1, r.x + 1, ACS_HLINE, r.w - 2);
    mvaddch(r.y + r.h - 1, r.x + r.w - 1, ACS_LRCORNER);
    if (title && r.w > 6) {
        ui_put(r.y, r.x + 1, 1, slot, " ");
        int used = ui_put(r.y, r.x + 2, r.w - 4, title_slot, title);
        ui_put(r.y, r.x + 2 + used, 1, slot, " ");
    }
}

void ui_cols_layout(ui_col_t *cols, int ncols, int total)
{
    int fixed = 0, flex = -1;
    for (int i = 0; i < ncols; i++) {
        if (cols[i].width < 0)
            flex = i;
        else if (cols[i].width > 0)
            fixed += cols[i].width + 1;
    }
    if (flex >= 0) {
        int rest = total - fixed - 1;
        cols[flex].width = rest < 4 ? 4 : rest;
    }
}

void ui_table_header(int y, int x, int w, const ui_col_t *cols, int ncols)
{
    ui_fill(y, x, w, SLOT_HEADER);
    int cx = x;
    for (int i = 0; i < ncols && cx < x + w; i++) {
        int cw = cols[i].width;
        if (cw == 0)
            continue; /* a hidden column */
        if (cx + cw > x + w)
            cw = x + w - cx;
        if (cols[i].right)
            ui_put_right(y, cx, cw, SLOT_HEADER, cols[i].header);
        else
            ui_put(y, cx, cw, SLOT_HEADER, cols[i].header);
        cx += cols[i].width + 1;
    }
}

int ui_cell(int y, int x, const ui_col_t *col, theme_slot_t slot, const char *text)
{
    if (col->right)
        ui_put_right(y, x, col->width, slot, text);
    else
        ui_put(y, x, col->width, slot, text);
    return x + col->width + 1;
}

theme_slot_t ui_row_slot(const tui_t *ui, int pane, bool sel, theme_slot_t normal)
{
    if (!sel)
        return normal;
    return ui->focus == pane ? SLOT_SELECTION : SLOT_SELECTION_IDLE;
}

int ui_name_cell(int y, int x, const ui_col_t *col, theme_slot_t slot, bool sel,
                 const char *name)
{
    strbuf_t sb;
    sb_init(&sb);
    sb_adds(&sb, sel ? "\xe2\x96\xb8" : " "); /* ▸ */
    sanitize_append(&sb, name, strlen(name));
    sb_addc(&sb, '\0');
    x = ui_cell(y, x, col, slot, sb.buf);
    sb_free(&sb);
    return x;
}

bool ui_text_is_safe(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t len = utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (!len || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
            (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
            cp == 0x200F || cp == 0x061C)
            return false;
        i += len;
    }
    return true;
}
