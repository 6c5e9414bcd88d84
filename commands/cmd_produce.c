/* produce: one message, or one per line of a file or stdin. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands/command.h"
#include "decode/avro/kavro_gen.h"
#include "kafka/envelope.h"
#include "kafka/produce.h"
#include "commands/produce_run.h"
#include "commands/record_edit.h"
#include "decode/registry.h"
#include "kafka/template.h"

/* The commands of this file; cmd_table.c lists their entries. */
static int cmd_produce(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);

static const opt_spec_t produce_opts[] = {
    {"--key", "K", "message key", false},
    {"--partition", "P", "partition (default: the partitioner picks by key)", false},
    {"--header", "K=V", "a header; repeat for more", true},
    {"--file", "PATH|-", "one message per line (plain, or JSON {\"key\",\"value\",...})", false},
    {"--null-value", NULL, "produce a null value (a tombstone)", false},
    {"--verbose", NULL, "with --file: report every message's partition and offset", false},
    {"--value-schema", "FILE.avsc", "the value is JSON: encode it as Avro with this schema", false},
    {"--value-subject", "SUBJECT", "encode as Avro with the subject's latest schema (with "
     "--value-schema: register that schema under SUBJECT), with Confluent framing", false},
    {"--key-schema", "FILE.avsc", "the key is JSON: encode it as Avro with this schema", false},
    {"--key-subject", "SUBJECT", "as --value-subject, for the key", false},
    {"--template", "FILE", "render a JSON envelope with {{placeholders}} once per record", false},
    {"--generate-from", "FILE.avsc", "random but valid Avro values of this schema (alone, "
     "--value-subject generates from the subject's schema)", false},
    {"--edit", NULL, "write the record in $VISUAL/$EDITOR (a JSON envelope), produce it on save",
     false},
    {"--from", "P:O", "with --edit: start from the record at partition P, offset O", false},
    {"--count", "N", "with --template/--generate-from: how many records (default 1)", false},
    {"--rate", "R/s", "with --template/--generate-from: records per second (default: as fast "
     "as possible)", false},
    {"--seed", "N", "with --template/--generate-from: seed the random choices, to repeat a run",
     false},
    {NULL, NULL, NULL, false}};

const cmd_entry_t cmd_produce_entry = {
    .name = "produce",
    .args = "TOPIC [VALUE]",
    .summary = "write records to a topic",
    .help = "Produces one message (VALUE), or one per line of --file (- for stdin). A line that "
            "is a JSON object with key/value/headers/partition fields (the format `tail --json` "
            "prints) is produced as that record; any other line is produced as it is. Reports "
            "the partition and offset of each message, or the delivery error. --template FILE "
            "renders a JSON envelope whose strings hold placeholders ({{seq}}, {{uuid}}, "
            "{{now}}, {{now_ms}}, {{int A B}}, {{float A B}}, {{pick \"a\" \"b\"}}, {{weighted "
            "\"a\":3 \"b\":1}}, {{name}}, {{word}}) --count times, --rate per second; Ctrl-C "
            "stops and reports what was delivered. --generate-from FILE.avsc (or "
            "--value-subject SUBJECT alone) produces random but valid Avro values of the "
            "schema, Confluent-framed when a subject is given. --edit opens $VISUAL or $EDITOR "
            "(default vi) on the record as JSON (--from P:O starts from a record of the topic, "
            "--template from a template); saving produces it (Avro-encoded when the topic's "
            "decoder or the record is Avro), an invalid record reopens the editor with the "
            "error, quitting without saving sends nothing.",
    .opts = produce_opts,
    .min_args = 1,
    .max_args = 2,
    .fn = cmd_produce,
    .writes = true,
    .stdin_opt = "--file",
};

/* How a key or value is encoded: Avro with a schema (and Confluent framing
 * with the registered id when a subject gave or registered it), or not. */
typedef struct {
    kavro_schema_t *schema;
    int32_t id; /* -1: plain Avro, no framing */
    const char *what;
} codec_t;

