/* The dispatcher (dispatch.h): a line's entry found in the table it was
 * parsed against, the line checked against the entry, the handler run, the
 * error's kind set. Never names cmd_table. */
#include "commands/dispatch.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/sanitize.h"
#include "commands/argsplit.h"
#include "commands/session.h"

static int name_words(const char *name)
{
    int n = 1;
    for (const char *p = name; *p; p++)
        n += *p == ' ';
    return n;
}

static bool name_matches(const char *name, int argc, char **argv)
{
    int words = name_words(name);
    if (argc < words)
        return false;
    const char *p = name;
    for (int i = 0; i < words; i++) {
        size_t len = strcspn(p, " ");
        if (strlen(argv[i]) != len || strncmp(argv[i], p, len))
            return false;
        p += len + (p[len] == ' ');
    }
    return true;
}

static bool alias_matches(const cmd_entry_t *e, const char *word)
{
    for (const char *const *a = e->aliases; a && *a; a++)
        if (!strcmp(*a, word))
            return true;
    return false;
}

const cmd_entry_t *cmd_find_in(const cmd_entry_t *const *table, int argc, char **argv,
                               int *words)
{
    const cmd_entry_t *best = NULL;
    int best_words = 0;
    for (const cmd_entry_t *const *p = table; *p; p++) {
        const cmd_entry_t *e = *p;
        int n = name_matches(e->name, argc, argv) ? name_words(e->name)
                : argc && alias_matches(e, argv[0]) ? 1
                : 0;
        if (n > best_words) {
            best = e;
            best_words = n;
        }
    }
    if (best && words)
        *words = best_words;
    return best;
}

const char *cmd_suggest_in(const cmd_entry_t *const *table, const char *word)
{
    const char *best = NULL;
    int bestd = 3;
    for (const cmd_entry_t *const *p = table; *p; p++) {
        const char *name = (*p)->name;
        char *first = xstrndup(name, strcspn(name, " "));
        int d = edit_distance(word, first);
        if (d < bestd) {
            bestd = d;
            best = name;
        }
        free(first);
    }
    return best;
}

char *cmd_synopsis(const cmd_entry_t *e)
{
    strbuf_t sb;
    sb_init(&sb);
    sb_adds(&sb, e->name);
    if (e->args && *e->args)
        sb_printf(&sb, " %s", e->args);
    for (const opt_spec_t *o = e->opts; o && o->name; o++) {
        if (o->arg)
            sb_printf(&sb, " [%s %s]%s", o->name, o->arg, o->repeat ? "..." : "");
        else
            sb_printf(&sb, " [%s]", o->name);
    }
    return sb_steal(&sb);
}

int cmd_usage(result_t *res)
{
    res->error = CMD_ERR_USAGE;
    return -1;
}

int cmd_usage_err(result_t *res, char *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, KS_ERRLEN, fmt, ap);
    va_end(ap);
    res->error = CMD_ERR_USAGE;
    return -1;
}

/* Subcommand families ("topic", "group") named without a known subcommand. */
static int unknown_command(const cmd_entry_t *const *table, int argc, char **argv, char *err)
{
    for (const cmd_entry_t *const *p = table; *p; p++) {
        const char *name = (*p)->name;
        size_t len = strcspn(name, " ");
        if (name[len] == ' ' && strlen(argv[0]) == len && !strncmp(argv[0], name, len)) {
            strbuf_t subs;
            sb_init(&subs);
            for (const cmd_entry_t *const *f = table; *f; f++)
                if (!strncmp((*f)->name, name, len + 1))
                    sb_printf(&subs, "%s'%s'", subs.len ? ", " : "", (*f)->name);
            char q[200];
            if (argc > 1)
                ks_err(err, "unknown subcommand '%s %s'; available: %s", argv[0],
                       sanitize_quote(argv[1], q, sizeof q), subs.buf);
            else
                ks_err(err, "'%s' needs a subcommand: %s", argv[0], subs.buf);
            sb_free(&subs);
            return -1;
        }
    }
    char q[200];
    const char *near = cmd_suggest_in(table, argv[0]);
    if (near)
        return ks_err(err, "unknown command '%s' (did you mean '%.*s'? `help` lists commands)",
                      sanitize_quote(argv[0], q, sizeof q), (int)strcspn(near, " "), near);
    return ks_err(err, "unknown command '%s' (`help` lists commands)",
                  sanitize_quote(argv[0], q, sizeof q));
}

static bool interrupted(const cmd_ctx_t *ctx)
{
    return ctx->interrupted && *ctx->interrupted;
}

