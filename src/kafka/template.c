/* Template compiler: the template's JSON into a tree (template_tree.h) that
 * template_render.c fills in. The JSON is parsed here rather than by
 * jansson so that every string's placeholders can be reported at their line
 * and column in the file. */
#include "kafka/template.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kafka/template_tree.h"
#include "base/util.h"

/* Deep enough for any real envelope; bounds recursion on hostile input. */
#define MAX_DEPTH 64

/* The placeholder names, in ph_kind_t order. */
static const char *const ph_names[] = {"seq",   "uuid", "now",      "now_ms", "int",
                                       "float", "pick", "weighted", "name",   "word"};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- freeing ---- */

static void ph_free(placeholder_t *ph)
{
    for (size_t i = 0; i < ph->nchoices; i++)
        json_decref(ph->choices[i]);
    free(ph->choices);
    free(ph->weights);
}

static void tnode_free(tnode_t *n)
{
    if (!n)
        return;
    json_decref(n->literal);
    for (size_t i = 0; i < n->nsegs; i++) {
        free(n->segs[i].text);
        ph_free(&n->segs[i].ph);
    }
    free(n->segs);
    for (size_t i = 0; i < n->nkids; i++)
        tnode_free(n->kids[i]);
    free(n->kids);
    free(n);
}

void template_free(ks_template_t *t)
{
    if (!t)
        return;
    tnode_free(t->root);
    free(t);
}

/* ---- parsing ---- */

typedef struct {
    const char *s;
    size_t len, pos;
    char *err;
    bool failed;
} parser_t;