static int codec_open(cmd_ctx_t *ctx, const char *file, const char *subject, const char *what,
                      codec_t *c, char *err)
{
    c->schema = NULL;
    c->id = -1;
    c->what = what;
    if (!file && !subject)
        return 0;
    char e2[KS_ERRLEN];
    if (file && !(c->schema = kavro_schema_load_file(file, e2)))
        return ks_err(err, "--%s-schema: %s", what, e2);
    if (!subject)
        return 0;
    ks_registry_t *reg = decoders_registry(cmd_decoders(ctx), e2);
    if (!reg)
        return ks_err(err, "--%s-subject: %s", what, e2);
    if (c->schema) {
        /* registers the file's schema (or finds it registered) under subject */
        if (registry_register(reg, subject, kavro_schema_text(c->schema), &c->id, e2))
            return ks_err(err, "--%s-subject: %s", what, e2);
        return 0;
    }
    json_t *v;
    if (registry_subject_version(reg, subject, "latest", &v, e2))
        return ks_err(err, "--%s-subject: %s", what, e2);
    const char *text = json_string_value(json_object_get(v, "schema"));
    const char *type = json_string_value(json_object_get(v, "schemaType"));
    json_t *id = json_object_get(v, "id");
    int rc = 0;
    if (type && strcmp(type, "AVRO"))
        rc = ks_err(err, "--%s-subject %s: the schema is %s; kafscope encodes Avro only", what,
                    subject, type);
    else if (!text || !json_is_integer(id))
        rc = ks_err(err, "--%s-subject %s: the registry's answer has no schema or id", what, subject);
    else if (!(c->schema = kavro_schema_parse(text, strlen(text), e2)))
        rc = ks_err(err, "--%s-subject %s: %s", what, subject, e2);
    else
        c->id = (int32_t)json_integer_value(id);
    json_decref(v);
    return rc;
}

static void framing(strbuf_t *out, int32_t id)
{
    unsigned char h[5] = {0, (unsigned char)(id >> 24), (unsigned char)(id >> 16),
                          (unsigned char)(id >> 8), (unsigned char)id};
    sb_add(out, h, 5);
}

/* JSON v -> Avro bytes in out (framed when id >= 0). */
static int encode_json(kavro_schema_t *s, int32_t id, json_t *v, const char *what, strbuf_t *out,
                       char *err)
{
    sb_reset(out);
    if (id >= 0)
        framing(out, id);
    char e2[KS_ERRLEN];
    if (kavro_encode(s, v, out, e2))
        return ks_err(err, "%s does not fit schema %s: %s", what, kavro_schema_name(s), e2);
    return 0;
}

