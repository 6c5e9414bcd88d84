#include <stdlib.h>

#include "check.h"
#include "kafka/template.h"
#include "base/util.h"

static ks_template_t *compile(const char *text, char *err)
{
    return template_compile(text, strlen(text), err);
}

/* Renders text once and returns the compact JSON (caller frees). */
static char *render1(const char *text, int64_t seq, uint64_t seed)
{
    char err[KS_ERRLEN];
    ks_template_t *t = compile(text, err);
    if (!t) {
        fprintf(stderr, "compile failed: %s\n", err);
        return NULL;
    }
    ks_rng_t rng;
    rng_seed(&rng, seed);
    json_t *v = template_render(t, seq, 1700000000123LL, &rng);
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    json_decref(v);
    template_free(t);
    return s;
}

static void expect_render(const char *text, const char *want)
{
    char *got = render1(text, 7, 1);
    CHECK_STR(got, want);
    free(got);
}

static void expect_error(const char *text, const char *want_prefix)
{
    char err[KS_ERRLEN] = "";
    ks_template_t *t = compile(text, err);
    CHECK(t == NULL);
    template_free(t);
    if (strncmp(err, want_prefix, strlen(want_prefix))) {
        check_failed++;
        fprintf(stderr, "error \"%s\" does not start with \"%s\"\n", err, want_prefix);
    } else {
        check_passed++;
    }
}

/* Renders the whole-string placeholder n times and checks each value. */
static void each_value(const char *ph, int n, void (*check)(json_t *v, void *arg), void *arg)
{
    char text[256], err[KS_ERRLEN];
    snprintf(text, sizeof text, "{\"value\":\"%s\"}", ph);
    ks_template_t *t = compile(text, err);
    CHECK(t != NULL);
    if (!t)
        return;
    ks_rng_t rng;
    rng_seed(&rng, 42);
    for (int i = 0; i < n; i++) {
        json_t *o = template_render(t, i + 1, 1700000000123LL, &rng);
        check(json_object_get(o, "value"), arg);
        json_decref(o);
    }
    template_free(t);
}

static int seen_lo, seen_hi, bad;
static void check_int_1_3(json_t *v, void *arg)
{
    (void)arg;
    if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 3)
        bad++;
    else if (json_integer_value(v) == 1)
        seen_lo++;
    else if (json_integer_value(v) == 3)
        seen_hi++;
}

static void check_float(json_t *v, void *arg)
{
    (void)arg;
    double d = json_is_real(v) ? json_real_value(v) : -1;
    /* two decimals, in range */
    if (d < 5.0 || d > 20.5 || (long long)(d * 100 + 0.5) % 1 != 0)
        bad++;
    char buf[32];
    snprintf(buf, sizeof buf, "%.2f", d);
    if (strtod(buf, NULL) != d)
        bad++;
}

static int count_a, count_b;
static void check_weighted(json_t *v, void *arg)
{
    (void)arg;
    const char *s = json_string_value(v);
    if (s && !strcmp(s, "a"))
        count_a++;
    else if (s && !strcmp(s, "b"))
        count_b++;
    else
        bad++;
}

static void check_pick(json_t *v, void *arg)
{
    (void)arg;
    if (!(json_is_string(v) && !strcmp(json_string_value(v), "x")) &&
        !(json_is_integer(v) && json_integer_value(v) == 2) &&
        !(json_is_real(v) && json_real_value(v) == 2.5))
        bad++;
}

static void check_uuid(json_t *v, void *arg)
{
    (void)arg;
    const char *s = json_string_value(v);
    if (!s || strlen(s) != 36 || s[8] != '-' || s[13] != '-' || s[14] != '4' || s[18] != '-' ||
        !strchr("89ab", s[19]) || s[23] != '-')
        bad++;
}

static void check_word(json_t *v, void *arg)
{
    (void)arg;
    const char *s = json_string_value(v);
    if (!s || !*s || strchr(s, ' ') != (arg ? strchr(s, ' ') : NULL))
        bad++;
    if (arg && (!s || !strchr(s, ' ')))
        bad++; /* a name is first and last */
}

