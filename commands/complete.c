#include "commands/complete.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- words of the line ---- */

typedef struct {
    char **w;
    int n;          /* complete words before the one being completed */
    char *cur;      /* the word being completed (unquoted so far) */
    int cur_start;
} words_t;

/* Shell-like splitting up to the cursor; unbalanced quotes are fine (the
 * user is still typing). */
static void split(const char *line, int cursor, words_t *ws)
{
    memset(ws, 0, sizeof *ws);
    ws->w = xcalloc((size_t)cursor + 2, sizeof *ws->w);
    strbuf_t sb;
    sb_init(&sb);
    bool in_word = false;
    char quote = 0;
    int start = 0;
    for (int i = 0; i < cursor; i++) {
        char ch = line[i];
        if (!quote && (ch == ' ' || ch == '\t')) {
            if (in_word) {
                ws->w[ws->n++] = xstrdup(sb.buf ? sb.buf : "");
                sb_reset(&sb);
                in_word = false;
            }
            continue;
        }
        if (!in_word) {
            in_word = true;
            start = i;
        }
        if (quote) {
            if (ch == quote)
                quote = 0;
            else
                sb_addc(&sb, ch);
        } else if (ch == '\'' || ch == '"') {
            quote = ch;
            if (start == i)
                start = i + 1;
        } else if (ch == '\\' && i + 1 < cursor) {
            sb_addc(&sb, line[++i]);
        } else {
            sb_addc(&sb, ch);
        }
    }
    ws->cur = in_word ? xstrdup(sb.buf ? sb.buf : "") : xstrdup("");
    ws->cur_start = in_word ? start : cursor;
    sb_free(&sb);
}

static void words_free(words_t *ws)
{
    for (int i = 0; i < ws->n; i++)
        free(ws->w[i]);
    free(ws->w);
    free(ws->cur);
}

/* ---- sources of names ---- */

static void add_topics(cmd_ctx_t *ctx, cands_t *c, const char *head, const char *suffix)
{
    ks_snapshot_t *s = ctx->model ? model_snapshot(ctx->model) : NULL;
    bool internal = c->prefix[strlen(head)] == '_';
    for (int i = 0; s && i < s->ntopics; i++) {
        if (s->topics[i].internal && !internal)
            continue;
        char *w = xasprintf("%s%s%s", head, s->topics[i].name, suffix);
        cands_add(c, w);
        free(w);
    }
    snapshot_release(s);
}

static void add_groups(cmd_ctx_t *ctx, cands_t *c)
{
    ks_snapshot_t *s = ctx->model ? model_snapshot(ctx->model) : NULL;
    for (int i = 0; s && i < s->ngroups; i++)
        cands_add(c, s->groups[i].id);
    snapshot_release(s);
    if (ctx->members) {
        char **ids = members_group_ids(ctx->members);
        for (int i = 0; ids[i]; i++) {
            cands_add(c, ids[i]);
            free(ids[i]);
        }
        free(ids);
    }
}

static int partition_count(cmd_ctx_t *ctx, const char *topic)
{
    ks_snapshot_t *s = ctx->model ? model_snapshot(ctx->model) : NULL;
    const ks_topic_t *t = snapshot_topic(s, topic);
    int n = t ? t->npartitions : 0;
    snapshot_release(s);
    return n;
}

static void add_partitions(cmd_ctx_t *ctx, cands_t *c, const char *topic, const char *head)
{
    int n = partition_count(ctx, topic);
    for (int p = 0; p < n && p < 1000; p++) {
        char num[16];
        snprintf(num, sizeof num, "%d", p);
        cands_add2(c, head, num);
    }
}

/* "topic:0,1" -> partitions after the last ',' (or ':'). */
static void add_topic_partitions(cmd_ctx_t *ctx, cands_t *c, const char *cur, bool list)
{
    const char *colon = strchr(cur, ':');
    if (!colon) {
        add_topics(ctx, c, "", "");
        add_topics(ctx, c, "", ":");
        return;
    }
    char *topic = xstrndup(cur, (size_t)(colon - cur));
    const char *last = list ? strrchr(cur, ',') : NULL;
    const char *cut = last ? last + 1 : colon + 1;
    char *head = xstrndup(cur, (size_t)(cut - cur));
    add_partitions(ctx, c, topic, head);
    free(head);
    free(topic);
}

static const char *const topic_config_keys[] = {
    "cleanup.policy", "compression.type", "delete.retention.ms", "file.delete.delay.ms",
    "flush.messages", "flush.ms", "index.interval.bytes", "local.retention.bytes",
    "local.retention.ms", "max.compaction.lag.ms", "max.message.bytes",
    "message.timestamp.after.max.ms", "message.timestamp.before.max.ms",
    "message.timestamp.type", "min.cleanable.dirty.ratio", "min.compaction.lag.ms",
    "min.insync.replicas", "preallocate", "retention.bytes", "retention.ms", "segment.bytes",
    "segment.index.bytes", "segment.jitter.ms", "segment.ms", "unclean.leader.election.enable",
    NULL};

