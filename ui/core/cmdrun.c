#include "core/cmdrun.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/wake.h"
#include "base/sanitize.h"

struct cmdrun {
    cmd_ctx_t *ctx;
    int wake_fd;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool stop;
    cmd_line_t *job;        /* waiting to start */
    cmd_line_t *running;    /* the line being run */
    bool have_result;
    cmdrun_result_t result;
    /* The confirmation bridge. */
    char *question;
    bool question_shown;
    bool answered;
    char *answer;
    /* The editor bridge: a file the worker waits on the UI thread to edit. */
    char *edit_path;
    bool edit_taken, edit_done;
    int edit_rc;
    char edit_err[KS_ERRLEN];
};

void cmdrun_result_init(cmdrun_result_t *r, const char *line)
{
    memset(r, 0, sizeof *r);
    r->line = xstrdup(line);
    result_init(&r->res);
}

void cmdrun_result_free(cmdrun_result_t *r)
{
    free(r->line);
    free(r->out);
    result_free(&r->res);
    memset(r, 0, sizeof *r);
}

void cmdrun_exec_to(cmd_ctx_t *ctx, const cmd_line_t *line, FILE *stream, cmdrun_result_t *out)
{
    cmdrun_result_init(out, line->text);
    out->entry = line->entry;
    out->writes = line->entry && line->entry->writes;
    int64_t t0 = mono_ms();
    FILE *mem = NULL;
    if (!stream) {
        mem = open_memstream(&out->out, &out->outlen);
        if (!mem) {
            out->res.error = CMD_ERR_FAILED;
            out->rc = ks_err(out->err, "cannot allocate the output buffer");
            return;
        }
    }
    FILE *old_out = ctx->out;
    ctx->out = mem ? mem : stream; /* streamed output (tail, produce reports) lands here */
    out->rc = cmd_run_parsed(ctx, line, &out->res, out->err);
    ctx->out = old_out;
    if (mem)
        fclose(mem);
    out->json = out->res.json_requested || ctx->json;
    out->quit = out->rc == 0 && line->entry && (line->entry->flags & CMD_QUIT);
    out->ms = mono_ms() - t0;
}

void cmdrun_exec(cmd_ctx_t *ctx, const cmd_line_t *line, cmdrun_result_t *out)
{
    cmdrun_exec_to(ctx, line, NULL, out);
}

void cmdrun_line(cmd_ctx_t *ctx, const char *text, FILE *stream, cmdrun_result_t *out)
{
    cmd_line_t l;
    cmd_line_parse(text, &l); /* a bad line runs as its error */
    cmdrun_exec_to(ctx, &l, stream, out);
    cmd_line_free(&l);
    /* the entry outlives the line: it is the table's */
}

void cmdrun_print(const cmdrun_result_t *r, FILE *out, unsigned how)
{
    if (r->rc == 0) {
        if (r->res.warnings.len)
            fputs(r->res.warnings.buf, stderr);
        result_print(&r->res, out, r->json);
    }
    fflush(out);
    if (r->rc == 0)
        return;
    bool colour = how & CMDRUN_COLOUR;
    char *safe = colour || (how & CMDRUN_SANITIZE) ? sanitize_str(r->err) : xstrdup(r->err);
    if (colour)
        fprintf(stderr, "\033[1;31merror:\033[0m %s\n", safe);
    else
        fprintf(stderr, "kafscope: %s\n", safe);
    free(safe);
    /* Usage mistakes get a pointer to the command's help. */
    if (colour && r->entry && r->res.error == CMD_ERR_USAGE)
        fprintf(stderr, "       (`help %s` shows its usage and options)\n", r->entry->name);
}

static void wake(cmdrun_t *r)
{
    wake_notify(r->wake_fd);
}

/* ctx->confirm, on the worker thread: hand the question to the UI thread
 * and wait for what the person typed. */
static bool confirm_bridge(void *opaque, const char *question, const char *expected)
{
    cmdrun_t *r = opaque;
    pthread_mutex_lock(&r->lock);
    free(r->question);
    r->question = xstrdup(question);
    r->question_shown = r->answered = false;
    free(r->answer);
    r->answer = NULL;
    wake(r);
    while (!r->answered && !r->stop)
        pthread_cond_wait(&r->cond, &r->lock);
    bool ok = r->answered && r->answer && !strcmp(r->answer, expected);
    free(r->question);
    free(r->answer);
    r->question = r->answer = NULL;
    pthread_mutex_unlock(&r->lock);
    return ok;
}

/* ctx->edit, on the worker thread: the UI thread suspends curses, runs
 * the editor and says how it went. */
static int edit_bridge(void *opaque, const char *path, char *err)
{
    cmdrun_t *r = opaque;
    pthread_mutex_lock(&r->lock);
    free(r->edit_path);
    r->edit_path = xstrdup(path);
    r->edit_taken = r->edit_done = false;
    wake(r);
    while (!r->edit_done && !r->stop)
        pthread_cond_wait(&r->cond, &r->lock);
    int rc = r->edit_done ? r->edit_rc : ks_err(err, "the TUI is closing: nothing was sent");
    if (r->edit_done && rc)
        snprintf(err, KS_ERRLEN, "%s", r->edit_err);
    free(r->edit_path);
    r->edit_path = NULL;
    pthread_mutex_unlock(&r->lock);
    return rc;
}

