#include "commands/record_edit.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kafka/envelope.h"
#include "kafka/tail.h"

/* The comment lines kafscope puts at the top; removed before reopening. */
#define ERROR_PREFIX "// error: "
#define ERROR_HINT "// Fix the record and save, or quit without saving to send nothing."
#define MAX_RECORD_FILE (16u << 20)

int editor_run(const char *path, char *err)
{
    const char *editor = getenv("VISUAL");
    if (!editor || !*editor)
        editor = getenv("EDITOR");
    if (!editor || !*editor)
        editor = "vi";
    /* through the shell, so EDITOR may carry arguments ("code --wait"),
     * as git and kubectl do; the path goes as $1, never into the command */
    char *cmd = xasprintf("%s \"$1\"", editor);
    pid_t pid = fork();
    if (pid < 0) {
        free(cmd);
        return ks_err(err, "cannot start the editor: %s", strerror(errno));
    }
    if (pid == 0) {
        signal(SIGINT, SIG_DFL);
        execl("/bin/sh", "sh", "-c", cmd, "sh", path, (char *)NULL);
        _exit(127);
    }
    free(cmd);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return ks_err(err, "waiting for the editor: %s", strerror(errno));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        return ks_err(err, "the editor '%s' could not be run (set VISUAL or EDITOR)", editor);
    if (!WIFEXITED(status) || WEXITSTATUS(status))
        return ks_err(err, "the editor '%s' %s %d; nothing was sent", editor,
                      WIFEXITED(status) ? "exited with status" : "was killed by signal",
                      WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    return 0;
}

static int write_file(const char *path, const char *text, char *err)
{
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) == EOF || fclose(f)) {
        int e = errno;
        return ks_err(err, "cannot write %s: %s", path, strerror(e));
    }
    return 0;
}

/* Blanks comment lines in place (keeping the newlines, so the JSON parser's
 * line numbers are the file's). JSON strings cannot span lines, so a line
 * that starts with // is never inside one. */
static void blank_comments(char *text)
{
    for (char *line = text; *line;) {
        char *nl = strchr(line, '\n');
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (p[0] == '/' && p[1] == '/')
            memset(line, ' ', (size_t)((nl ? nl : line + strlen(line)) - line));
        if (!nl)
            break;
        line = nl + 1;
    }
}

/* The text with kafscope's own error comment lines removed. */
static char *without_error_lines(const char *text)
{
    strbuf_t sb;
    sb_init(&sb);
    for (const char *line = text; *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line + 1) : strlen(line);
        if (strncmp(line, ERROR_PREFIX, strlen(ERROR_PREFIX)) &&
            strncmp(line, ERROR_HINT, strlen(ERROR_HINT)))
            sb_add(&sb, line, len);
        line += len;
    }
    sb_addc(&sb, '\0');
    return sb_steal(&sb);
}

static bool same_mtime(const struct stat *a, const struct stat *b)
{
    return a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
           a->st_size == b->st_size;
}

