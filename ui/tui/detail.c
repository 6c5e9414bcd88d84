/* Enter on a record: everything about it in a scrollable overlay. The key
 * and value are shown whole, as the tail worker decoded them (decoded.h):
 * JSON and Avro pretty-printed with syntax colours, the schema id and name
 * when known; binary as a hex dump, else text with controls escaped. A
 * value no decoder could read is shown raw, with each decoder's reason. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/connect_envelope.h"
#include "core/decoded.h"
#include "kafka/record.h"
#include "base/sanitize.h"
#include "base/wrap.h"
#include "tui/ui.h"

#define DETAIL_MAX_BYTES (256 * 1024) /* more than anyone scrolls through */
/* A record may carry any number of headers of any size (10,000 fit in a
 * 130 KB record): the view lists this many, each value cut to this many
 * bytes, and says what it left out (`tail --json` has them all). */
#define DETAIL_MAX_HEADERS 1000
#define DETAIL_MAX_HEADER_BYTES 1024

/* Text is "binary" when it is not UTF-8 or holds controls other than
 * newlines and tabs: then a hex dump says more than a page of escapes. */
static bool looks_binary(const unsigned char *p, size_t n)
{
    if (!utf8_valid(p, n))
        return true;
    for (size_t i = 0; i < n; i++)
        if ((p[i] < 0x20 && p[i] != '\n' && p[i] != '\t' && p[i] != '\r') || p[i] == 0x7F)
            return true;
    return false;
}

static void add_hexdump(tui_t *ui, const unsigned char *p, size_t n)
{
    char line[128];
    for (size_t off = 0; off < n; off += 16) {
        int k = snprintf(line, sizeof line, "  %06zx  ", off);
        for (size_t i = 0; i < 16; i++) {
            if (off + i < n)
                k += snprintf(line + k, sizeof line - (size_t)k, "%02x ", p[off + i]);
            else
                k += snprintf(line + k, sizeof line - (size_t)k, "   ");
            if (i == 7)
                line[k++] = ' ';
        }
        line[k++] = '|';
        for (size_t i = 0; i < 16 && off + i < n; i++) {
            unsigned char c = p[off + i];
            line[k++] = c >= 0x20 && c < 0x7F ? (char)c : '.';
        }
        line[k++] = '|';
        line[k] = '\0';
        viewer_add(ui, SLOT_VALUE, line);
    }
}

/* One logical line, sanitized, wrapped to width columns. */
static void add_wrapped(tui_t *ui, theme_slot_t slot, const char *text, size_t len, bool trusted,
                        int width)
{
    strbuf_t sb;
    sb_init(&sb);
    if (trusted)
        sb_add(&sb, text, len);
    else
        sanitize_append(&sb, text, len);
    sb_addc(&sb, '\0');
    const char *p = sb.buf;
    do { /* data: cut where the line is full, not at blanks (they may matter) */
        size_t n = wrap_line(p, width, false);
        char *ind = xasprintf("  %.*s", (int)n, p);
        viewer_add(ui, slot, ind);
        free(ind);
        p += n ? n : 1; /* a '\n' (never in sanitized text) must not stop the loop */
    } while (*p);
    sb_free(&sb);
}

static void add_text(tui_t *ui, const char *p, size_t n, bool trusted, int width)
{
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || p[i] == '\n') {
            const char *line = p + start;
            size_t len = i - start;
            add_wrapped(ui, SLOT_VALUE, line, len, trusted && ui_text_is_safe(line, len), width);
            start = i + 1;
        }
    }
}

/* ---- syntax-coloured JSON: json_pretty_tokens into coloured viewer lines ---- */

typedef struct {
    tui_t *ui;
    int width;
    strbuf_t text;   /* the logical line so far (sanitized by json_pretty_tokens) */
    ui_span_t *runs;
    int nruns, cap;
    int lines;       /* logical lines flushed */
} jline_t;

static theme_slot_t token_slot(json_token_t t)
{
    switch (t) {
    case JT_KEY: return SLOT_JSON_KEY;
    case JT_STRING: return SLOT_JSON_STRING;
    case JT_NUMBER: return SLOT_JSON_NUMBER;
    case JT_BOOL: case JT_NULL: return SLOT_JSON_LITERAL;
    case JT_PUNCT: return SLOT_JSON_PUNCT;
    default: return SLOT_NORMAL;
    }
}

