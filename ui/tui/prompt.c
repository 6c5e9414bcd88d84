/* A one-line input on the bottom row, for filters and seek targets (the
 * ':' command line is GNU readline: cmdline.c). The typed text is the
 * user's own, but it is still drawn sanitized: a pasted escape sequence
 * must not run either. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "base/sanitize.h"
#include "tui/ui.h"

void prompt_open(tui_t *ui, const char *label, const char *initial, bool live, prompt_done_fn done,
                 void *opaque)
{
    ui_prompt_t *p = &ui->prompt;
    sb_free(&p->text);
    sb_init(&p->text);
    if (initial)
        sb_adds(&p->text, initial);
    snprintf(p->label, sizeof p->label, "%s", label);
    p->done = done;
    p->opaque = opaque;
    p->live = live;
    p->open = true;
    ui->status_dirty = true;
}

static void finish(tui_t *ui, prompt_event_t how)
{
    ui_prompt_t *p = &ui->prompt;
    p->open = false;
    char *text = xstrndup(p->text.buf ? p->text.buf : "", p->text.len);
    prompt_done_fn done = p->done;
    done(ui, p->opaque, text, how);
    free(text);
    ui->status_dirty = true;
}

/* Removes the last UTF-8 character. */
static void backspace(strbuf_t *sb)
{
    while (sb->len > 0) {
        unsigned char c = (unsigned char)sb->buf[--sb->len];
        if ((c & 0xC0) != 0x80)
            break;
    }
    if (sb->buf)
        sb->buf[sb->len] = '\0';
}

bool prompt_key(tui_t *ui, int key, bool is_code)
{
    ui_prompt_t *p = &ui->prompt;
    if (is_code) {
        if (key == KEY_BACKSPACE)
            backspace(&p->text);
        else if (key == KEY_ENTER)
            finish(ui, PROMPT_ACCEPT);
        else
            return true;
    } else if (key == '\r' || key == '\n') {
        finish(ui, PROMPT_ACCEPT);
        return true;
    } else if (key == KEY_ESC || key == KEY_CTRL('c') || key == KEY_CTRL('g')) {
        finish(ui, PROMPT_CANCEL);
        return true;
    } else if (key == 127 || key == KEY_CTRL('h')) {
        backspace(&p->text);
    } else if (key == KEY_CTRL('u')) {
        sb_reset(&p->text);
    } else if (key >= 0x20 && p->text.len < 1024) {
        char mb[8];
        mbstate_t st;
        memset(&st, 0, sizeof st);
        size_t n = wcrtomb(mb, (wchar_t)key, &st);
        if (n != (size_t)-1)
            sb_add(&p->text, mb, n);
    } else {
        return true;
    }
    if (p->live && p->open)
        p->done(ui, p->opaque, p->text.buf ? p->text.buf : "", PROMPT_EDIT);
    return true;
}

void prompt_draw(tui_t *ui)
{
    int y = ui->rows - 1;
    ui_fill(y, 0, ui->cols, SLOT_NORMAL);
    ui_prompt_t *p = &ui->prompt;
    if (!p->open) {
        ui_put(y, 0, ui->cols, SLOT_DIM, ": command   / filter   ? help   i explain   q quit");
        curs_set(0);
        return;
    }
    int x = ui_put(y, 0, ui->cols, SLOT_PROMPT, p->label);
    strbuf_t sb;
    sb_init(&sb);
    if (p->text.len)
        sanitize_append(&sb, p->text.buf, p->text.len);
    sb_addc(&sb, '\0');
    /* Keep the end of a long line visible: the cursor is there. */
    const char *shown = sb.buf;
    int room = ui->cols - x - 1;
    while (text_width(shown) > room && *shown) {
        shown++;
        while ((*shown & 0xC0) == 0x80)
            shown++;
    }
    x += ui_put(y, x, room, SLOT_NORMAL, shown);
    sb_free(&sb);
    move(y, x);
    curs_set(1);
}