char *cmdrun_edit_request(cmdrun_t *r)
{
    pthread_mutex_lock(&r->lock);
    char *path = NULL;
    if (r->edit_path && !r->edit_taken) {
        path = xstrdup(r->edit_path);
        r->edit_taken = true;
    }
    pthread_mutex_unlock(&r->lock);
    return path;
}

void cmdrun_edit_done(cmdrun_t *r, int rc, const char *err)
{
    pthread_mutex_lock(&r->lock);
    if (r->edit_path && r->edit_taken) {
        r->edit_rc = rc;
        snprintf(r->edit_err, sizeof r->edit_err, "%s", err ? err : "");
        r->edit_done = true;
        pthread_cond_broadcast(&r->cond);
    }
    pthread_mutex_unlock(&r->lock);
}

static void *worker(void *arg)
{
    cmdrun_t *r = arg;
    pthread_mutex_lock(&r->lock);
    for (;;) {
        while (!r->job && !r->stop)
            pthread_cond_wait(&r->cond, &r->lock);
        if (r->stop)
            break;
        r->running = r->job;
        r->job = NULL;
        /* Only this thread frees running; the UI thread reads its text under the lock. */
        cmd_line_t *line = r->running;
        pthread_mutex_unlock(&r->lock);
        cmdrun_result_t res;
        cmdrun_exec(r->ctx, line, &res);
        pthread_mutex_lock(&r->lock);
        r->running = NULL;
        cmd_line_free(line);
        free(line);
        cmdrun_result_free(&r->result); /* an untaken one: the UI quit */
        r->result = res;
        r->have_result = true;
        wake(r);
    }
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

cmdrun_t *cmdrun_new(cmd_ctx_t *ctx, int wake_fd)
{
    cmdrun_t *r = xcalloc(1, sizeof *r);
    r->ctx = ctx;
    r->wake_fd = wake_fd;
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->cond, NULL);
    if (pthread_create(&r->thread, NULL, worker, r)) {
        pthread_mutex_destroy(&r->lock);
        pthread_cond_destroy(&r->cond);
        free(r);
        return NULL;
    }
    ctx->confirm = confirm_bridge;
    ctx->confirm_opaque = r;
    ctx->edit = edit_bridge;
    ctx->edit_opaque = r;
    return r;
}

void cmdrun_free(cmdrun_t *r)
{
    if (!r)
        return;
    pthread_mutex_lock(&r->lock);
    r->stop = true;
    if (r->running && r->ctx->interrupted)
        *r->ctx->interrupted = 1;
    pthread_cond_broadcast(&r->cond);
    pthread_mutex_unlock(&r->lock);
    pthread_join(r->thread, NULL);
    r->ctx->confirm = NULL;
    r->ctx->confirm_opaque = NULL;
    r->ctx->edit = NULL;
    r->ctx->edit_opaque = NULL;
    free(r->edit_path);
    if (r->job)
        cmd_line_free(r->job);
    free(r->job);
    free(r->question);
    free(r->answer);
    cmdrun_result_free(&r->result);
    pthread_mutex_destroy(&r->lock);
    pthread_cond_destroy(&r->cond);
    free(r);
}

int cmdrun_start(cmdrun_t *r, cmd_line_t *line)
{
    pthread_mutex_lock(&r->lock);
    int rc = -1;
    if (!r->job && !r->running && !r->have_result) {
        if (r->ctx->interrupted)
            *r->ctx->interrupted = 0;
        r->job = xmemdup(line, sizeof *line);
        memset(line, 0, sizeof *line); /* moved: the worker frees it */
        pthread_cond_broadcast(&r->cond);
        rc = 0;
    }
    pthread_mutex_unlock(&r->lock);
    return rc;
}

bool cmdrun_busy(cmdrun_t *r)
{
    pthread_mutex_lock(&r->lock);
    bool busy = r->job || r->running || r->have_result;
    pthread_mutex_unlock(&r->lock);
    return busy;
}

bool cmdrun_running(cmdrun_t *r, char *buf, size_t size)
{
    pthread_mutex_lock(&r->lock);
    const cmd_line_t *job = r->running ? r->running : r->job;
    const char *l = job ? job->text : NULL;
    if (l)
        snprintf(buf, size, "%s", l);
    pthread_mutex_unlock(&r->lock);
    return l != NULL;
}

void cmdrun_interrupt(cmdrun_t *r)
{
    pthread_mutex_lock(&r->lock);
    if ((r->running || r->job) && r->ctx->interrupted)
        *r->ctx->interrupted = 1;
    pthread_mutex_unlock(&r->lock);
}

bool cmdrun_take(cmdrun_t *r, cmdrun_result_t *out)
{
    pthread_mutex_lock(&r->lock);
    bool have = r->have_result;
    if (have) {
        *out = r->result;
        memset(&r->result, 0, sizeof r->result);
        r->have_result = false;
    }
    pthread_mutex_unlock(&r->lock);
    return have;
}

char *cmdrun_question(cmdrun_t *r)
{
    pthread_mutex_lock(&r->lock);
    char *q = NULL;
    if (r->question && !r->question_shown && !r->answered) {
        q = xstrdup(r->question);
        r->question_shown = true;
    }
    pthread_mutex_unlock(&r->lock);
    return q;
}

void cmdrun_answer(cmdrun_t *r, const char *answer)
{
    pthread_mutex_lock(&r->lock);
    if (r->question && !r->answered) {
        free(r->answer);
        r->answer = answer ? xstrdup(answer) : NULL;
        r->answered = true;
        pthread_cond_broadcast(&r->cond);
    }
    pthread_mutex_unlock(&r->lock);
}
