/* Command history shared by the REPL and the TUI command line:
 * ~/.local/share/kafscope/history ($XDG_DATA_HOME respected), mode 0600,
 * capped at HISTORY_MAX entries, appended after every command so two
 * sessions do not overwrite each other. Uses GNU readline's history list. */
#ifndef KS_HISTORY_H
#define KS_HISTORY_H

#define HISTORY_MAX 1000

/* The file's path (malloc'd), or NULL without $HOME. */
char *history_path(void);
/* Loads the file into readline's history (creating it, mode 0600). */
void history_load(void);
/* Adds a line to the list and the file. Lines starting with a space, and
 * very long lines, are not kept (as bash's ignorespace). */
void history_record(const char *line);

#endif
