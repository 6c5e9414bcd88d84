/* Generated Avro data: every value encodes with its schema and decodes
 * back, over many seeds, for a schema with every type. */
#include <stdlib.h>

#include "check.h"
#include "decode/avro/kavro_gen.h"

static void roundtrip_many(const char *file, int n, int *nulls, int *strings)
{
    char err[KS_ERRLEN];
    char path[512];
    snprintf(path, sizeof path, "%s/%s", KS_TEST_DATA, file);
    kavro_schema_t *s = kavro_schema_load_file(path, err);
    CHECK(s != NULL);
    if (!s)
        return;
    ks_rng_t rng;
    rng_seed(&rng, 7);
    int bad = 0;
    for (int i = 0; i < n; i++) {
        json_t *v = kavro_generate(s, &rng, err);
        strbuf_t sb;
        sb_init(&sb);
        json_t *back = NULL;
        if (!v || kavro_encode(s, v, &sb, err) || kavro_decode(s, NULL, sb.buf, sb.len, &back, err)) {
            if (bad++ < 3)
                fprintf(stderr, "%s #%d: %s\n", file, i, err);
        } else if (nulls && strings) {
            json_t *maybe = json_object_get(back, "maybe");
            *nulls += json_is_null(maybe);
            *strings += json_is_string(maybe);
        }
        /* the decoded form encodes and decodes to itself (not always to the
         * same bytes: an untagged "RED" may take a union's string branch) */
        strbuf_t again;
        sb_init(&again);
        json_t *back2 = NULL;
        if (back && (kavro_encode(s, back, &again, err) ||
                     kavro_decode(s, NULL, again.buf, again.len, &back2, err) ||
                     !json_equal(back, back2))) {
            if (bad++ < 3)
                fprintf(stderr, "%s #%d: the decoded value does not round trip: %s\n", file, i,
                        err);
        }
        json_decref(back2);
        sb_free(&again);
        sb_free(&sb);
        json_decref(v);
        json_decref(back);
    }
    CHECK(bad == 0);
    kavro_schema_free(s);
}

int main(void)
{
    int nulls = 0, strings = 0;
    roundtrip_many("all_types.avsc", 500, &nulls, &strings);
    CHECK(nulls > 50 && strings > 50); /* both union branches come up */
    roundtrip_many("cart_updates.avsc", 200, NULL, NULL);

    /* a record that must contain itself has no finite value: an error, no hang */
    char err[KS_ERRLEN] = "";
    const char *loop = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"R\"},"
                       "{\"name\":\"b\",\"type\":\"R\"}]}";
    kavro_schema_t *s = kavro_schema_parse(loop, strlen(loop), err);
    if (s) {
        ks_rng_t rng;
        rng_seed(&rng, 1);
        json_t *v = kavro_generate(s, &rng, err);
        CHECK(v == NULL && strstr(err, "contains itself"));
        json_decref(v);
        kavro_schema_free(s);
    }
    /* same seed, same data */
    const char *simple = "{\"type\":\"record\",\"name\":\"S\",\"fields\":[{\"name\":\"x\",\"type\":"
                         "\"long\"},{\"name\":\"e\",\"type\":{\"type\":\"enum\",\"name\":\"E\","
                         "\"symbols\":[\"A\",\"B\"]}}]}";
    s = kavro_schema_parse(simple, strlen(simple), err);
    CHECK(s != NULL);
    ks_rng_t r1, r2;
    rng_seed(&r1, 5);
    rng_seed(&r2, 5);
    json_t *a = kavro_generate(s, &r1, err), *b = kavro_generate(s, &r2, err);
    CHECK(a && b && json_equal(a, b));
    json_decref(a);
    json_decref(b);
    kavro_schema_free(s);
    return check_summary();
}
