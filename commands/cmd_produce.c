/* produce: one message, or one per line of a file or stdin. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "envelope.h"
#include "produce.h"

typedef struct {
    produce_header_t *headers;
    int n;
} headers_t;

static int parse_headers(const opts_t *o, headers_t *h, char *err)
{
    h->n = opt_count(o, "--header");
    h->headers = xcalloc((size_t)h->n + 1, sizeof *h->headers);
    for (int i = 0; i < h->n; i++) {
        const char *kv = opt_at(o, "--header", i);
        const char *eq = strchr(kv, '=');
        if (!eq || eq == kv)
            return ks_err(err, "--header: expected NAME=VALUE, got '%s'", kv);
        h->headers[i].name = xstrndup(kv, (size_t)(eq - kv));
        h->headers[i].value = eq + 1;
        h->headers[i].len = strlen(eq + 1);
    }
    return 0;
}

static void headers_free(headers_t *h)
{
    for (int i = 0; i < h->n; i++)
        free((char *)h->headers[i].name);
    free(h->headers);
}

static json_t *report(ks_producer_t *p, const char *topic, bool each, result_t *res)
{
    size_t sent = producer_sent(p);
    json_t *msgs = json_array();
    for (size_t i = 0; each && i < sent; i++) {
        const produce_result_t *r = producer_result(p, i);
        json_array_append_new(msgs, json_pack("{s:I, s:i, s:I, s:o}", "message", (json_int_t)i + 1,
                                              "partition", (int)r->partition, "offset",
                                              (json_int_t)r->offset, "error",
                                              r->error ? json_string(r->error) : json_null()));
    }
    json_t *root = json_pack("{s:s, s:I, s:I}", "topic", topic, "produced",
                             (json_int_t)producer_delivered(p), "failed",
                             (json_int_t)producer_failed(p));
    if (each) {
        json_object_set(root, "messages", msgs);
        static const char *const cols[] = {"#:message:r", "PARTITION:partition:r",
                                           "OFFSET:offset:r", "ERROR:error", NULL};
        result_add_table(res, NULL, msgs, cols);
    }
    json_decref(msgs);
    return root;
}

static int produce_single(cmd_ctx_t *ctx, ks_producer_t *p, produce_msg_t *m, result_t *res,
                          const char *topic, char *err)
{
    if (producer_send(p, m, err) || producer_flush(p, err))
        return -1;
    const produce_result_t *r = producer_result(p, 0);
    if (r->error)
        return ks_err(err, "produce to '%s' failed: %s", topic, r->error);
    (void)ctx;
    result_set_json(res, json_pack("{s:s, s:i, s:I}", "topic", topic, "partition", (int)r->partition,
                                   "offset", (json_int_t)r->offset));
    result_textf(res, "produced to %s partition %d at offset %lld\n", topic, r->partition,
                 (long long)r->offset);
    return 0;
}

/* Turns one input line into a message: an envelope, or the line as it is. */
static int line_message(char *line, size_t len, const produce_msg_t *base, envelope_msg_t *env,
                        produce_msg_t *m, char *err)
{
    int kind = envelope_parse(line, len, env, err);
    if (kind < 0)
        return -1;
    if (kind == 1) {
        *m = env->msg;
        if (m->partition < 0)
            m->partition = base->partition;
        if (!m->nheaders) {
            m->headers = base->headers;
            m->nheaders = base->nheaders;
        }
        return 0;
    }
    *m = *base;
    m->value = line;
    m->value_len = len;
    return 0;
}

static int for_each_line(FILE *f, const char *name, ks_producer_t *p, const produce_msg_t *base,
                         bool dry_run, char *err)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    int rc = 0;
    while ((len = getline(&line, &cap, f)) != -1) {
        lineno++;
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (len > 0 && line[len - 1] == '\r')
            line[--len] = '\0';
        envelope_msg_t env;
        produce_msg_t m;
        char lerr[KS_ERRLEN];
        if (line_message(line, (size_t)len, base, &env, &m, lerr) ||
            (m.partition >= producer_partition_count(p) && m.partition != RD_KAFKA_PARTITION_UA &&
             ks_err(lerr, "partition %d out of range: the topic has partitions 0..%d", m.partition,
                    producer_partition_count(p) - 1)) ||
            (!dry_run && producer_send(p, &m, lerr))) {
            rc = ks_err(err, "%s:%ld: %s%s", name, lineno, lerr,
                        dry_run ? " (nothing was produced)" : "");
            envelope_msg_free(&env);
            break;
        }
        envelope_msg_free(&env);
    }
    free(line);
    if (rc == 0 && ferror(f))
        rc = ks_err(err, "%s: read error: %s", name, strerror(errno));
    return rc;
}

