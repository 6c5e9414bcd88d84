/* Completion candidates, and what a command's own completer (its entry's
 * complete) is given. Apart from complete.c, which reads the command table,
 * so the cmd_*.c files the table lists can add candidates without a loop
 * back to the table. */
#ifndef KS_CANDIDATES_H
#define KS_CANDIDATES_H

#include "commands/cmd_types.h"

typedef struct {
    char **items; /* sorted, unique; each replaces the whole word being completed */
    int n;
    int start;    /* byte offset in the line where that word starts */
} completion_t;

void completion_free(completion_t *c);

/* The candidates being collected for one word. */
typedef struct cands {
    completion_t *out;
    const char *prefix; /* only candidates starting with this are kept */
    int cap;
} cands_t;

/* Adds s when it starts with the prefix and is not there yet. */
void cands_add(cands_t *c, const char *s);
/* Adds head + s (for "topic:" + "3", "a,b," + "topic"). */
void cands_add2(cands_t *c, const char *head, const char *s);
/* The first words of table's command names, or with family ("topic") the
 * second words of that family's. Aliases are not offered. */
void cands_commands(cands_t *c, const cmd_entry_t *const *table, const char *family);
/* word names a family of subcommands ("topic", "group"). */
bool cands_is_family(const cmd_entry_t *const *table, const char *word);

/* What an entry's completer gets: the positional argument being completed. */
struct cmd_completion {
    cmd_ctx_t *ctx;
    cands_t *cands;
    const cmd_entry_t *const *table; /* the table the command was found in */
    int index;                       /* which positional (0: the first) */
    char **pos;                      /* the positionals before it */
    const char *cur;                 /* the word so far */
};

#endif