/* Runs l's entry; l->argv's first l->words words are its name. */
static int run_entry(cmd_ctx_t *ctx, const cmd_line_t *l, result_t *res, char *err)
{
    const cmd_entry_t *e = l->entry;
    /* --json is accepted on any command line, wherever it stands. */
    bool json = ctx->json;
    int n = 0;
    char **rest = xcalloc((size_t)l->argc + 1, sizeof *rest);
    for (int i = l->words; i < l->argc; i++) {
        if (!strcmp(l->argv[i], "--json"))
            json = true;
        else
            rest[n++] = l->argv[i];
    }
    opts_t o;
    int rc = opts_parse(e->opts, n, rest, &o, err);
    if (rc == 0 && (o.npos < e->min_args || (e->max_args >= 0 && o.npos > e->max_args))) {
        char *syn = cmd_synopsis(e);
        rc = ks_err(err, "%s: %s (usage: %s)", e->name,
                    o.npos < e->min_args ? "missing argument" : "too many arguments", syn);
        free(syn);
    }
    if (rc)
        res->error = CMD_ERR_USAGE;
    if (rc == 0 && e->writes && ctx->cfg->read_only) {
        rc = ks_err(err, "%s: refused: kafscope is in read-only mode (--read-only), so nothing "
                    "that changes the cluster runs", e->name);
        res->error = CMD_ERR_REFUSED;
    }
    /* --timeout bounds the whole command, from connecting on. */
    client_deadline_begin(ctx->cfg->timeout_ms, ctx->interrupted);
    if (rc == 0 && !e->offline)
        rc = cmd_connect(ctx, err);
    if (rc == 0) {
        /* --json on the line applies to this command only; `set json`
         * changes the session, so only undo what the line did. */
        bool line_json = json && !ctx->json;
        if (line_json)
            ctx->json = true;
        ctx->table = l->table;
        rc = e->fn(ctx, &o, res, err);
        if (line_json)
            ctx->json = false;
    }
    client_deadline_end();
    if (rc == 0) {
        res->json_requested = json;
        res->error = CMD_OK;
    } else if (res->error == CMD_OK) {
        res->error = interrupted(ctx) ? CMD_ERR_INTERRUPTED : CMD_ERR_FAILED;
    }
    opts_free(&o);
    free(rest);
    return rc;
}

/* Longer lines are refused before anything looks at them. */
#define CMD_LINE_MAX 65536

int cmd_line_parse_in(const cmd_entry_t *const *table, const char *line, cmd_line_t *l)
{
    memset(l, 0, sizeof *l);
    l->table = table;
    l->text = xstrdup(line);
    size_t len = strlen(line);
    if (len > CMD_LINE_MAX) {
        l->bad = true;
        return ks_err(l->err, "the line is too long (%zu bytes; at most %d): nothing was run (for "
                      "long values use produce --file)", len, CMD_LINE_MAX);
    }
    if (!utf8_valid(line, len)) {
        size_t at = 0;
        uint32_t cp;
        while (at < len) {
            size_t n = utf8_decode((const unsigned char *)line + at, len - at, &cp);
            if (!n)
                break;
            at += n;
        }
        l->bad = true;
        return ks_err(l->err, "the line is not valid UTF-8 (byte 0x%02x at position %zu): "
                      "nothing was run", (unsigned char)line[at], at + 1);
    }
    if (argsplit(line, &l->argc, &l->argv, l->err)) {
        l->argc = 0;
        l->argv = NULL;
        l->bad = true;
        return -1;
    }
    l->entry = l->argc ? cmd_find_in(table, l->argc, l->argv, &l->words) : NULL;
    return 0;
}

void cmd_line_free(cmd_line_t *l)
{
    if (l->argv)
        argv_free(l->argc, l->argv);
    free(l->text);
    memset(l, 0, sizeof *l);
}

bool cmd_line_reads_stdin(const cmd_line_t *l)
{
    const char *opt = l->entry ? l->entry->stdin_opt : NULL;
    if (!opt)
        return false;
    size_t n = strlen(opt);
    for (int i = l->words; i < l->argc; i++)
        if ((!strcmp(l->argv[i], opt) && i + 1 < l->argc && !strcmp(l->argv[i + 1], "-")) ||
            (!strncmp(l->argv[i], opt, n) && !strcmp(l->argv[i] + n, "=-")))
            return true;
    return false;
}

int cmd_run_parsed(cmd_ctx_t *ctx, const cmd_line_t *l, result_t *res, char *err)
{
    res->error = CMD_OK;
    if (l->bad) {
        res->error = CMD_ERR_USAGE;
        return ks_err(err, "%s", l->err);
    }
    if (l->argc == 0)
        return 0;
    if (!l->entry) {
        res->error = CMD_ERR_USAGE;
        return unknown_command(l->table, l->argc, l->argv, err);
    }
    return run_entry(ctx, l, res, err);
}