/* Plain lines cannot be invalid: only a file with JSON lines (which may be
 * envelopes with bad fields) needs the checking pass. */
static bool needs_check(FILE *f)
{
    static char buf[1 << 16];
    size_t n;
    bool found = false;
    char prev = '\n'; /* the byte before buf[0]: the file starts a line */
    while (!found && (n = fread(buf, 1, sizeof buf, f)) > 0) {
        if (prev == '\n' && (buf[0] == '{' || buf[0] == ' ' || buf[0] == '\t'))
            found = true;
        for (char *nl = memchr(buf, '\n', n); nl && !found;
             nl = memchr(nl + 1, '\n', n - (size_t)(nl + 1 - buf))) {
            if (nl + 1 == buf + n)
                break;
            /* Leading blanks may hide a '{': be conservative and check. */
            found = nl[1] == '{' || nl[1] == ' ' || nl[1] == '\t';
        }
        prev = buf[n - 1];
    }
    rewind(f);
    return found;
}

static int produce_file(cmd_ctx_t *ctx, ks_producer_t *p, const produce_msg_t *base,
                        const char *path, bool verbose, result_t *res, const char *topic,
                        char *err)
{
    bool from_stdin = !strcmp(path, "-");
    FILE *f = from_stdin ? stdin : fopen(path, "r");
    if (!f)
        return ks_err(err, "--file %s: %s", path, strerror(errno));
    /* A file is checked completely before the first message goes out, so a
     * bad line changes nothing. stdin can only be read once: it streams. */
    int rc = 0;
    if (!from_stdin && needs_check(f)) {
        rc = for_each_line(f, path, p, base, true, err);
        rewind(f);
    }
    if (rc == 0)
        rc = for_each_line(f, from_stdin ? "stdin" : path, p, base, false, err);
    char ferr[KS_ERRLEN];
    if (producer_flush(p, ferr) && rc == 0)
        rc = ks_err(err, "%s", ferr);
    if (!from_stdin)
        fclose(f);
    if (rc == 0 && producer_failed(p))
        rc = ks_err(err, "%zu of %zu messages failed: %s", producer_failed(p), producer_sent(p),
                    producer_first_error(p));
    json_t *root = report(p, topic, verbose, res);
    if (rc == 0) {
        result_textf(res, "%zu messages produced to %s\n", producer_delivered(p), topic);
        result_set_json(res, root);
    } else {
        json_decref(root);
    }
    (void)ctx;
    return rc;
}

int cmd_produce(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    const char *topic = o->pos[0];
    const char *value = o->npos > 1 ? o->pos[1] : NULL;
    const char *file = opt_get(o, "--file");
    bool null_value = opt_has(o, "--null-value");
    if ((value != NULL) + (file != NULL) + null_value > 1)
        return ks_err(err, "produce: give one of VALUE, --file or --null-value");
    if (!value && !file && !null_value)
        return ks_err(err, "produce: missing VALUE (or --file PATH|-, or --null-value)");
    int64_t partition = RD_KAFKA_PARTITION_UA;
    if (opt_int(o, "--partition", 0, INT32_MAX, &partition, err))
        return -1;
    headers_t h = {0};
    if (parse_headers(o, &h, err)) {
        headers_free(&h);
        return -1;
    }
    ks_producer_t *p = producer_open(ctx->client, topic, !file || opt_has(o, "--verbose"), err);
    int rc = -1;
    if (!p)
        goto done;
    if (partition >= producer_partition_count(p)) {
        ks_err(err, "partition %lld out of range: topic '%s' has partitions 0..%d",
               (long long)partition, topic, producer_partition_count(p) - 1);
        goto done;
    }
    const char *key = opt_get(o, "--key");
    produce_msg_t m = {.partition = (int32_t)partition,
                       .key = key,
                       .key_len = key ? strlen(key) : 0,
                       .value = value,
                       .value_len = value ? strlen(value) : 0,
                       .headers = h.headers,
                       .nheaders = h.n};
    rc = file ? produce_file(ctx, p, &m, file, opt_has(o, "--verbose"), res, topic, err)
              : produce_single(ctx, p, &m, res, topic, err);
done:
    producer_close(p);
    headers_free(&h);
    return rc;
}