static void jl_run(jline_t *jl, int at, theme_slot_t slot)
{
    if (jl->nruns > 0 && jl->runs[jl->nruns - 1].slot == slot)
        return;
    if (jl->nruns > 0 && jl->runs[jl->nruns - 1].at == at) {
        jl->runs[jl->nruns - 1].slot = slot;
        return;
    }
    if (jl->nruns == jl->cap) {
        jl->cap = jl->cap ? jl->cap * 2 : 16;
        jl->runs = xrealloc(jl->runs, (size_t)jl->cap * sizeof *jl->runs);
    }
    jl->runs[jl->nruns++] = (ui_span_t){at, slot};
}

/* The logical line, wrapped to the width; every row starts with a
 * two-space indent. Runs are cut at the row boundaries. */
static void jl_flush(jline_t *jl)
{
    sb_addc(&jl->text, '\0');
    const char *all = jl->text.buf;
    size_t total = jl->text.len - 1, off = 0;
    int ri = 0;
    ui_span_t *row = xmalloc((size_t)(jl->nruns + 2) * sizeof *row);
    do {
        size_t n = text_fit(all + off, jl->width, NULL);
        if (n == 0 && off < total)
            n = total - off; /* cannot happen with sanitized text; never loop */
        strbuf_t line;
        sb_init(&line);
        sb_adds(&line, "  ");
        sb_add(&line, all + off, n);
        sb_addc(&line, '\0');
        int nrow = 0;
        row[nrow++] = (ui_span_t){0, SLOT_NORMAL};
        /* the run in effect at off, then every run starting inside the row */
        while (ri + 1 < jl->nruns && (size_t)jl->runs[ri + 1].at <= off)
            ri++;
        for (int k = ri; k < jl->nruns && (size_t)jl->runs[k].at < off + n; k++) {
            int at = 2 + (int)((size_t)jl->runs[k].at > off ? (size_t)jl->runs[k].at - off : 0);
            if (row[nrow - 1].at == at)
                row[nrow - 1].slot = jl->runs[k].slot;
            else
                row[nrow++] = (ui_span_t){at, jl->runs[k].slot};
        }
        viewer_add_spans(jl->ui, line.buf, row, nrow);
        sb_free(&line);
        off += n;
    } while (off < total);
    free(row);
    sb_free(&jl->text);
    sb_init(&jl->text);
    jl->nruns = 0;
    jl->lines++;
}

static void jl_emit(void *opaque, json_token_t tok, const char *text, size_t len)
{
    jline_t *jl = opaque;
    if (tok == JT_NEWLINE) {
        jl_flush(jl);
        return;
    }
    jl_run(jl, (int)jl->text.len, token_slot(tok));
    sb_add(&jl->text, text, len);
}

static void add_json(tui_t *ui, json_t *j, int width)
{
    jline_t jl = {.ui = ui, .width = width};
    sb_init(&jl.text);
    json_pretty_tokens(j, 2, jl_emit, &jl);
    jl_flush(&jl);
    free(jl.runs);
}

/* ---- one key or value ---- */

/* Kafka Connect's schema of the payload above, folded to one line per
 * field: type, optional, logical name. */
static void add_connect_schema(tui_t *ui, const char *schema_json)
{
    json_t *schema = json_loads(schema_json, 0, NULL);
    if (!schema)
        return;
    strbuf_t text;
    sb_init(&text);
    connect_schema_describe(&text, schema);
    json_decref(schema);
    viewer_add(ui, SLOT_DIM, "  Connect schema (from the record's \"schema\"; `tail --json` shows it whole):");
    for (char *line = text.buf; line && *line;) {
        char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        strbuf_t row;
        sb_init(&row);
        sb_adds(&row, "    ");
        sanitize_append(&row, line, n);
        sb_addc(&row, '\0');
        viewer_add(ui, SLOT_DIM, row.buf);
        sb_free(&row);
        line = nl ? nl + 1 : NULL;
    }
    sb_free(&text);
}

static void add_raw(tui_t *ui, const unsigned char *p, size_t shown, int width)
{
    if (looks_binary(p, shown))
        add_hexdump(ui, p, shown);
    else
        add_text(ui, (const char *)p, shown, false, width);
}

/* Each decoder's reason, one per line (reasons may quote what a server
 * said: sanitized). */
static void add_reasons(tui_t *ui, theme_slot_t slot, const char *intro, const char *errors,
                        int width)
{
    viewer_add(ui, slot, intro);
    for (const char *l = errors; *l;) {
        size_t n = strcspn(l, "\n");
        strbuf_t sb;
        sb_init(&sb);
        sb_adds(&sb, "  - ");
        sanitize_append(&sb, l, n);
        add_wrapped(ui, slot, sb.buf, sb.len, true, width - 4);
        sb_free(&sb);
        l += n;
        if (*l == '\n')
            l++;
    }
}

