/* Enter on a record: everything about it in a scrollable overlay. The key
 * and value are shown whole: pretty-printed when they are JSON, as a hex
 * dump when they are binary, else as text with controls escaped. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "sanitize.h"
#include "tui.h"

#define DETAIL_MAX_BYTES (256 * 1024) /* more than anyone scrolls through */

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
    do {
        size_t n = text_fit(p, width, NULL);
        if (n == 0 && *p)
            n = strlen(p); /* cannot happen with sanitized text; never loop */
        char *chunk = xstrndup(p, n);
        char *ind = xasprintf("  %s", chunk);
        viewer_add(ui, slot, ind);
        free(ind);
        free(chunk);
        p += n;
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

static void add_bytes(tui_t *ui, const char *label, const void *bytes, size_t len, int width)
{
    char head[160];
    if (!bytes) {
        snprintf(head, sizeof head, "%s: null%s", label,
                 strcmp(label, "Value") ? "" : " (a tombstone: compaction deletes the key)");
        viewer_add(ui, SLOT_HEADER, head);
        return;
    }
    size_t shown = len > DETAIL_MAX_BYTES ? DETAIL_MAX_BYTES : len;
    const unsigned char *p = bytes;
    if (len == 0) {
        snprintf(head, sizeof head, "%s: empty (0 bytes)", label);
        viewer_add(ui, SLOT_HEADER, head);
        return;
    }
    json_error_t jerr;
    json_t *j = NULL;
    if (!looks_binary(p, shown) && (p[0] == '{' || p[0] == '[' || p[0] == '"'))
        j = json_loadb(bytes, len, JSON_DECODE_ANY, &jerr);
    if (j) {
        snprintf(head, sizeof head, "%s: JSON, %zu bytes (pretty-printed)", label, len);
        viewer_add(ui, SLOT_HEADER, head);
        char *pretty = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
        json_decref(j);
        if (pretty) {
            /* jansson escapes C0 controls itself; the check catches C1 and
             * bidi marks, which it leaves as they are. */
            add_text(ui, pretty, strlen(pretty), true, width);
            free(pretty);
        }
    } else if (looks_binary(p, shown)) {
        snprintf(head, sizeof head, "%s: binary, %zu bytes (hex dump)", label, len);
        viewer_add(ui, SLOT_HEADER, head);
        add_hexdump(ui, p, shown);
    } else {
        snprintf(head, sizeof head, "%s: text, %zu bytes", label, len);
        viewer_add(ui, SLOT_HEADER, head);
        add_text(ui, bytes, shown, false, width);
    }
    if (shown < len) {
        snprintf(head, sizeof head, "  ... %zu more bytes not shown", len - shown);
        viewer_add(ui, SLOT_DIM, head);
    }
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
    add_bytes(ui, "Key", rec->key, rec->key_len, width);
    viewer_add(ui, SLOT_NORMAL, "");
    snprintf(line, sizeof line, "Headers: %d", rec->nheaders);
    viewer_add(ui, SLOT_HEADER, line);
    for (int i = 0; i < rec->nheaders; i++) {
        const ks_header_t *h = &rec->headers[i];
        strbuf_t hb;
        sb_init(&hb);
        sb_adds(&hb, "  ");
        sanitize_append(&hb, h->name, strlen(h->name));
        sb_adds(&hb, " = ");
        if (h->value)
            sanitize_append(&hb, h->value, h->len);
        else
            sb_adds(&hb, "(null)");
        sb_addc(&hb, '\0');
        viewer_add(ui, SLOT_VALUE, hb.buf);
        sb_free(&hb);
    }
    viewer_add(ui, SLOT_NORMAL, "");
    add_bytes(ui, "Value", rec->value, rec->value_len, width);
}