int record_edit(cmd_ctx_t *ctx, const char *initial, edit_accept_fn accept, void *opaque,
                bool *cancelled, char *err)
{
    *cancelled = false;
    const char *tmpdir = getenv("TMPDIR");
    char *path = xasprintf("%s/kafscope-record-XXXXXX.json", tmpdir && *tmpdir ? tmpdir : "/tmp");
    int fd = mkstemps(path, 5);
    if (fd < 0) {
        int e = errno;
        ks_err(err, "cannot create a temporary file in %s: %s", tmpdir ? tmpdir : "/tmp",
               strerror(e));
        free(path);
        return -1;
    }
    close(fd);
    char *text = xstrdup(initial);
    int rc;
    for (;;) {
        struct stat before, after;
        if ((rc = write_file(path, text, err)))
            break;
        if (stat(path, &before)) {
            rc = ks_err(err, "%s: %s", path, strerror(errno));
            break;
        }
        rc = ctx->edit ? ctx->edit(ctx->edit_opaque, path, err) : editor_run(path, err);
        if (rc)
            break;
        if (ctx->interrupted && *ctx->interrupted) {
            rc = ks_err(err, "interrupted: nothing was sent");
            break;
        }
        size_t len;
        char *saved = file_read_text(path, MAX_RECORD_FILE, &len);
        if (!saved || stat(path, &after)) {
            rc = ks_err(err, "cannot read back %s: %s", path, strerror(errno));
            free(saved);
            break;
        }
        if (!strcmp(saved, text) && same_mtime(&before, &after)) {
            *cancelled = true; /* quit without saving */
            free(saved);
            break;
        }
        char *parsed = xstrdup(saved);
        blank_comments(parsed);
        char why[KS_ERRLEN];
        int verdict = accept(opaque, parsed, strlen(parsed), why);
        free(parsed);
        if (verdict <= 0) {
            rc = verdict ? ks_err(err, "%s", why) : 0;
            free(saved);
            break;
        }
        /* reopen with the error on top of what they wrote */
        char *body = without_error_lines(saved);
        free(saved);
        for (char *nl = strchr(why, '\n'); nl; nl = strchr(nl, '\n'))
            *nl = ' ';
        free(text);
        text = xasprintf(ERROR_PREFIX "%s\n" ERROR_HINT "\n%s", why, body);
        free(body);
    }
    unlink(path);
    free(path);
    free(text);
    return rc;
}

typedef struct {
    cmd_ctx_t *ctx;
    json_t *env;
} fetch_t;

static void fetched(void *opaque, const ks_record_t *rec)
{
    fetch_t *f = opaque;
    if (f->env)
        return;
    ks_decoders_t *d = cmd_decoders(f->ctx);
    decode_result_t k, v;
    decode_part(d, rec->topic, true, rec->key, rec->key_len, &k);
    decode_part(d, rec->topic, false, rec->value, rec->value_len, &v);
    strbuf_t sb;
    sb_init(&sb);
    envelope_write_decoded(&sb, rec, &k, &v);
    decode_result_free(&k);
    decode_result_free(&v);
    f->env = json_loadb(sb.buf, sb.len, JSON_ALLOW_NUL, NULL); /* bytes may hold zeros */
    sb_free(&sb);
    /* only what producing reads, and no raw bytes: they would win over the
     * edited value. Inline JSON needs no marker: a JSON value is produced
     * as its text. */
    static const char *const drop[] = {"topic", "offset", "timestamp", "timestamp_type",
                                       "key_raw", "value_raw", "key_schema", "value_schema",
                                       "key_error", "value_error"};
    for (size_t i = 0; f->env && i < sizeof drop / sizeof *drop; i++)
        json_object_del(f->env, drop[i]);
    for (int i = 0; f->env && i < 2; i++) {
        const char *enc = i ? "value_encoding" : "key_encoding";
        const char *e = json_string_value(json_object_get(f->env, enc));
        if (e && !strcmp(e, "json"))
            json_object_del(f->env, enc);
    }
}

json_t *record_edit_fetch(cmd_ctx_t *ctx, const char *topic, int32_t partition, int64_t offset,
                          char *err)
{
    *err = '\0';
    tail_opts_t to = {0};
    to.topic = topic;
    to.partitions = &partition;
    to.npartitions = 1;
    to.start.kind = OFS_ABSOLUTE;
    to.start.value = offset;
    to.count = 1;
    ks_tail_t *t = tail_open(ctx->client, &to, err);
    if (!t)
        return NULL;
    fetch_t f = {ctx, NULL};
    while (!f.env && !tail_done(t) && !(ctx->interrupted && *ctx->interrupted))
        if (tail_poll(t, 200, fetched, &f, err) < 0)
            break;
    tail_close(t);
    if (!f.env && !*err)
        ks_err(err, "%s has no record at partition %d offset %lld", topic, (int)partition,
               (long long)offset);
    return f.env;
}