static void add_config_kv(cands_t *c, const char *cur, bool with_eq)
{
    const char *eq = strchr(cur, '=');
    if (!eq || !with_eq) {
        for (int i = 0; topic_config_keys[i]; i++)
            cands_add2(c, topic_config_keys[i], with_eq ? "=" : "");
        return;
    }
    char *key = xstrndup(cur, (size_t)(eq - cur + 1));
    static const struct {
        const char *key;
        const char *values[8];
    } known[] = {
        {"cleanup.policy=", {"delete", "compact", "compact,delete", NULL}},
        {"compression.type=", {"producer", "uncompressed", "gzip", "snappy", "lz4", "zstd", NULL}},
        {"message.timestamp.type=", {"CreateTime", "LogAppendTime", NULL}},
        {"preallocate=", {"true", "false", NULL}},
        {"unclean.leader.election.enable=", {"true", "false", NULL}},
    };
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (!strcmp(key, known[i].key))
            for (int v = 0; known[i].values[v]; v++)
                cands_add2(c, key, known[i].values[v]);
    free(key);
}

static void add_paths(cands_t *c, const char *cur)
{
    const char *slash = strrchr(cur, '/');
    char *head = slash ? xstrndup(cur, (size_t)(slash - cur + 1)) : xstrdup("");
    const char *base = slash ? slash + 1 : cur;
    char *dir;
    if (!*head)
        dir = xstrdup(".");
    else if (!strncmp(head, "~/", 2) && getenv("HOME"))
        dir = xasprintf("%s/%s", getenv("HOME"), head + 2);
    else
        dir = xstrdup(head);
    DIR *d = opendir(dir);
    struct dirent *de;
    int count = 0;
    while (d && (de = readdir(d)) && count < 2000) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        if (de->d_name[0] == '.' && base[0] != '.')
            continue;
        if (strncmp(de->d_name, base, strlen(base)))
            continue;
        char *full = xasprintf("%s/%s", dir, de->d_name);
        struct stat st;
        bool isdir = stat(full, &st) == 0 && S_ISDIR(st.st_mode);
        free(full);
        char *w = xasprintf("%s%s%s", head, de->d_name, isdir ? "/" : "");
        cands_add(c, w);
        free(w);
        count++;
    }
    if (d)
        closedir(d);
    free(dir);
    free(head);
}

static const opt_spec_t *find_opt(const cmd_entry_t *e, const char *name)
{
    for (const opt_spec_t *o = e->opts; o && o->name; o++)
        if (!strcmp(o->name, name))
            return o;
    return NULL;
}

/* The synopsis token for positional i: "TOPIC", "K=V...", ... */
static char *positional_token(const cmd_entry_t *e, int i)
{
    char *args = xstrdup(e->args ? e->args : "");
    char *tokens[16];
    int n = 0;
    for (char *save = NULL, *t = strtok_r(args, " ", &save); t && n < 16;
         t = strtok_r(NULL, " ", &save))
        tokens[n++] = t;
    char *r = NULL;
    if (i < n)
        r = xstrdup(tokens[i]);
    else if (n && strstr(tokens[n - 1], "..."))
        r = xstrdup(tokens[n - 1]);
    free(args);
    return r;
}

/* ---- values ---- */

static void complete_option_value(cmd_ctx_t *ctx, cands_t *c, const char *opt,
                                  const char *first_pos, const char *cur)
{
    if (!strcmp(opt, "--file")) {
        add_paths(c, cur);
    } else if (!strcmp(opt, "--partition")) {
        if (first_pos) {
            const char *last = strrchr(cur, ',');
            char *head = last ? xstrndup(cur, (size_t)(last - cur + 1)) : xstrdup("");
            add_partitions(ctx, c, first_pos, head);
            free(head);
        }
    } else if (!strcmp(opt, "--offset")) {
        static const char *const w[] = {"beginning", "end", "-10", "@", NULL};
        for (int i = 0; w[i]; i++)
            cands_add(c, w[i]);
    } else if (!strcmp(opt, "--before")) {
        cands_add(c, "end");
    } else if (!strcmp(opt, "--config") || !strcmp(opt, "--append") || !strcmp(opt, "--subtract")) {
        add_config_kv(c, cur, true);
    } else if (!strcmp(opt, "--delete")) {
        add_config_kv(c, cur, false);
    } else if (!strcmp(opt, "--topic")) {
        add_topic_partitions(ctx, c, cur, true);
    } else if (!strcmp(opt, "--protocol")) {
        cands_add(c, "classic");
        cands_add(c, "consumer");
    } else if (!strcmp(opt, "--assignor")) {
        cands_add(c, "range");
        cands_add(c, "roundrobin");
        cands_add(c, "cooperative-sticky");
    } else if (!strcmp(opt, "--by-duration")) {
        static const char *const w[] = {"PT5M", "PT30M", "PT1H", "P1D", NULL};
        for (int i = 0; w[i]; i++)
            cands_add(c, w[i]);
    }
}

