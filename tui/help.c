/* The '?' overlay, generated from key_bindings and cmd_table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "tui.h"

void help_open(tui_t *ui)
{
    viewer_open(ui, "Help");
    char line[512];
    const char *scope = NULL;
    for (const key_binding_t *k = key_bindings; k->keys; k++) {
        if (!scope || strcmp(scope, k->scope)) {
            scope = k->scope;
            if (k != key_bindings)
                viewer_add(ui, SLOT_NORMAL, "");
            snprintf(line, sizeof line, "Keys: %s", scope);
            viewer_add(ui, SLOT_HEADER, line);
        }
        snprintf(line, sizeof line, "  %-18s %s", k->keys, k->what);
        viewer_add(ui, SLOT_KEY, line);
    }
    viewer_add(ui, SLOT_NORMAL, "");
    viewer_add(ui, SLOT_HEADER, "Commands (type : first)");
    for (const cmd_entry_t *e = cmd_table; e->name; e++) {
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