/* Fills err with "line L, column C: msg" for byte offset at. */
static void fail_at(parser_t *p, size_t at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail_at(parser_t *p, size_t at, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = true;
    int line = 1, col = 1;
    for (size_t i = 0; i < at && i < p->len; i++) {
        if (p->s[i] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    char msg[KS_ERRLEN - 40];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ks_err(p->err, "line %d, column %d: %s", line, col, msg);
}

static void skip_ws(parser_t *p)
{
    while (p->pos < p->len && strchr(" \t\r\n", p->s[p->pos]) && p->s[p->pos])
        p->pos++;
}

static void add_kid(tnode_t *n, tnode_t *kid)
{
    n->kids = xrealloc(n->kids, (n->nkids + 1) * sizeof *n->kids);
    n->kids[n->nkids++] = kid;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static void utf8_put(strbuf_t *sb, unsigned cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    sb_add(sb, b, n);
}

static int read_hex4(parser_t *p, size_t at, unsigned *out)
{
    if (p->pos + 4 > p->len) {
        fail_at(p, at, "\\u needs four hex digits");
        return -1;
    }
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(p->s[p->pos + (size_t)i]);
        if (h < 0) {
            fail_at(p, at, "\\u needs four hex digits");
            return -1;
        }
        v = v * 16 + (unsigned)h;
    }
    p->pos += 4;
    *out = v;
    return 0;
}

/* A JSON string at p->pos (the opening quote): its decoded bytes in out and,
 * for each of them, the offset in the source it came from (for errors). */
static int parse_string_raw(parser_t *p, strbuf_t *out, size_t **where)
{
    size_t cap = 16, n = 0;
    *where = xmalloc(cap * sizeof **where);
    p->pos++; /* the quote */
    while (p->pos < p->len && p->s[p->pos] != '"') {
        size_t at = p->pos;
        unsigned char c = (unsigned char)p->s[p->pos];
        size_t before = out->len;
        if (c < 0x20) {
            fail_at(p, at, "control character in a string (write it as \\n, \\t or \\u00XX)");
            return -1;
        }
        if (c != '\\') {
            sb_addc(out, (char)c);
            p->pos++;
        } else {
            if (++p->pos >= p->len)
                break;
            char e = p->s[p->pos++];
            const char *plain = strchr("\"\\/bfnrt", e);
            if (e && plain) {
                static const char map[] = "\"\\/\b\f\n\r\t";
                sb_addc(out, map[plain - "\"\\/bfnrt"]);
            } else if (e == 'u') {
                unsigned cp;
                if (read_hex4(p, at, &cp))
                    return -1;
                if (cp >= 0xD800 && cp < 0xDC00) {
                    unsigned lo;
                    if (p->pos + 2 > p->len || p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u') {
                        fail_at(p, at, "a high surrogate \\u%04X must be followed by a low one", cp);
                        return -1;
                    }
                    p->pos += 2;
                    if (read_hex4(p, at, &lo))
                        return -1;
                    if (lo < 0xDC00 || lo > 0xDFFF) {
                        fail_at(p, at, "invalid surrogate pair");
                        return -1;
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    fail_at(p, at, "a lone low surrogate \\u%04X", cp);
                    return -1;
                } else if (cp == 0) {
                    fail_at(p, at, "\\u0000 is not allowed in a template");
                    return -1;
                }
                utf8_put(out, cp);
            } else {
                fail_at(p, at, "invalid escape '\\%c'", e >= 0x20 && e < 0x7F ? e : '?');
                return -1;
            }
        }
        for (size_t i = before; i < out->len; i++) {
            if (n == cap)
                *where = xrealloc(*where, (cap *= 2) * sizeof **where);
            (*where)[n++] = at;
        }
    }
    if (p->pos >= p->len) {
        fail_at(p, p->len, "unterminated string");
        return -1;
    }
    p->pos++; /* closing quote */
    /* one more entry: the end of the string */
    if (n == cap)
        *where = xrealloc(*where, (cap + 1) * sizeof **where);
    (*where)[n] = p->pos - 1;
    return 0;
}

/* A token inside {{ }}: a bare word, a "quoted string", or ':'. */
typedef struct {
    enum { TK_WORD, TK_STRING, TK_COLON, TK_END } kind;
    char *text;
    size_t at; /* index in the decoded string */
} token_t;

static token_t next_token(const char *s, size_t end, size_t *i)
{
    token_t t = {TK_END, NULL, 0};
    while (*i < end && (s[*i] == ' ' || s[*i] == '\t'))
        (*i)++;
    t.at = *i;
    if (*i >= end)
        return t;
    if (s[*i] == ':') {
        (*i)++;
        t.kind = TK_COLON;
        return t;
    }
    strbuf_t sb;
    sb_init(&sb);
    if (s[*i] == '"') {
        (*i)++;
        while (*i < end && s[*i] != '"') {
            if (s[*i] == '\\' && *i + 1 < end)
                (*i)++;
            sb_addc(&sb, s[(*i)++]);
        }
        if (*i >= end) {
            sb_free(&sb);
            t.kind = TK_END;
            t.text = NULL;
            t.at = (size_t)-1; /* unterminated */
            return t;
        }
        (*i)++;
        t.kind = TK_STRING;
    } else {
        while (*i < end && s[*i] != ' ' && s[*i] != '\t' && s[*i] != ':' && s[*i] != '"')
            sb_addc(&sb, s[(*i)++]);
        t.kind = TK_WORD;
    }
    sb_addc(&sb, '\0');
    t.text = sb.buf;
    return t;
}

/* Number of decimals written in a number's text ("2.50" -> 2). */
static int decimals_of(const char *s)
{
    const char *dot = strchr(s, '.');
    if (!dot)
        return 0;
    int n = 0;
    for (dot++; *dot >= '0' && *dot <= '9'; dot++)
        n++;
    return n;
}

static bool parse_double(const char *s, double *out)
{
    char *end;
    if (!*s || strchr(s, 'x') || strchr(s, 'X'))
        return false;
    *out = strtod(s, &end);
    return !*end && isfinite(*out);
}

/* A choice of pick/weighted: a quoted string, or a bare number. */
static json_t *choice_value(const token_t *t)
{
    if (t->kind == TK_STRING)
        return json_string(t->text);
    int64_t i;
    double d;
    if (t->kind == TK_WORD && parse_int64(t->text, INT64_MIN, INT64_MAX, &i))
        return json_integer(i);
    if (t->kind == TK_WORD && parse_double(t->text, &d))
        return json_real(d);
    return NULL;
}

/* Parses the inside of one {{ }}: s[start..end) of the decoded string,
 * where[] maps back to the source for errors. */
static int parse_placeholder(parser_t *p, const char *s, size_t start, size_t end,
                             const size_t *where, placeholder_t *ph)
{
    memset(ph, 0, sizeof *ph);
    size_t i = start;
    size_t open = where[start - 2]; /* the {{, for errors about the whole placeholder */
    token_t name = next_token(s, end, &i);
    if (name.kind != TK_WORD) {
        free(name.text);
        fail_at(p, open, "expected a placeholder name after {{");
        return -1;
    }
    size_t k;
    for (k = 0; k < NELEM(ph_names); k++)
        if (!strcmp(name.text, ph_names[k]))
            break;
    if (k == NELEM(ph_names)) {
        fail_at(p, where[name.at],
                "unknown placeholder '%.40s' (expected seq, uuid, now, now_ms, int, float, pick, "
                "weighted, name or word)",
                name.text);
        free(name.text);
        return -1;
    }
    free(name.text);
    ph->kind = (ph_kind_t)k;
    /* the arguments */
    token_t args[2] = {{TK_END, NULL, 0}, {TK_END, NULL, 0}};
    int rc = 0;
    switch (ph->kind) {
    case PH_INT:
    case PH_FLOAT: {
        for (int a = 0; a < 2 && rc == 0; a++) {
            args[a] = next_token(s, end, &i);
            if (args[a].kind != TK_WORD) {
                fail_at(p, open, "{{%s A B}} needs two numbers", ph_names[k]);
                rc = -1;
            }
        }
        if (rc)
            break;
        if (ph->kind == PH_INT) {
            for (int a = 0; a < 2 && rc == 0; a++)
                if (!parse_int64(args[a].text, INT64_MIN, INT64_MAX, a ? &ph->hi : &ph->lo)) {
                    fail_at(p, where[args[a].at], "{{int A B}}: '%.40s' is not a whole number",
                            args[a].text);
                    rc = -1;
                }
            if (rc == 0 && ph->lo > ph->hi) {
                fail_at(p, where[args[0].at], "{{int A B}}: A is greater than B");
                rc = -1;
            }
        } else {
            for (int a = 0; a < 2 && rc == 0; a++)
                if (!parse_double(args[a].text, a ? &ph->fhi : &ph->flo)) {
                    fail_at(p, where[args[a].at], "{{float A B}}: '%.40s' is not a number",
                            args[a].text);
                    rc = -1;
                }
            if (rc == 0 && ph->flo > ph->fhi) {
                fail_at(p, where[args[0].at], "{{float A B}}: A is greater than B");
                rc = -1;
            }
            int d0 = rc ? 0 : decimals_of(args[0].text), d1 = rc ? 0 : decimals_of(args[1].text);
            ph->decimals = d0 > d1 ? d0 : d1;
            if (!ph->decimals)
                ph->decimals = 2;
            if (ph->decimals > 15)
                ph->decimals = 15;
        }
        break;
    }
    case PH_PICK:
    case PH_WEIGHTED: {
        int64_t total = 0;
        for (;;) {
            token_t t = next_token(s, end, &i);
            if (t.kind == TK_END) {
                if (t.at == (size_t)-1) {
                    fail_at(p, open, "unterminated quoted choice");
                    rc = -1;
                }
                break;
            }
            json_t *v = choice_value(&t);
            size_t at = t.at;
            free(t.text);
            if (!v) {
                fail_at(p, where[at], "{{%s}}: a choice is a \"quoted string\" or a number",
                        ph_names[k]);
                rc = -1;
                break;
            }
            ph->choices = xrealloc(ph->choices, (ph->nchoices + 1) * sizeof *ph->choices);
            ph->choices[ph->nchoices++] = v;
            if (ph->kind == PH_WEIGHTED) {
                token_t colon = next_token(s, end, &i);
                token_t w = colon.kind == TK_COLON ? next_token(s, end, &i) : colon;
                int64_t weight = 0;
                bool ok = colon.kind == TK_COLON && w.kind == TK_WORD &&
                          parse_int64(w.text, 0, 1000000000, &weight);
                if (colon.kind == TK_COLON)
                    free(w.text);
                free(colon.text);
                if (!ok) {
                    fail_at(p, where[at], "{{weighted}}: each choice needs ':WEIGHT' (a whole "
                            "number 0..1000000000), as in \"a\":3");
                    rc = -1;
                    break;
                }
                total += weight;
                ph->weights = xrealloc(ph->weights, ph->nchoices * sizeof *ph->weights);
                ph->weights[ph->nchoices - 1] = total;
            }
        }
        if (rc == 0 && ph->nchoices == 0) {
            fail_at(p, open, "{{%s}} needs at least one choice", ph_names[k]);
            rc = -1;
        }
        if (rc == 0 && ph->kind == PH_WEIGHTED && total == 0) {
            fail_at(p, open, "{{weighted}}: the weights add up to 0");
            rc = -1;
        }
        break;
    }
    default:
        break;
    }
    if (rc == 0) {
        token_t extra = next_token(s, end, &i);
        if (extra.kind != TK_END || extra.at == (size_t)-1) {
            fail_at(p, extra.at == (size_t)-1 ? open : where[extra.at],
                    "unexpected text in {{%s}}", ph_names[k]);
            rc = -1;
        }
        free(extra.text);
    }
    free(args[0].text);
    free(args[1].text);
    return rc;
}

static void add_literal_seg(tnode_t *n, const char *s, size_t len)
{
    if (!len)
        return;
    n->segs = xrealloc(n->segs, (n->nsegs + 1) * sizeof *n->segs);
    segment_t *g = &n->segs[n->nsegs++];
    memset(g, 0, sizeof *g);
    g->text = xstrndup(s, len);
    g->len = len;
}

static tnode_t *parse_string(parser_t *p)
{
    strbuf_t sb;
    sb_init(&sb);
    size_t *where = NULL;
    tnode_t *n = xcalloc(1, sizeof *n);
    n->kind = TN_STRING;
    if (parse_string_raw(p, &sb, &where))
        goto fail;
    const char *s = sb.buf ? sb.buf : "";
    json_t *utf8 = json_stringn(s, sb.len);
    if (!utf8) {
        fail_at(p, where[0], "the string is not valid UTF-8");
        goto fail;
    }
    json_decref(utf8);
    size_t i = 0, lit = 0;
    while (i + 1 < sb.len) {
        if (s[i] != '{' || s[i + 1] != '{') {
            i++;
            continue;
        }
        const char *close = NULL;
        for (size_t j = i + 2; j + 1 < sb.len; j++)
            if (s[j] == '}' && s[j + 1] == '}') {
                close = s + j;
                break;
            }
        if (!close) {
            fail_at(p, where[i], "'{{' without a closing '}}'");
            goto fail;
        }
        add_literal_seg(n, s + lit, i - lit);
        placeholder_t ph;
        size_t end = (size_t)(close - s);
        if (parse_placeholder(p, s, i + 2, end, where, &ph)) {
            ph_free(&ph);
            goto fail;
        }
        n->segs = xrealloc(n->segs, (n->nsegs + 1) * sizeof *n->segs);
        n->segs[n->nsegs++] = (segment_t){NULL, 0, ph};
        i = lit = end + 2;
    }
    add_literal_seg(n, s + lit, sb.len - lit);
    sb_free(&sb);
    free(where);
    return n;
fail:
    sb_free(&sb);
    free(where);
    tnode_free(n);
    return NULL;
}

static tnode_t *parse_value(parser_t *p, int depth);

static tnode_t *parse_container(parser_t *p, int depth, bool object)
{
    tnode_t *n = xcalloc(1, sizeof *n);
    n->kind = object ? TN_OBJECT : TN_ARRAY;
    char close = object ? '}' : ']';
    p->pos++;
    skip_ws(p);
    if (p->pos < p->len && p->s[p->pos] == close) {
        p->pos++;
        return n;
    }
    for (;;) {
        skip_ws(p);
        if (object) {
            if (p->pos >= p->len || p->s[p->pos] != '"') {
                fail_at(p, p->pos, "expected a \"key\" in the object");
                break;
            }
            tnode_t *key = parse_string(p);
            if (!key)
                break;
            add_kid(n, key);
            skip_ws(p);
            if (p->pos >= p->len || p->s[p->pos] != ':') {
                fail_at(p, p->pos, "expected ':' after the key");
                break;
            }
            p->pos++;
        }
        tnode_t *v = parse_value(p, depth + 1);
        if (!v)
            break;
        add_kid(n, v);
        skip_ws(p);
        if (p->pos < p->len && p->s[p->pos] == ',') {
            p->pos++;
            continue;
        }
        if (p->pos < p->len && p->s[p->pos] == close) {
            p->pos++;
            return n;
        }
        fail_at(p, p->pos, "expected ',' or '%c'", close);
        break;
    }
    tnode_free(n);
    return NULL;
}

/* true, false, null or a number: the token's text, checked by jansson. */
static tnode_t *parse_scalar(parser_t *p)
{
    size_t start = p->pos;
    while (p->pos < p->len && (strchr("+-.eE", p->s[p->pos]) ||
                               (p->s[p->pos] >= '0' && p->s[p->pos] <= '9') ||
                               (p->s[p->pos] >= 'a' && p->s[p->pos] <= 'z')) &&
           p->s[p->pos])
        p->pos++;
    json_t *v = p->pos > start ? json_loadb(p->s + start, p->pos - start, JSON_DECODE_ANY, NULL)
                               : NULL;
    if (!v || json_is_object(v) || json_is_array(v) || json_is_string(v)) {
        json_decref(v);
        fail_at(p, start, "expected a JSON value (a string, number, object, array, true, false "
                "or null)");
        return NULL;
    }
    tnode_t *n = xcalloc(1, sizeof *n);
    n->kind = TN_LITERAL;
    n->literal = v;
    return n;
}

static tnode_t *parse_value(parser_t *p, int depth)
{
    skip_ws(p);
    if (depth > MAX_DEPTH) {
        fail_at(p, p->pos, "nested deeper than %d levels", MAX_DEPTH);
        return NULL;
    }
    if (p->pos >= p->len) {
        fail_at(p, p->pos, "unexpected end of the template");
        return NULL;
    }
    char c = p->s[p->pos];
    if (c == '{' || c == '[')
        return parse_container(p, depth, c == '{');
    if (c == '"')
        return parse_string(p);
    return parse_scalar(p);
}

ks_template_t *template_compile(const char *text, size_t len, char *err)
{
    parser_t p = {text, len, 0, err, false};
    tnode_t *root = parse_value(&p, 0);
    if (root) {
        skip_ws(&p);
        if (p.pos < len) {
            fail_at(&p, p.pos, "unexpected text after the template's JSON value");
            tnode_free(root);
            return NULL;
        }
    }
    if (!root)
        return NULL;
    ks_template_t *t = xcalloc(1, sizeof *t);
    t->root = root;
    return t;
}

int template_is_object(const ks_template_t *t)
{
    return t->root->kind == TN_OBJECT;
}
