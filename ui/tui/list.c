/* Cursor movement shared by every list-shaped pane and overlay: arrows and
 * vi keys, g/G, Ctrl-d/Ctrl-u half pages, PgUp/PgDn, Home/End. */
#include <curses.h>

#include "tui/ui.h"

bool list_key(ui_list_t *l, int key, int page)
{
    int half = page > 2 ? page / 2 : 1;
    switch (key) {
    case KEY_DOWN: case 'j': l->sel++; break;
    case KEY_UP: case 'k': l->sel--; break;
    case 'g': case KEY_HOME: l->sel = 0; break;
    case 'G': case KEY_END: l->sel = l->count - 1; break;
    case KEY_CTRL('d'): l->sel += half; break;
    case KEY_CTRL('u'): l->sel -= half; break;
    case KEY_NPAGE: case KEY_CTRL('f'): l->sel += page > 1 ? page - 1 : 1; break;
    case KEY_PPAGE: case KEY_CTRL('b'): l->sel -= page > 1 ? page - 1 : 1; break;
    default: return false;
    }
    list_clamp(l, page);
    return true;
}

void list_clamp(ui_list_t *l, int visible)
{
    if (l->sel >= l->count)
        l->sel = l->count - 1;
    if (l->sel < 0)
        l->sel = 0;
    if (visible < 1)
        visible = 1;
    if (l->sel < l->top)
        l->top = l->sel;
    if (l->sel >= l->top + visible)
        l->top = l->sel - visible + 1;
    if (l->top > l->count - visible)
        l->top = l->count - visible;
    if (l->top < 0)
        l->top = 0;
}

void list_click(ui_list_t *l, int row, int visible)
{
    l->sel = l->top + row - 1;
    list_clamp(l, visible);
}
