/* src/kafka/offsets.c: how queries are split into requests (pure), then the
 * batched ListOffsets against the embedded demo cluster, and the one
 * deadline against a bootstrap that never answers. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "kafka/client.h"
#include "kafka/offsets.h"
#include "world/embedded.h"

static void test_rounds(void)
{
    int round[6];
    CHECK(offsets_rounds(NULL, 0, round) == 0);

    ks_offset_query_t q[6] = {
        {.topic = "b", .partition = 0, .spec = OFFSETS_EARLIEST},
        {.topic = "a", .partition = 1, .spec = OFFSETS_EARLIEST},
        {.topic = "b", .partition = 0, .spec = OFFSETS_LATEST},
        {.topic = "a", .partition = 0, .spec = 1000},
        {.topic = "b", .partition = 0, .spec = OFFSETS_MAX_TIMESTAMP},
        {.topic = "a", .partition = 1, .spec = OFFSETS_LATEST},
    };
    CHECK(offsets_rounds(q, 6, round) == 3);
    /* Repeats of a partition go to later rounds, in the caller's order. */
    CHECK(round[0] == 0 && round[2] == 1 && round[4] == 2);
    CHECK(round[1] == 0 && round[5] == 1);
    CHECK(round[3] == 0);
    CHECK(offsets_rounds(q, 2, round) == 1);
}

static void test_bad_input(ks_client_t *c)
{
    char err[KS_ERRLEN] = "";
    ks_offset_query_t q = {.topic = "t", .partition = -1, .spec = OFFSETS_LATEST};
    CHECK(offsets_list(c, &q, 1, mono_ms() + 1000, err) == -1);
    CHECK(strstr(err, "invalid partition -1") != NULL);
    q = (ks_offset_query_t){.topic = "t", .partition = 0, .spec = -7};
    CHECK(offsets_list(c, &q, 1, mono_ms() + 1000, err) == -1);
    CHECK(strstr(err, "invalid offset spec") != NULL);
    CHECK(offsets_list(c, NULL, 0, mono_ms() + 1000, err) == 0);
}

static void test_demo_cluster(void)
{
    char err[KS_ERRLEN] = "";
    ks_config_t cfg;
    config_init(&cfg);
    ks_client_t *c = embedded_client_new(&cfg, err);
    CHECK(c != NULL);
    if (!c) {
        config_free(&cfg);
        return;
    }
    test_bad_input(c);

    /* The demo traffic fills pizza-orders (6 partitions) within a few seconds. */
    int32_t parts[6] = {0, 1, 2, 3, 4, 5};
    int64_t low[6], high[6], total = 0;
    for (int tries = 0; tries < 100 && total == 0; tries++) {
        CHECK(offsets_watermarks(c, "pizza-orders", parts, 6, low, high, mono_ms() + 10000, err) ==
              0);
        total = 0;
        for (int i = 0; i < 6; i++)
            total += high[i] - low[i];
        if (total == 0)
            sleep_ms(100);
    }
    CHECK(total > 0);
    for (int i = 0; i < 6; i++)
        CHECK(low[i] >= 0 && high[i] >= low[i]);

    /* Several topics and specs in one call, with one bad partition whose
     * error stays its own. */
    ks_offset_query_t q[5] = {
        {.topic = "pizza-orders", .partition = 0, .spec = OFFSETS_EARLIEST},
        {.topic = "pizza-orders", .partition = 0, .spec = OFFSETS_LATEST},
        {.topic = "pizza-orders", .partition = 0, .spec = now_ms() + 3600 * 1000},
        {.topic = "playground", .partition = 0, .spec = OFFSETS_LATEST},
        {.topic = "pizza-orders", .partition = 99, .spec = OFFSETS_LATEST},
    };
    CHECK(offsets_list(c, q, 5, mono_ms() + 10000, err) == 0);
    CHECK(q[0].err == 0 && q[0].offset >= 0);
    CHECK(q[1].err == 0 && q[1].offset >= q[0].offset);
    CHECK(q[2].err == 0 && q[2].offset == -1); /* nothing an hour from now */
    CHECK(q[3].err == 0 && q[3].offset == 0);  /* playground stays empty */
    CHECK(q[4].err != 0);
    CHECK(offsets_first_error(c, q, 5, "offsets", err) == -1);
    CHECK(strstr(err, "pizza-orders:99") != NULL);
    CHECK(offsets_watermarks(c, "pizza-orders", (int32_t[]){99}, 1, low, high,
                             mono_ms() + 10000, err) == -1);

    /* (The mock answers every time lookup with -1, so time lookups within
     * the log are checked against the real broker: tests/integration.) */
    client_free(c);
    config_free(&cfg);
}

/* Nothing listens on the bootstrap: the call ends by the deadline with
 * every query marked, however many partitions it names. */
static void test_deadline(void)
{
    char err[KS_ERRLEN] = "";
    ks_config_t cfg;
    config_init(&cfg);
    cfg.bootstrap = xstrdup("127.0.0.1:1");
    ks_client_t *c = client_new(&cfg, NULL, err);
    CHECK(c != NULL);
    if (!c) {
        config_free(&cfg);
        return;
    }
    ks_offset_query_t q[40];
    for (int i = 0; i < 40; i++)
        q[i] = (ks_offset_query_t){.topic = "t", .partition = i % 20,
                                   .spec = i < 20 ? OFFSETS_EARLIEST : OFFSETS_LATEST};
    int64_t start = mono_ms();
    CHECK(offsets_list(c, q, 40, start + 1500, err) == -1);
    int64_t took = mono_ms() - start;
    CHECK(took >= 900 && took < 2500);
    CHECK(strstr(err, "offsets of t") != NULL);
    bool all_marked = true;
    for (int i = 0; i < 40; i++)
        all_marked &= q[i].err != 0 && q[i].offset == -1;
    CHECK(all_marked);
    /* A deadline already past fails at once. */
    start = mono_ms();
    CHECK(offsets_list(c, q, 1, start - 1, err) == -1);
    CHECK(mono_ms() - start < 100);
    client_free(c);
    config_free(&cfg);
}

int main(void)
{
    test_rounds();
    test_demo_cluster();
    test_deadline();
    return check_summary();
}