static void complete_positional(cmd_ctx_t *ctx, cands_t *c, const cmd_entry_t *e, int index,
                                char **pos, const char *cur)
{
    if (e->complete) {
        struct cmd_completion req = {ctx, c, cmd_table, index, pos, cur};
        e->complete(&req);
        return;
    }
    char *tok = positional_token(e, index);
    if (!tok)
        return;
    if (strstr(tok, "TOPIC:PARTITION")) {
        add_topic_partitions(ctx, c, cur, false);
    } else if (!strncmp(tok, "TOPIC[,", 7)) {
        const char *last = strrchr(cur, ',');
        char *head = last ? xstrndup(cur, (size_t)(last - cur + 1)) : xstrdup("");
        add_topics(ctx, c, head, "");
        free(head);
    } else if (!strncmp(tok, "TOPIC", 5) || !strcmp(tok, "[GLOB]")) {
        add_topics(ctx, c, "", "");
    } else if (strstr(tok, "GROUP")) {
        add_groups(ctx, c);
    } else if (strstr(tok, "K=V")) {
        add_config_kv(c, cur, true);
    } else if (strstr(tok, "MEMBER") && ctx->members) {
        ks_local_group_t g;
        if (members_describe(ctx->members, pos[0], &g) == 0) {
            for (int i = 0; i < g.nmembers; i++)
                cands_add(c, g.members[i].client_id);
            local_group_free(&g);
        }
    }
    free(tok);
}

int complete_words(cmd_ctx_t *ctx, const char *line, int cursor, completion_t *out)
{
    memset(out, 0, sizeof *out);
    int len = (int)strlen(line);
    if (cursor < 0 || cursor > len)
        cursor = len;
    words_t ws;
    split(line, cursor, &ws);
    cands_t c = {out, ws.cur, 0};
    out->start = ws.cur_start;
    int words = 0;
    const cmd_entry_t *e = ws.n ? cmd_find(ws.n, ws.w, &words) : NULL;
    if (ws.n == 0) {
        cands_commands(&c, cmd_table, NULL); /* quit is in the table */
    } else if (!e) {
        if (ws.n == 1 && cands_is_family(cmd_table, ws.w[0]))
            cands_commands(&c, cmd_table, ws.w[0]);
    } else {
        /* Walk the words after the command name: options and their values,
         * positionals. */
        char **pos = xcalloc((size_t)ws.n + 1, sizeof *pos);
        int npos = 0;
        const opt_spec_t *pending = NULL;
        bool only_pos = false;
        for (int i = words; i < ws.n; i++) {
            const char *w = ws.w[i];
            if (pending) {
                pending = NULL;
                continue;
            }
            if (!only_pos && !strcmp(w, "--")) {
                only_pos = true;
                continue;
            }
            if (!only_pos && w[0] == '-' && w[1] && !(w[1] >= '0' && w[1] <= '9')) {
                const opt_spec_t *o = find_opt(e, w);
                if (o && o->arg && !strchr(w, '='))
                    pending = o;
                continue;
            }
            pos[npos++] = ws.w[i];
        }
        if (pending) {
            complete_option_value(ctx, &c, pending->name, npos ? pos[0] : NULL, ws.cur);
        } else if (!only_pos && ws.cur[0] == '-' && !(ws.cur[1] >= '0' && ws.cur[1] <= '9')) {
            for (const opt_spec_t *o = e->opts; o && o->name; o++) {
                bool given = false;
                for (int i = words; i < ws.n; i++)
                    given |= !strcmp(ws.w[i], o->name);
                if (!given || o->repeat)
                    cands_add(&c, o->name);
            }
            cands_add(&c, "--json");
        } else {
            complete_positional(ctx, &c, e, npos, pos, ws.cur);
        }
        free(pos);
    }
    if (out->n > 1)
        qsort(out->items, (size_t)out->n, sizeof *out->items, str_ptr_cmp);
    words_free(&ws);
    return out->n;
}

bool completion_wants_more(const char *s)
{
    size_t n = strlen(s);
    return n && strchr("=:,/", s[n - 1]);
}
