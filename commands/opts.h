/* Options of one command, declared as data: the parser, the help text and
 * (later) completion all read the same table. */
#ifndef KS_OPTS_H
#define KS_OPTS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    const char *name;  /* "--partition" */
    const char *arg;   /* "P" for an option that takes a value; NULL for a flag */
    const char *help;
    bool repeat;       /* may be given more than once */
} opt_spec_t;

#define OPTS_MAX 32

typedef struct {
    const opt_spec_t *spec;
    int count[OPTS_MAX];
    const char **values[OPTS_MAX]; /* values in order given */
    const char **pos;              /* positional arguments */
    int npos;
} opts_t;

/* Parses argv[0..argc) (words after the command name). "--" ends options.
 * Errors: unknown option (with the closest suggested), missing value,
 * repeated non-repeatable option. */
int opts_parse(const opt_spec_t *spec, int argc, char **argv, opts_t *o, char *err);
void opts_free(opts_t *o);

bool opt_has(const opts_t *o, const char *name);
const char *opt_get(const opts_t *o, const char *name); /* last value or NULL */
int opt_count(const opts_t *o, const char *name);
const char *opt_at(const opts_t *o, const char *name, int i);

/* Typed getters: fill *out and return 0, or fill err and return -1.
 * Absent options leave *out untouched and return 0. */
int opt_int(const opts_t *o, const char *name, int64_t min, int64_t max, int64_t *out, char *err);

#endif
