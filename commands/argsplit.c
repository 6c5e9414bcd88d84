#include "commands/argsplit.h"

#include <stdlib.h>

#include "base/util.h"

/* The vector doubles when full: growing it by one per word copies it once
 * per word, which is quadratic for a long line of short words. */
static void push_word(int *argc, char ***argv, int *cap, strbuf_t *w)
{
    if (*argc + 2 > *cap) {
        *cap = *cap * 2 > *argc + 2 ? *cap * 2 : *argc + 2;
        *argv = xrealloc(*argv, (size_t)*cap * sizeof **argv);
    }
    (*argv)[(*argc)++] = sb_steal(w);
    (*argv)[*argc] = NULL;
}

int argsplit(const char *line, int *argc, char ***argv, char *err)
{
    strbuf_t w;
    sb_init(&w);
    bool in_word = false;
    *argc = 0;
    *argv = xcalloc(1, sizeof **argv);
    int cap = 1;
    const char *p = line;
    while (*p) {
        char c = *p;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (in_word)
                push_word(argc, argv, &cap, &w);
            in_word = false;
            p++;
        } else if (c == '\'') {
            const char *q = p + 1;
            while (*q && *q != '\'')
                q++;
            if (!*q)
                goto unbalanced_single;
            sb_add(&w, p + 1, (size_t)(q - p - 1));
            in_word = true;
            p = q + 1;
        } else if (c == '"') {
            p++;
            while (*p && *p != '"') {
                if (*p == '\\' && (p[1] == '"' || p[1] == '\\' || p[1] == '$' || p[1] == '`')) {
                    sb_addc(&w, p[1]);
                    p += 2;
                } else {
                    sb_addc(&w, *p++);
                }
            }
            if (!*p)
                goto unbalanced_double;
            in_word = true;
            p++;
        } else if (c == '\\') {
            if (!p[1]) {
                ks_err(err, "trailing backslash at the end of the line");
                goto fail;
            }
            sb_addc(&w, p[1]);
            in_word = true;
            p += 2;
        } else {
            sb_addc(&w, c);
            in_word = true;
            p++;
        }
    }
    if (in_word)
        push_word(argc, argv, &cap, &w);
    sb_free(&w);
    return 0;
unbalanced_single:
    ks_err(err, "unbalanced single quote (')");
    goto fail;
unbalanced_double:
    ks_err(err, "unbalanced double quote (\")");
fail:
    sb_free(&w);
    argv_free(*argc, *argv);
    *argc = 0;
    *argv = NULL;
    return -1;
}

void argv_free(int argc, char **argv)
{
    if (!argv)
        return;
    for (int i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
}