/* The text of a key or value (JSON) encoded with the codec. */
static int encode_text(const codec_t *c, const void *p, size_t n, strbuf_t *out, char *err)
{
    json_error_t je;
    json_t *v = json_loadb(p, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
    if (!v)
        return ks_err(err, "%s is not JSON (needed to encode it as Avro): %s at byte %d", c->what,
                      je.text, je.position);
    int rc = encode_json(c->schema, c->id, v, c->what, out, err);
    json_decref(v);
    return rc;
}

/* An envelope's "<part>_encoding":"avro" value without its raw bytes: encoded
 * with the schema id it names (from the registry), else with the codec. */
static int encode_envelope_avro(cmd_ctx_t *ctx, json_t *v, int32_t id, const codec_t *c,
                                strbuf_t *out, char *err)
{
    if (id >= 0) {
        char e2[KS_ERRLEN];
        ks_registry_t *reg = decoders_registry(cmd_decoders(ctx), e2);
        kavro_schema_t *s = NULL;
        if (!reg || registry_schema_by_id(reg, id, &s, e2))
            return ks_err(err, "%s: schema id %d: %s", c->what, (int)id, e2);
        int rc = encode_json(s, id, v, c->what, out, err);
        kavro_schema_free(s);
        return rc;
    }
    if (!c->schema)
        return ks_err(err, "%s: \"%s_encoding\":\"avro\" needs \"%s_raw\", \"%s_schema_id\" or "
                      "--%s-schema/--%s-subject", c->what, c->what, c->what, c->what, c->what, c->what);
    return encode_json(c->schema, c->id, v, c->what, out, err);
}

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

typedef struct {
    cmd_ctx_t *ctx;
    codec_t key, value;
    strbuf_t kbuf, vbuf;
} encoders_t;

/* Encodes one key or value (JSON text) with its codec, when it has a schema. */
static int codec_apply(const codec_t *c, const void **p, size_t *n, strbuf_t *buf, char *err)
{
    if (!c->schema || !*p)
        return 0;
    if (encode_text(c, *p, *n, buf, err))
        return -1;
    *p = buf->buf;
    *n = buf->len;
    return 0;
}

/* Applies the codecs to a message whose key/value are JSON text. */
static int encode_msg(encoders_t *en, produce_msg_t *m, bool key_too, char *err)
{
    if (codec_apply(&en->value, &m->value, &m->value_len, &en->vbuf, err))
        return -1;
    return key_too ? codec_apply(&en->key, &m->key, &m->key_len, &en->kbuf, err) : 0;
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
static int line_message(encoders_t *en, char *line, size_t len, const produce_msg_t *base,
                        envelope_msg_t *env, produce_msg_t *m, char *err)
{
    int kind = envelope_parse(line, len, env, err);
    if (kind < 0)
        return -1;
    if (kind == 1) {
        *m = env->msg;
        if (env->avro[0]) {
            if (encode_envelope_avro(en->ctx, env->avro[0], env->schema_id[0], &en->key, &en->kbuf, err))
                return -1;
            m->key = en->kbuf.buf;
            m->key_len = en->kbuf.len;
        }
        if (env->avro[1]) {
            if (encode_envelope_avro(en->ctx, env->avro[1], env->schema_id[1], &en->value, &en->vbuf, err))
                return -1;
            m->value = en->vbuf.buf;
            m->value_len = en->vbuf.len;
        }
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
    return encode_msg(en, m, false, err);
}

static int for_each_line(encoders_t *en, FILE *f, const char *name, ks_producer_t *p,
                         const produce_msg_t *base, bool dry_run, char *err)
{
    /* A regular file is all there, so its records may be held back and
     * sent in batches; a pipe's lines go out as they come. */
    struct stat st;
    bool bulk = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode);
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
        if (line_message(en, line, (size_t)len, base, &env, &m, lerr) ||
            (m.partition >= producer_partition_count(p) && m.partition != RD_KAFKA_PARTITION_UA &&
             ks_err(lerr, "partition %d out of range: the topic has partitions 0..%d", m.partition,
                    producer_partition_count(p) - 1)) ||
            (!dry_run && (bulk ? producer_send_bulk : producer_send)(p, &m, lerr))) {
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

static int produce_file(encoders_t *en, cmd_ctx_t *ctx, ks_producer_t *p, const produce_msg_t *base,
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
    /* with a value schema, plain lines are JSON that may not fit: check them too */
    if (!from_stdin && (en->value.schema || needs_check(f))) {
        rc = for_each_line(en, f, path, p, base, true, err);
        rewind(f);
    }
    if (rc == 0)
        rc = for_each_line(en, f, from_stdin ? "stdin" : path, p, base, false, err);
    /* Sending takes as long as the input is long (and stdin waits for its
     * writer): the wait for the last confirmations gets the whole --timeout. */
    client_deadline_renew();
    bool stopped = rc != 0;
    char ferr[KS_ERRLEN];
    if (producer_flush(p, ferr) && rc == 0)
        rc = ks_err(err, "%s", ferr);
    if (stopped && producer_sent(p) > 0) { /* a line stopped it: say what got through */
        size_t len = strlen(err);
        snprintf(err + len, KS_ERRLEN - len, " (%zu of the %zu records sent before it were delivered)",
                 producer_delivered(p), producer_sent(p));
    }
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

/* --template: one rendering per record, produced as an envelope line. */
typedef struct {
    encoders_t *en;
    const produce_msg_t *base;
    ks_template_t *tmpl;
    ks_rng_t rng;
    envelope_msg_t env;
} template_src_t;

/* A rendered key or value that is JSON (not text) becomes its text here,
 * with 15 significant digits: {{float 1 9.99}} gives 4.21, not the
 * 4.2100000000000000 of a 17-digit round trip. */
static void json_part_as_text(json_t *env, const char *part)
{
    char enc[32];
    snprintf(enc, sizeof enc, "%s_encoding", part);
    json_t *v = json_object_get(env, part);
    if (!v || json_is_string(v) || json_is_null(v) || json_object_get(env, enc))
        return;
    char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
    if (text)
        json_object_set_new(env, part, json_string(text));
    free(text);
}

static int template_next(void *opaque, int64_t seq, produce_msg_t *m, char *err)
{
    template_src_t *ts = opaque;
    envelope_msg_free(&ts->env);
    json_t *v = template_render(ts->tmpl, seq, now_ms(), &ts->rng);
    json_part_as_text(v, "key");
    json_part_as_text(v, "value");
    char *line = json_dumps(v, JSON_COMPACT);
    json_decref(v);
    if (!line)
        return ks_err(err, "the template rendered a value that cannot be written as JSON");
    int rc = line_message(ts->en, line, strlen(line), ts->base, &ts->env, m, err);
    /* a key or value without "<part>_encoding":"avro" still goes through
     * --key-schema/--value-schema when one is given */
    if (rc == 0 && !ts->env.avro[1])
        rc = codec_apply(&ts->en->value, &m->value, &m->value_len, &ts->en->vbuf, err);
    if (rc == 0 && !ts->env.avro[0])
        rc = codec_apply(&ts->en->key, &m->key, &m->key_len, &ts->en->kbuf, err);
    free(line);
    return rc;
}

static int produce_template(encoders_t *en, cmd_ctx_t *ctx, ks_producer_t *p,
                            const produce_msg_t *base, const char *path, const produce_pace_t *pace,
                            uint64_t seed, result_t *res, const char *topic, char *err)
{
    size_t len;
    char *text = file_read_text(path, 1 << 20, &len);
    if (!text)
        return ks_err(err, "--template %s: %s", path, strerror(errno));
    char cerr[KS_ERRLEN];
    template_src_t ts;
    memset(&ts, 0, sizeof ts);
    ts.en = en;
    ts.base = base;
    ts.tmpl = template_compile(text, len, cerr);
    free(text);
    if (!ts.tmpl)
        return ks_err(err, "--template %s: %s", path, cerr);
    int rc = 0;
    if (!seed) {
        rng_seed(&ts.rng, 0);
        seed = rng_next(&ts.rng);
    }
    rng_seed(&ts.rng, seed);
    /* the first rendering must be an envelope: checked before anything is sent */
    json_t *probe = template_render(ts.tmpl, 1, now_ms(), &ts.rng);
    char *line = json_dumps(probe, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!template_is_object(ts.tmpl) || envelope_parse(line, strlen(line), &ts.env, cerr) != 1)
        rc = ks_err(err, "--template %s: expected a JSON object with the fields of an envelope "
                    "(key, value, headers, partition)", path);
    free(line);
    json_decref(probe);
    rng_seed(&ts.rng, seed); /* the run starts from the same state as without the probe */
    if (rc == 0)
        rc = produce_run(ctx, p, topic, pace, template_next, &ts, res, err);
    envelope_msg_free(&ts.env);
    template_free(ts.tmpl);
    return rc;
}

/* --generate-from / --value-subject alone: random values of the value schema. */
typedef struct {
    encoders_t *en;
    const produce_msg_t *base;
    ks_rng_t rng;
} generate_src_t;

static int generate_next(void *opaque, int64_t seq, produce_msg_t *m, char *err)
{
    generate_src_t *gs = opaque;
    (void)seq;
    const codec_t *c = &gs->en->value;
    json_t *v = kavro_generate(c->schema, &gs->rng, err);
    if (!v)
        return -1;
    int rc = encode_json(c->schema, c->id, v, "generated value", &gs->en->vbuf, err);
    json_decref(v);
    *m = *gs->base;
    m->value = gs->en->vbuf.buf;
    m->value_len = gs->en->vbuf.len;
    return rc;
}

/* --edit: the record the person saves in their editor. */
typedef struct {
    encoders_t *en;
    ks_producer_t *p;
    const produce_msg_t *base;
    result_t *res;
    const char *topic;
} edit_src_t;

/* 1 (reopen the editor) with why. */
static int edit_reject(char *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int edit_reject(char *why, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, KS_ERRLEN, fmt, ap);
    va_end(ap);
    return 1;
}

static int edit_accept(void *opaque, const char *text, size_t len, char *why)
{
    edit_src_t *es = opaque;
    json_error_t je;
    json_t *v = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
    if (!v)
        return edit_reject(why, "invalid JSON at line %d, column %d: %s", je.line, je.column,
                           je.text);
    if (!json_is_object(v)) {
        json_decref(v);
        return edit_reject(why, "expected an object: {\"key\": ..., \"value\": ..., "
                           "\"headers\": {...}, \"partition\": null}");
    }
    json_part_as_text(v, "key");
    json_part_as_text(v, "value");
    char *line = json_dumps(v, JSON_COMPACT);
    json_decref(v);
    envelope_msg_t env;
    produce_msg_t m;
    char e2[KS_ERRLEN];
    int rc = envelope_parse(line, strlen(line), &env, e2);
    envelope_msg_free(&env);
    if (rc == 0)
        rc = edit_reject(why, "not a record: it needs \"key\" or \"value\", and only the "
                         "fields key, value, headers, partition (and <part>_encoding, "
                         "<part>_schema_id)");
    else if (rc < 0 || line_message(es->en, line, strlen(line), es->base, &env, &m, e2) ||
             (!env.avro[1] && codec_apply(&es->en->value, &m.value, &m.value_len,
                                          &es->en->vbuf, e2)) ||
             (!env.avro[0] && codec_apply(&es->en->key, &m.key, &m.key_len, &es->en->kbuf, e2)))
        rc = edit_reject(why, "%s", e2);
    else if (m.partition != RD_KAFKA_PARTITION_UA &&
             m.partition >= producer_partition_count(es->p))
        rc = edit_reject(why, "partition %d out of range: %s has partitions 0..%d",
                         (int)m.partition, es->topic, producer_partition_count(es->p) - 1);
    else
        rc = produce_single(NULL, es->p, &m, es->res, es->topic, why) ? -1 : 0;
    envelope_msg_free(&env);
    free(line);
    return rc;
}

/* The envelope a new record starts from: a rendered --template, else a
 * generated value of the value schema, else a small example. */
static json_t *edit_start(encoders_t *en, const char *tmpl, char *err)
{
    ks_rng_t rng;
    rng_seed(&rng, 0);
    if (tmpl) {
        size_t len;
        char *text = file_read_text(tmpl, 1 << 20, &len);
        if (!text) {
            ks_err(err, "--template %s: %s", tmpl, strerror(errno));
            return NULL;
        }
        char cerr[KS_ERRLEN];
        ks_template_t *t = template_compile(text, len, cerr);
        free(text);
        if (!t) {
            ks_err(err, "--template %s: %s", tmpl, cerr);
            return NULL;
        }
        json_t *v = template_render(t, 1, now_ms(), &rng);
        template_free(t);
        if (!json_is_object(v)) {
            json_decref(v);
            ks_err(err, "--template %s: expected a JSON object (an envelope)", tmpl);
            return NULL;
        }
        return v;
    }
    json_t *env = json_object();
    json_object_set_new(env, "key", json_null());
    if (en->value.schema) {
        json_t *v = kavro_generate(en->value.schema, &rng, err);
        if (!v) {
            json_decref(env);
            return NULL;
        }
        json_object_set_new(env, "value", v);
        json_object_set_new(env, "value_encoding", json_string("avro"));
    } else {
        char at[40];
        format_iso_ms(now_ms(), at, sizeof at);
        json_object_set_new(env, "value", json_pack("{s:s, s:s}", "message", "edit me",
                                                    "created_at", at));
    }
    json_object_set_new(env, "headers", json_object());
    json_object_set_new(env, "partition", json_null());
    return env;
}

static int produce_edit(encoders_t *en, cmd_ctx_t *ctx, ks_producer_t *p,
                        const produce_msg_t *base, const opts_t *o, result_t *res,
                        const char *topic, char *err)
{
    json_t *env;
    const char *from = opt_get(o, "--from");
    if (from) {
        int64_t part, off;
        const char *colon = strchr(from, ':');
        char pbuf[24];
        if (!colon || (size_t)(colon - from) >= sizeof pbuf)
            return cmd_usage_err(res, err, "--from: expected PARTITION:OFFSET, got '%s'", from);
        memcpy(pbuf, from, (size_t)(colon - from));
        pbuf[colon - from] = '\0';
        if (!parse_int64(pbuf, 0, INT32_MAX, &part) || !parse_int64(colon + 1, 0, INT64_MAX, &off))
            return cmd_usage_err(res, err, "--from: expected PARTITION:OFFSET, got '%s'", from);
        env = record_edit_fetch(ctx, topic, (int32_t)part, off, err);
    } else {
        env = edit_start(en, opt_get(o, "--template"), err);
    }
    if (!env)
        return -1;
    char *body = json_dumps(env, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
    json_decref(env);
    char *initial = xasprintf("// Produce one record to %s: edit it, save and quit. Quit without "
                              "saving to send nothing.\n"
                              "// key, value: text or JSON; headers: {\"name\": \"value\"} or "
                              "[{\"name\": ..., \"value\": ...}]; partition: null lets the key "
                              "choose.\n%s\n",
                              topic, body);
    free(body);
    edit_src_t es = {en, p, base, res, topic};
    bool cancelled;
    int rc = record_edit(ctx, initial, edit_accept, &es, &cancelled, err);
    free(initial);
    if (rc == 0 && cancelled) {
        result_set_json(res, json_pack("{s:s, s:b}", "topic", topic, "cancelled", 1));
        result_textf(res, "not saved: nothing was produced to %s\n", topic);
    }
    return rc;
}

static int cmd_produce(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    const char *topic = o->pos[0];
    const char *value = o->npos > 1 ? o->pos[1] : NULL;
    const char *file = opt_get(o, "--file");
    bool null_value = opt_has(o, "--null-value");
    const char *tmpl = opt_get(o, "--template");
    const char *gen_file = opt_get(o, "--generate-from");
    bool edit = opt_has(o, "--edit");
    if ((value != NULL) + (file != NULL) + null_value + (tmpl != NULL && !edit) +
            (gen_file != NULL) + edit > 1)
        return cmd_usage_err(res, err, "produce: give one of VALUE, --file, --null-value, "
                             "--template, --generate-from or --edit (which may start from "
                             "--template)");
    if (opt_has(o, "--from") && !edit)
        return cmd_usage_err(res, err, "produce: --from goes with --edit");
    if (edit && opt_has(o, "--from") && tmpl)
        return cmd_usage_err(res, err,
                             "produce --edit: start from --from or --template, not both");
    /* --value-subject alone generates from the subject's schema */
    bool generate = gen_file || (!value && !file && !null_value && !tmpl && !edit &&
                                 opt_has(o, "--value-subject"));
    if (!value && !file && !null_value && !tmpl && !generate && !edit)
        return ks_err(err, "produce: missing VALUE (or --file PATH|-, --null-value, --template "
                      "FILE or --generate-from FILE.avsc)");
    if (gen_file && opt_has(o, "--value-schema"))
        return ks_err(err, "produce: --generate-from is the value schema; drop --value-schema");
    produce_pace_t pace;
    if (produce_pace_parse(o, &pace, err))
        return cmd_usage(res);
    if ((edit || (!tmpl && !generate)) &&
        (opt_has(o, "--count") || opt_has(o, "--rate") || opt_has(o, "--seed")))
        return ks_err(err, "produce: --count, --rate and --seed go with --template or "
                      "--generate-from (not --edit)");
    int64_t seed = 0;
    if (opt_int(o, "--seed", 1, INT64_MAX, &seed, err))
        return cmd_usage(res);
    if ((tmpl || edit) && opt_has(o, "--key"))
        return ks_err(err, "produce: with --template or --edit the key is the record's \"key\"");
    int64_t partition = RD_KAFKA_PARTITION_UA;
    if (opt_int(o, "--partition", 0, INT32_MAX, &partition, err))
        return cmd_usage(res);
    headers_t h = {0};
    if (parse_headers(o, &h, err)) {
        headers_free(&h);
        return cmd_usage(res);
    }
    encoders_t en = {ctx, {0}, {0}, {0}, {0}};
    sb_init(&en.kbuf);
    sb_init(&en.vbuf);
    ks_producer_t *p = NULL;
    int rc = -1;
    if (codec_open(ctx, opt_get(o, "--key-schema"), opt_get(o, "--key-subject"), "key", &en.key, err) ||
        codec_open(ctx, gen_file ? gen_file : opt_get(o, "--value-schema"),
                   opt_get(o, "--value-subject"), "value", &en.value, err))
        goto done;
    /* --edit on a topic whose decoder is Avro: what is saved is encoded with it */
    if (edit && !en.value.schema)
        en.value.schema = decoders_avro_schema(cmd_decoders(ctx), topic, false);
    if (edit && !en.key.schema)
        en.key.schema = decoders_avro_schema(cmd_decoders(ctx), topic, true);
    p = producer_open(ctx->client, topic,
                      (tmpl || generate) && !edit ? false : !file || opt_has(o, "--verbose"), err);
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
    if (edit) {
        rc = produce_edit(&en, ctx, p, &m, o, res, topic, err);
    } else if (tmpl) {
        rc = produce_template(&en, ctx, p, &m, tmpl, &pace, (uint64_t)seed, res, topic, err);
    } else if (generate) {
        generate_src_t gs = {&en, &m, {0}};
        rng_seed(&gs.rng, (uint64_t)seed);
        /* --key is the same for every record: encoded once, outside kbuf */
        strbuf_t fixed_key;
        sb_init(&fixed_key);
        if (codec_apply(&en.key, &m.key, &m.key_len, &fixed_key, err) == 0)
            rc = produce_run(ctx, p, topic, &pace, generate_next, &gs, res, err);
        sb_free(&fixed_key);
    } else if (file) {
        /* the key given with --key is the same for every line: encode it once */
        if (en.key.schema && m.key && encode_text(&en.key, m.key, m.key_len, &en.kbuf, err))
            goto done;
        strbuf_t fixed_key = en.kbuf;
        if (en.key.schema && m.key) {
            sb_init(&en.kbuf);
            m.key = fixed_key.buf;
            m.key_len = fixed_key.len;
        }
        rc = produce_file(&en, ctx, p, &m, file, opt_has(o, "--verbose"), res, topic, err);
        if (en.key.schema && m.key)
            sb_free(&fixed_key);
    } else {
        rc = encode_msg(&en, &m, true, err) ? -1 : produce_single(ctx, p, &m, res, topic, err);
    }
done:
    if (p)
        producer_close(p);
    kavro_schema_free(en.key.schema);
    kavro_schema_free(en.value.schema);
    sb_free(&en.kbuf);
    sb_free(&en.vbuf);
    headers_free(&h);
    return rc;
}
