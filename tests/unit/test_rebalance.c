/* The rebalance log (ui/core/rebalance.c): first sight, moved partitions,
 * members joining and leaving, state changes, labels, the log's bound, and
 * hostile member names reaching the log sanitized. Snapshots are built by
 * hand: one group on topic "t". */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/rebalance.h"

/* owner[p]: index into members of partition p's owner, -1: unassigned. */
typedef struct {
    const char *state;
    const char *members[4];
    int owner[6];
    int npartitions;
    int32_t epoch;
    const char *type;
} group_spec_t;

static ks_snapshot_t *make_snapshot(const group_spec_t *gs)
{
    ks_snapshot_t *s = xcalloc(1, sizeof *s);
    s->nbrokers = 1;
    s->ngroups = 1;
    s->groups = xcalloc(1, sizeof *s->groups);
    ks_group_t *g = &s->groups[0];
    g->id = xstrdup("g1");
    g->state = xstrdup(gs->state);
    g->epoch = gs->epoch;
    g->type = gs->type ? xstrdup(gs->type) : NULL;
    while (g->nmembers < 4 && gs->members[g->nmembers])
        g->nmembers++;
    g->members = xcalloc((size_t)(g->nmembers ? g->nmembers : 1), sizeof *g->members);
    for (int m = 0; m < g->nmembers; m++) {
        ks_member_t *mm = &g->members[m];
        mm->member_id = xasprintf("id-%s", gs->members[m]);
        mm->client_id = xstrdup(gs->members[m]);
        mm->assigned = xcalloc(6, sizeof *mm->assigned);
        for (int p = 0; p < gs->npartitions; p++)
            if (gs->owner[p] == m) {
                mm->assigned[mm->nassigned].topic = xstrdup("t");
                mm->assigned[mm->nassigned++].partition = p;
            }
    }
    return s;
}

static void free_snapshot(ks_snapshot_t *s)
{
    ks_group_t *g = &s->groups[0];
    for (int m = 0; m < g->nmembers; m++) {
        for (int j = 0; j < g->members[m].nassigned; j++)
            free(g->members[m].assigned[j].topic);
        free(g->members[m].assigned);
        free(g->members[m].member_id);
        free(g->members[m].client_id);
    }
    free(g->members);
    free(g->id);
    free(g->state);
    free(g->type);
    free(s->groups);
    free(s);
}

/* Events the callback saw, as "group: text". */
typedef struct {
    int n;
    char last[256];
} seen_t;

static void on_event(void *opaque, const char *group_id, const rebalance_event_t *ev)
{
    seen_t *seen = opaque;
    seen->n++;
    snprintf(seen->last, sizeof seen->last, "%s: %s", group_id, ev->text);
}

static int update(rebalance_tracker_t *rt, const group_spec_t *gs, seen_t *seen)
{
    ks_snapshot_t *s = make_snapshot(gs);
    int n = rebalance_update(rt, s, on_event, seen);
    free_snapshot(s);
    return n;
}

