/* Rendering a compiled template (template_tree.h): one JSON value per
 * record, placeholders filled from the record's sequence number, the time
 * and the random generator. */
#include "kafka/template.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kafka/template_tree.h"
#include "base/util.h"

static const char *const first_names[] = {
    "Ada",   "Alan",  "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken",   "Frances",
    "Edsger", "Radia", "Donald", "Hedy", "John",     "Katherine", "Tim",  "Sophie", "Niklaus",
    "Annie", "Guido", "Jean",  "Leslie", "Mary",    "Marco",  "Yuki",    "Amara", "Priya", "Omar"};
static const char *const last_names[] = {
    "Lovelace", "Turing",  "Hopper",   "Torvalds", "Hamilton", "Ritchie", "Liskov",  "Thompson",
    "Allen",    "Dijkstra", "Perlman", "Knuth",    "Lamarr",   "McCarthy", "Johnson", "Wilson",
    "Rossi",    "Wirth",   "Easley",   "Sammet",   "Lamport",  "Keller",  "Tanaka",  "Okafor",
    "Sharma",   "Haddad"};
static const char *const words[] = {
    "anchovy", "basil",   "crust",   "dough",  "espresso", "fennel", "garlic", "honey",
    "olive",   "jalapeno", "kale",   "lemon",  "mozzarella", "nutmeg", "oregano", "pepper",
    "quinoa",  "rocket",  "salami",  "tomato", "umami",    "vinegar", "walnut", "yeast",
    "zucchini", "artichoke", "burrata", "caper", "pesto",  "ricotta"};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

typedef struct {
    int64_t seq, now;
    ks_rng_t *rng;
} render_t;

static json_t *pick_choice(const placeholder_t *ph, ks_rng_t *rng)
{
    size_t i;
    if (ph->kind == PH_PICK) {
        i = (size_t)rng_range(rng, 0, (int64_t)ph->nchoices - 1);
    } else {
        int64_t r = rng_range(rng, 0, ph->weights[ph->nchoices - 1] - 1);
        for (i = 0; i + 1 < ph->nchoices && r >= ph->weights[i]; i++)
            ;
    }
    return json_incref(ph->choices[i]);
}

static double round_to(double v, int decimals)
{
    double scale = pow(10, decimals);
    double r = round(v * scale) / scale;
    return isfinite(r) ? r : v;
}

/* The typed value of a placeholder. */
static json_t *ph_value(const placeholder_t *ph, const render_t *r)
{
    char buf[64];
    switch (ph->kind) {
    case PH_SEQ:
        return json_integer(r->seq);
    case PH_NOW_MS:
        return json_integer(r->now);
    case PH_NOW:
        format_iso_ms(r->now, buf, sizeof buf);
        return json_string(buf);
    case PH_UUID:
        rng_uuid(r->rng, buf);
        return json_string(buf);
    case PH_INT:
        return json_integer(rng_range(r->rng, ph->lo, ph->hi));
    case PH_FLOAT: {
        double v = ph->flo + rng_unit(r->rng) * (ph->fhi - ph->flo);
        v = round_to(v, ph->decimals);
        if (v < ph->flo)
            v = ph->flo;
        if (v > ph->fhi)
            v = ph->fhi;
        return json_real(v);
    }
    case PH_PICK:
    case PH_WEIGHTED:
        return pick_choice(ph, r->rng);
    case PH_NAME:
        snprintf(buf, sizeof buf, "%s %s",
                 first_names[rng_range(r->rng, 0, NELEM(first_names) - 1)],
                 last_names[rng_range(r->rng, 0, NELEM(last_names) - 1)]);
        return json_string(buf);
    case PH_WORD:
        return json_string(words[rng_range(r->rng, 0, NELEM(words) - 1)]);
    }
    return json_null();
}

/* A value as text inside a longer string. */
static void append_value(strbuf_t *sb, const placeholder_t *ph, json_t *v)
{
    if (json_is_string(v))
        sb_add(sb, json_string_value(v), json_string_length(v));
    else if (json_is_integer(v))
        sb_addi(sb, json_integer_value(v));
    else if (ph->kind == PH_FLOAT)
        sb_printf(sb, "%.*f", ph->decimals, json_real_value(v));
    else if (json_is_real(v))
        sb_printf(sb, "%.17g", json_real_value(v));
}

static json_t *render_string(const tnode_t *n, const render_t *r, bool typed)
{
    if (typed && n->nsegs == 1 && !n->segs[0].text)
        return ph_value(&n->segs[0].ph, r);
    strbuf_t sb;
    sb_init(&sb);
    for (size_t i = 0; i < n->nsegs; i++) {
        const segment_t *g = &n->segs[i];
        if (g->text) {
            sb_add(&sb, g->text, g->len);
        } else {
            json_t *v = ph_value(&g->ph, r);
            append_value(&sb, &g->ph, v);
            json_decref(v);
        }
    }
    /* valid UTF-8: the parser checked the literal text, and values are ASCII
     * or come from a checked choice */
    json_t *s = json_stringn(sb.buf ? sb.buf : "", sb.len);
    sb_free(&sb);
    return s ? s : json_string("");
}

static json_t *render_node(const tnode_t *n, const render_t *r)
{
    switch (n->kind) {
    case TN_LITERAL:
        return json_incref(n->literal);
    case TN_STRING:
        return render_string(n, r, true);
    case TN_ARRAY: {
        json_t *a = json_array();
        for (size_t i = 0; i < n->nkids; i++)
            json_array_append_new(a, render_node(n->kids[i], r));
        return a;
    }
    case TN_OBJECT: {
        json_t *o = json_object();
        for (size_t i = 0; i + 1 < n->nkids; i += 2) {
            json_t *k = render_string(n->kids[i], r, false);
            json_object_set_new(o, json_string_value(k), render_node(n->kids[i + 1], r));
            json_decref(k);
        }
        return o;
    }
    }
    return json_null();
}

json_t *template_render(const ks_template_t *t, int64_t seq, int64_t now, ks_rng_t *rng)
{
    render_t r = {seq, now, rng};
    return render_node(t->root, &r);
}