int main(void)
{
    /* literals pass through; order of keys kept */
    expect_render("{\"key\":\"k\",\"value\":{\"a\":[1,2.5,true,null,\"x\"]}}",
                  "{\"key\":\"k\",\"value\":{\"a\":[1,2.5,true,null,\"x\"]}}");
    /* escapes decode */
    expect_render("{\"value\":\"a\\\"b\\n\\u00e9\\ud83d\\ude00\"}",
                  "{\"value\":\"a\\\"b\\n\u00e9\U0001F600\"}");
    /* whole-string placeholders are typed; inside text they are text */
    expect_render("{\"value\":\"{{seq}}\"}", "{\"value\":7}");
    expect_render("{\"value\":\"order-{{seq}}\"}", "{\"value\":\"order-7\"}");
    expect_render("{\"value\":\"{{now_ms}}\"}", "{\"value\":1700000000123}");
    expect_render("{\"value\":\"{{now}}\"}", "{\"value\":\"2023-11-14T22:13:20.123Z\"}");
    expect_render("{\"value\":\"at {{ now }}!\"}", "{\"value\":\"at 2023-11-14T22:13:20.123Z!\"}");
    expect_render("{\"value\":\"{{int 5 5}}\"}", "{\"value\":5}");
    expect_render("{\"value\":\"n={{int -3 -3}}\"}", "{\"value\":\"n=-3\"}");
    expect_render("{\"value\":\"{{float 2.50 2.50}}\"}", "{\"value\":2.5}");
    expect_render("{\"value\":\"EUR {{float 3 3}}\"}", "{\"value\":\"EUR 3.00\"}");
    expect_render("{\"value\":\"{{pick \\\"only\\\"}}\"}", "{\"value\":\"only\"}");
    expect_render("{\"value\":\"{{pick 42}}\"}", "{\"value\":42}");
    expect_render("{\"value\":\"{{weighted \\\"a\\\":0 \\\"b\\\":1}}\"}", "{\"value\":\"b\"}");
    expect_render("{\"{{pick \\\"k\\\"}}-{{seq}}\":\"v\"}", "{\"k-7\":\"v\"}");
    expect_render("[\"{{seq}}\", {\"x\":{}} , []]", "[7,{\"x\":{}},[]]");
    expect_render("\"{ {} }}\"", "\"{ {} }}\"");

    /* random placeholders stay in range and cover it */
    each_value("{{int 1 3}}", 300, check_int_1_3, NULL);
    CHECK(bad == 0 && seen_lo > 0 && seen_hi > 0);
    each_value("{{int -9223372036854775808 9223372036854775807}}", 10, check_pick, NULL);
    bad = 0;
    each_value("{{float 5 20.5}}", 300, check_float, NULL);
    CHECK(bad == 0);
    each_value("{{weighted \\\"a\\\":3 \\\"b\\\":1}}", 4000, check_weighted, NULL);
    CHECK(bad == 0 && count_a > 2 * count_b && count_b > 500);
    each_value("{{pick \\\"x\\\" 2 2.5}}", 100, check_pick, NULL);
    CHECK(bad == 0);
    each_value("{{uuid}}", 100, check_uuid, NULL);
    CHECK(bad == 0);
    each_value("{{word}}", 50, check_word, NULL);
    CHECK(bad == 0);
    each_value("{{name}}", 50, check_word, "name");
    CHECK(bad == 0);

    /* the same seed renders the same; uuids differ between records */
    char *a = render1("{\"value\":\"{{uuid}} {{name}} {{float 0 1}}\"}", 1, 9);
    char *b = render1("{\"value\":\"{{uuid}} {{name}} {{float 0 1}}\"}", 1, 9);
    char *c = render1("{\"value\":\"{{uuid}} {{name}} {{float 0 1}}\"}", 1, 10);
    CHECK(a && b && c && !strcmp(a, b) && strcmp(a, c));
    free(a);
    free(b);
    free(c);

    /* errors name line and column */
    expect_error("{\n  \"value\": \"{{nope}}\"\n}", "line 2, column 15: unknown placeholder 'nope'");
    expect_error("{\"value\": \"x {{seq\"}", "line 1, column 14: '{{' without a closing '}}'");
    expect_error("{\"value\": \"{{int 1}}\"}", "line 1, column 12: {{int A B}} needs two numbers");
    expect_error("{\"value\": \"{{int 1 x}}\"}", "line 1, column 20: {{int A B}}: 'x' is not");
    expect_error("{\"value\": \"{{int 5 1}}\"}", "line 1, column 18: {{int A B}}: A is greater");
    expect_error("{\"value\": \"{{float a 1}}\"}", "line 1, column 20: {{float A B}}: 'a'");
    expect_error("{\"value\": \"{{pick}}\"}", "line 1, column 12: {{pick}} needs at least one");
    expect_error("{\"value\": \"{{pick foo}}\"}", "line 1, column 19: {{pick}}: a choice is");
    expect_error("{\"value\": \"{{weighted \\\"a\\\"}}\"}", "line 1, column 23: {{weighted}}: each");
    expect_error("{\"value\": \"{{weighted \\\"a\\\":0}}\"}", "line 1, column 12: {{weighted}}: the weights");
    expect_error("{\"value\": \"{{seq 1}}\"}", "line 1, column 18: unexpected text in {{seq}}");
    expect_error("{\"value\": \"{{pick \\\"a}}\"}", "line 1, column 12: unterminated quoted");
    expect_error("{\"value\": 1,}", "line 1, column 13: expected a \"key\"");
    expect_error("{\"value\" 1}", "line 1, column 10: expected ':'");
    expect_error("{\"value\": [1 2]}", "line 1, column 14: expected ',' or ']'");
    expect_error("{\"value\": tru}", "line 1, column 11: expected a JSON value");
    expect_error("{\"value\": \"abc", "line 1, column 15: unterminated string");
    expect_error("{\"value\": \"a\\qb\"}", "line 1, column 13: invalid escape");
    expect_error("{\"value\": \"\\ud800x\"}", "line 1, column 12: a high surrogate");
    expect_error("{\"value\": \"\xff\"}", "line 1, column 12: the string is not valid UTF-8");
    expect_error("{} {}", "line 1, column 4: unexpected text after");
    expect_error("{\"value\": \"x{{seq}} {{\"}", "line 1, column 21: '{{' without");
    expect_error("", "line 1, column 1: unexpected end");
    char deep[200];
    memset(deep, '[', sizeof deep - 1);
    deep[sizeof deep - 1] = '\0';
    expect_error(deep, "line 1, column 66: nested deeper than 64");
    return check_summary();
}