/* What was left out, in KiB as the bound is set (`tail --json` has it all). */
static void cut_note(tui_t *ui, bool key, size_t shown, size_t len)
{
    strbuf_t sb;
    sb_init(&sb);
    sb_printf(&sb, "  ... %s cut at %zu KiB of %zu KiB (%zu bytes not shown; `tail --json` has it whole)",
              key ? "key" : "value", shown / 1024, (len + 1023) / 1024, len - shown);
    sb_addc(&sb, '\0');
    viewer_add(ui, SLOT_WARN, sb.buf);
    sb_free(&sb);
}

static void add_part(tui_t *ui, const char *label, const ks_record_t *rec, bool key, int width)
{
    const void *bytes = key ? rec->key : rec->value;
    size_t len = key ? rec->key_len : rec->value_len;
    strbuf_t head;
    sb_init(&head);
    if (!bytes) {
        sb_printf(&head, "%s: null%s", label,
                  key ? "" : " (a tombstone: compaction deletes the key)");
        sb_addc(&head, '\0');
        viewer_add(ui, SLOT_HEADER, head.buf);
        sb_free(&head);
        return;
    }
    if (len == 0) {
        sb_printf(&head, "%s: empty (0 bytes)", label);
        sb_addc(&head, '\0');
        viewer_add(ui, SLOT_HEADER, head.buf);
        sb_free(&head);
        return;
    }
    /* The tail worker decoded it when it arrived; a record from elsewhere is
     * decoded here without the registry or local schemas (nothing to wait on). */
    const decoded_t *dec = decoded_of(rec);
    decoded_part_t local;
    const decoded_part_t *dp;
    if (dec) {
        dp = key ? &dec->key : &dec->value;
    } else {
        decoded_part_make(NULL, rec, key, &local);
        dp = &local;
    }
    size_t shown = len > DETAIL_MAX_BYTES ? DETAIL_MAX_BYTES : len;
    const unsigned char *p = bytes;
    json_t *j = NULL;
    /* Past DETAIL_MAX_BYTES no tree is built (a tree of 8 MiB of JSON is
     * many times that, and its pretty-printed lines more): the start of the
     * JSON text is shown as text instead, and the header says so. */
    bool decoded_json = !dp->failed && (dp->kind == DK_AVRO || dp->connect_schema) && dp->json;
    size_t json_len = decoded_json ? strlen(dp->json) : 0;
    bool too_big = decoded_json ? json_len > DETAIL_MAX_BYTES
                                : !dp->failed && dp->kind == DK_JSON && len > DETAIL_MAX_BYTES;
    if (decoded_json && !too_big)
        j = json_loads(dp->json, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    else if (!dp->failed && dp->kind == DK_JSON && !too_big)
        j = json_loadb(bytes, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    strbuf_t schema;
    sb_init(&schema);
    if (dp->schema_id >= 0)
        sb_printf(&schema, ", schema id %d", (int)dp->schema_id);
    if (dp->schema_name) {
        sb_adds(&schema, ", ");
        sanitize_append(&schema, dp->schema_name, strlen(dp->schema_name));
    }
    sb_addc(&schema, '\0');
    theme_slot_t hslot = SLOT_HEADER;
    if (j && dp->kind == DK_AVRO) {
        sb_printf(&head, "%s: Avro, %zu bytes%s (decoded by %s, shown as JSON)", label, len,
                  schema.buf, dp->decoder);
    } else if (j && dp->connect_schema) {
        sb_printf(&head, "%s: JSON from Kafka Connect (JsonConverter), %zu bytes: the payload, "
                  "its schema below", label, len);
    } else if (j) {
        sb_printf(&head, "%s: JSON, %zu bytes (pretty-printed)", label, len);
    } else if (too_big) {
        sb_printf(&head, "%s: %s, %zu bytes%s (over %d KiB: the start shown as text, not pretty-printed)",
                  label, dp->kind == DK_AVRO ? "Avro" : "JSON", len, schema.buf,
                  DETAIL_MAX_BYTES / 1024);
    } else if (dp->failed) {
        hslot = SLOT_ERROR;
        sb_printf(&head, "%s: NOT DECODED, %zu bytes%s (shown raw, %s)", label, len, schema.buf,
                  looks_binary(p, shown) ? "hex dump" : "text");
    } else if (dp->kind == DK_HEX || looks_binary(p, shown)) {
        sb_printf(&head, "%s: binary, %zu bytes (hex dump)", label, len);
    } else {
        sb_printf(&head, "%s: text, %zu bytes", label, len);
    }
    sb_addc(&head, '\0');
    viewer_add(ui, hslot, head.buf);
    if (dp->failed && dp->errors)
        add_reasons(ui, SLOT_WARN, "  Why each decoder refused it:", dp->errors, width);
    if (j) {
        add_json(ui, j, width);
        json_decref(j);
        if (dp->connect_schema)
            add_connect_schema(ui, dp->connect_schema);
    } else if (decoded_json && too_big) {
        add_text(ui, dp->json, DETAIL_MAX_BYTES, false, width);
        cut_note(ui, key, DETAIL_MAX_BYTES, json_len);
    } else {
        add_raw(ui, p, shown, width);
        if (shown < len)
            cut_note(ui, key, shown, len);
        /* Plain text or bytes: which decoders looked at them, and why they passed. */
        if (!dp->failed && dp->errors)
            add_reasons(ui, SLOT_DIM, "  Decoders tried:", dp->errors, width);
    }
    sb_free(&schema);
    sb_free(&head);
    if (!dec)
        decoded_part_free(&local);
}

void detail_open(tui_t *ui, const ks_record_t *rec)
{
    int width = ui->cols - 10;
    if (width < 20)
        width = 20;
    strbuf_t sb;
    sb_init(&sb);
    sb_adds(&sb, "Record ");
    sanitize_append(&sb, rec->topic, strlen(rec->topic));
    sb_printf(&sb, "[%d] @ %lld", rec->partition, (long long)rec->offset);
    sb_addc(&sb, '\0');
    viewer_open(ui, sb.buf);
    sb_free(&sb);

    char line[256], ts[40];
    snprintf(line, sizeof line, "Partition %d, offset %lld", rec->partition,
             (long long)rec->offset);
    viewer_add(ui, SLOT_NORMAL, line);
    if (rec->timestamp >= 0) {
        format_iso_ms(rec->timestamp, ts, sizeof ts);
        snprintf(line, sizeof line, "Timestamp %s (%lld), type %s", ts, (long long)rec->timestamp,
                 ts_type_name(rec->tstype));
    } else {
        snprintf(line, sizeof line, "Timestamp: none");
    }
    viewer_add(ui, SLOT_NORMAL, line);
    viewer_add(ui, SLOT_NORMAL, "");
    add_part(ui, "Key", rec, true, width);
    viewer_add(ui, SLOT_NORMAL, "");
    snprintf(line, sizeof line, "Headers: %d", rec->nheaders);
    viewer_add(ui, SLOT_HEADER, line);
    int listed = rec->nheaders < DETAIL_MAX_HEADERS ? rec->nheaders : DETAIL_MAX_HEADERS;
    for (int i = 0; i < listed; i++) {
        const ks_header_t *h = &rec->headers[i];
        strbuf_t hb;
        sb_init(&hb);
        sb_adds(&hb, "  ");
        size_t nlen = strlen(h->name);
        sanitize_append(&hb, h->name, nlen < DETAIL_MAX_HEADER_BYTES ? nlen : DETAIL_MAX_HEADER_BYTES);
        if (nlen > DETAIL_MAX_HEADER_BYTES)
            sb_printf(&hb, " ... (name cut at %d of %zu bytes)", DETAIL_MAX_HEADER_BYTES, nlen);
        sb_adds(&hb, " = ");
        if (h->value && h->len > DETAIL_MAX_HEADER_BYTES) {
            sanitize_append(&hb, h->value, DETAIL_MAX_HEADER_BYTES);
            sb_printf(&hb, " ... (cut at %d of %zu bytes)", DETAIL_MAX_HEADER_BYTES, h->len);
        } else if (h->value) {
            sanitize_append(&hb, h->value, h->len);
        } else {
            sb_adds(&hb, "(null)");
        }
        sb_addc(&hb, '\0');
        viewer_add(ui, SLOT_VALUE, hb.buf);
        sb_free(&hb);
    }
    if (listed < rec->nheaders) {
        snprintf(line, sizeof line,
                 "  ... %d more headers not shown (the first %d are; `tail --json` has them all)",
                 rec->nheaders - listed, listed);
        viewer_add(ui, SLOT_WARN, line);
    }
    viewer_add(ui, SLOT_NORMAL, "");
    add_part(ui, "Value", rec, false, width);
}