int main(void)
{
    rebalance_tracker_t *rt = rebalance_new();
    seen_t seen = {0};

    /* First sight of a stable group: an event saying what is there, nothing moved. */
    group_spec_t two = {.state = "Stable", .members = {"c1", "c2"},
                        .owner = {0, 0, 0, 1, 1, 1}, .npartitions = 6};
    CHECK(update(rt, &two, &seen) == 1);
    CHECK_STR(seen.last, "g1: seen Stable with 2 members");
    const rb_group_t *g = rebalance_group(rt, "g1");
    CHECK(g != NULL);
    CHECK(g && g->nowners == 6 && g->rebalances == 0 && g->nlog == 1);
    CHECK(!rebalance_moved(g, "t", 0));
    char label[64];
    rebalance_label(&g->log[0], label, sizeof label);
    CHECK_STR(label, ""); /* not a rebalance */

    /* The same assignment again: no event. */
    CHECK(update(rt, &two, &seen) == 0);
    CHECK(seen.n == 1);

    /* c3 joins and takes partitions 2 and 5: a rebalance with 2 moved. */
    group_spec_t three = {.state = "Stable", .members = {"c1", "c2", "c3"},
                          .owner = {0, 0, 2, 1, 1, 2}, .npartitions = 6};
    CHECK(update(rt, &three, &seen) == 1);
    CHECK_STR(seen.last, "g1: 3 members (+c3), 2 partitions moved");
    g = rebalance_group(rt, "g1");
    CHECK(rebalance_moved(g, "t", 2) && rebalance_moved(g, "t", 5));
    CHECK(!rebalance_moved(g, "t", 0) && !rebalance_moved(g, "t", 3));
    CHECK(!rebalance_moved(g, "other", 2));
    CHECK(g->rebalances == 1);
    rebalance_label(&g->log[g->nlog - 1], label, sizeof label);
    CHECK_STR(label, "#1");

    /* While it rebalances: a state change, but no diff of half-made assignments. */
    group_spec_t preparing = {.state = "PreparingRebalance", .members = {"c1"},
                              .owner = {-1, -1, -1, -1, -1, -1}, .npartitions = 6};
    CHECK(update(rt, &preparing, &seen) == 1);
    CHECK_STR(seen.last, "g1: state Stable -> PreparingRebalance");
    CHECK(rebalance_group(rt, "g1")->rebalances == 1);

    /* c2 and c3 left (gone from the group: named by member id); c1 owns everything. */
    group_spec_t one = {.state = "Stable", .members = {"c1"}, .owner = {0, 0, 0, 0, 0, 0},
                        .npartitions = 6, .epoch = 7, .type = "consumer"};
    CHECK(update(rt, &one, &seen) == 2); /* the state change and the rebalance */
    CHECK_STR(seen.last, "g1: 1 member (-id-c2 -id-c3), 4 partitions moved");
    g = rebalance_group(rt, "g1");
    rebalance_label(&g->log[g->nlog - 1], label, sizeof label);
    CHECK_STR(label, "epoch 7"); /* the group's own number wins when known */

    /* Partitions lose their owner: counted as unassigned. */
    group_spec_t fewer = {.state = "Stable", .members = {"c1"}, .owner = {0, 0, 0, -1, -1, -1},
                          .npartitions = 6};
    CHECK(update(rt, &fewer, &seen) == 1);
    CHECK_STR(seen.last, "g1: 1 member, 0 partitions moved, 3 unassigned");

    /* The log keeps the last REBALANCE_LOG events, oldest first. */
    for (int i = 0; i < REBALANCE_LOG + 2; i++)
        update(rt, i % 2 ? &fewer : &one, &seen);
    g = rebalance_group(rt, "g1");
    CHECK(g->nlog == REBALANCE_LOG);
    CHECK(g->log[0].when_ms <= g->log[REBALANCE_LOG - 1].when_ms);
    CHECK_STR(g->log[REBALANCE_LOG - 1].text, seen.last + strlen("g1: "));

    /* A hostile client id reaches the log sanitized (no raw escape byte). */
    group_spec_t evil = {.state = "Stable", .members = {"c1", "\x1b[2Jevil"},
                         .owner = {0, 0, 0, 1, 1, 1}, .npartitions = 6};
    CHECK(update(rt, &evil, &seen) == 1);
    CHECK(strchr(seen.last, '\x1b') == NULL);
    CHECK(strstr(seen.last, "evil") != NULL);

    /* An unreachable cluster (error, no brokers) is not a rebalance. */
    ks_snapshot_t down = {.error = "unreachable"};
    CHECK(rebalance_update(rt, &down, on_event, &seen) == 0);
    CHECK(rebalance_group(rt, "nope") == NULL);
    CHECK(rebalance_group(rt, NULL) == NULL);

    rebalance_free(rt);
    return check_summary();
}
