#include "commands/opts.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

static int find(const opt_spec_t *spec, const char *name)
{
    for (int i = 0; spec && spec[i].name; i++)
        if (!strcmp(spec[i].name, name))
            return i;
    return -1;
}

static const char *closest(const opt_spec_t *spec, const char *name)
{
    const char *best = NULL;
    int bestd = 4;
    for (int i = 0; spec && spec[i].name; i++) {
        int d = edit_distance(name, spec[i].name);
        if (d < bestd) {
            bestd = d;
            best = spec[i].name;
        }
    }
    return best;
}

int opts_parse(const opt_spec_t *spec, int argc, char **argv, opts_t *o, char *err)
{
    memset(o, 0, sizeof *o);
    o->spec = spec;
    o->pos = xcalloc((size_t)argc + 1, sizeof *o->pos);
    bool only_pos = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        /* "-5" is a value (an offset), not an option. */
        bool looks_opt = !only_pos && a[0] == '-' && a[1] && !(a[1] >= '0' && a[1] <= '9');
        if (!looks_opt) {
            o->pos[o->npos++] = a;
            continue;
        }
        if (!strcmp(a, "--")) {
            only_pos = true;
            continue;
        }
        char *name = xstrdup(a);
        char *eq = strncmp(name, "--", 2) == 0 ? strchr(name, '=') : NULL;
        const char *inline_val = NULL;
        if (eq) {
            *eq = '\0';
            inline_val = eq + 1;
        }
        int k = find(spec, name);
        if (k < 0) {
            const char *near = closest(spec, name);
            if (near)
                ks_err(err, "unknown option '%s' (did you mean %s?)", name, near);
            else
                ks_err(err, "unknown option '%s'", name);
            free(name);
            opts_free(o);
            return -1;
        }
        free(name);
        if (o->count[k] && !spec[k].repeat) {
            opts_free(o);
            return ks_err(err, "option %s given more than once", spec[k].name);
        }
        const char *val = NULL;
        if (spec[k].arg) {
            if (inline_val)
                val = inline_val;
            else if (i + 1 < argc)
                val = argv[++i];
            else {
                opts_free(o);
                return ks_err(err, "option %s needs a value (%s %s)", spec[k].name, spec[k].name,
                              spec[k].arg);
            }
        } else if (inline_val) {
            opts_free(o);
            return ks_err(err, "option %s takes no value", spec[k].name);
        }
        o->values[k] = xrealloc(o->values[k], (size_t)(o->count[k] + 1) * sizeof(char *));
        o->values[k][o->count[k]++] = val;
    }
    return 0;
}

void opts_free(opts_t *o)
{
    for (int i = 0; i < OPTS_MAX; i++)
        free(o->values[i]);
    free(o->pos);
    memset(o, 0, sizeof *o);
}

bool opt_has(const opts_t *o, const char *name)
{
    return opt_count(o, name) > 0;
}

int opt_count(const opts_t *o, const char *name)
{
    int k = find(o->spec, name);
    return k < 0 ? 0 : o->count[k];
}

const char *opt_at(const opts_t *o, const char *name, int i)
{
    int k = find(o->spec, name);
    return (k < 0 || i < 0 || i >= o->count[k]) ? NULL : o->values[k][i];
}

const char *opt_get(const opts_t *o, const char *name)
{
    return opt_at(o, name, opt_count(o, name) - 1);
}

int opt_int(const opts_t *o, const char *name, int64_t min, int64_t max, int64_t *out, char *err)
{
    const char *v = opt_get(o, name);
    if (!v)
        return 0;
    if (!parse_int64(v, min, max, out))
        return ks_err(err, "%s: expected a whole number from %lld to %lld, got '%s'", name,
                      (long long)min, (long long)max, v);
    return 0;
}
