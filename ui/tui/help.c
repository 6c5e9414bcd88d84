/* The '?' overlay, generated from key_bindings, each pane's key table
 * (pane_ops_t.keys, the rows dispatch reads) and cmd_table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/command.h"
#include "tui/ui.h"

static void add_scope(tui_t *ui, const char *scope, bool first)
{
    char line[512];
    if (!first)
        viewer_add(ui, SLOT_NORMAL, "");
    snprintf(line, sizeof line, "Keys: %s", scope);
    viewer_add(ui, SLOT_HEADER, line);
}

static void add_key(tui_t *ui, const char *keys, const char *what)
{
    char line[512];
    snprintf(line, sizeof line, "  %-18s %s", keys, what);
    viewer_add(ui, SLOT_KEY, line);
}

static void add_pane_keys(tui_t *ui, const pane_ops_t *ops)
{
    if (!ops->keys || !ops->keys->keys)
        return;
    add_scope(ui, ops->name, false);
    for (const pane_key_t *k = ops->keys; k->keys; k++)
        add_key(ui, k->keys, k->what);
}

void help_open(tui_t *ui)
{
    viewer_open(ui, "Help");
    char line[512];
    const char *scope = NULL;
    bool panes_done = false;
    for (const key_binding_t *k = key_bindings; k->keys; k++) {
        if (!scope || strcmp(scope, k->scope)) {
            /* The panes' own keys come after the ones that work everywhere. */
            if (scope && !panes_done) {
                for (int i = 0; i < PANE_COUNT; i++)
                    if (!ui->panes[i].absent)
                        add_pane_keys(ui, ui->panes[i].ops);
                panes_done = true;
            }
            scope = k->scope;
            add_scope(ui, scope, k == key_bindings);
        }
        add_key(ui, k->keys, k->what);
    }
    viewer_add(ui, SLOT_NORMAL, "");
    viewer_add(ui, SLOT_HEADER, "Commands (type : first)");
    for (const cmd_entry_t *const *p = cmd_table; *p; p++) {
        const cmd_entry_t *e = *p;
        char *syn = cmd_synopsis(e);
        snprintf(line, sizeof line, "  %-18s %s%s", e->name, e->summary,
                 e->writes ? " (changes the cluster)" : "");
        viewer_add(ui, SLOT_KEY, line);
        snprintf(line, sizeof line, "      %s", syn);
        viewer_add(ui, SLOT_DIM, line);
        free(syn);
    }
    viewer_add(ui, SLOT_NORMAL, "");
    viewer_add(ui, SLOT_DIM, "Esc, q or ? closes this help.");
}
