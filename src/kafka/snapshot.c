/* Snapshots: their lifetime (a reference count, the last release frees)
 * and lookups in them. Nothing here knows how a snapshot is fetched. */
#include "kafka/snapshot.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* ---- lifetime ---- */

void group_free_contents(ks_group_t *g)
{
    for (int i = 0; i < g->nmembers; i++) {
        ks_member_t *mb = &g->members[i];
        free(mb->member_id);
        free(mb->client_id);
        free(mb->host);
        for (int j = 0; j < mb->nassigned; j++)
            free(mb->assigned[j].topic);
        free(mb->assigned);
    }
    free(g->members);
    for (int i = 0; i < g->noffsets; i++)
        free(g->offsets[i].topic);
    free(g->offsets);
    free(g->id);
    free(g->state);
    free(g->protocol);
    free(g->type);
    free(g->error);
}

static void snapshot_free(ks_snapshot_t *s)
{
    for (int i = 0; i < s->nbrokers; i++) {
        free(s->brokers[i].host);
        free(s->brokers[i].rack);
    }
    free(s->brokers);
    for (int i = 0; i < s->ntopics; i++) {
        ks_topic_t *t = &s->topics[i];
        for (int j = 0; j < t->npartitions; j++) {
            free(t->partitions[j].replicas);
            free(t->partitions[j].isr);
            free(t->partitions[j].error);
        }
        free(t->partitions);
        free(t->name);
        free(t->error);
    }
    free(s->topics);
    for (int i = 0; i < s->ngroups; i++)
        group_free_contents(&s->groups[i]);
    free(s->groups);
    free(s->cluster_id);
    free(s->error);
    free(s);
}

void snapshot_release(ks_snapshot_t *s)
{
    if (s && atomic_fetch_sub(&s->refs, 1) == 1)
        snapshot_free(s);
}

ks_snapshot_t *snapshot_new(void)
{
    ks_snapshot_t *s = xcalloc(1, sizeof *s);
    atomic_init(&s->refs, 1);
    s->taken_ms = now_ms();
    return s;
}

/* ---- order and lookups ---- */

static int cmp_topic(const void *a, const void *b)
{
    return strcmp(((const ks_topic_t *)a)->name, ((const ks_topic_t *)b)->name);
}

static int cmp_group(const void *a, const void *b)
{
    return strcmp(((const ks_group_t *)a)->id, ((const ks_group_t *)b)->id);
}

static int cmp_broker(const void *a, const void *b)
{
    int32_t x = ((const ks_broker_t *)a)->id, y = ((const ks_broker_t *)b)->id;
    return (x > y) - (x < y);
}

void snapshot_sort_brokers(ks_snapshot_t *s)
{
    qsort(s->brokers, (size_t)s->nbrokers, sizeof *s->brokers, cmp_broker);
}

void snapshot_sort_topics(ks_snapshot_t *s)
{
    qsort(s->topics, (size_t)s->ntopics, sizeof *s->topics, cmp_topic);
}

void snapshot_sort_groups(ks_snapshot_t *s)
{
    if (s->ngroups > 1) /* qsort(NULL, 0) is undefined */
        qsort(s->groups, (size_t)s->ngroups, sizeof *s->groups, cmp_group);
}

const ks_topic_t *snapshot_topic(const ks_snapshot_t *s, const char *name)
{
    ks_topic_t key = {.name = (char *)name};
    return s ? bsearch(&key, s->topics, (size_t)s->ntopics, sizeof key, cmp_topic) : NULL;
}

const ks_group_t *snapshot_group(const ks_snapshot_t *s, const char *id)
{
    for (int i = 0; s && i < s->ngroups; i++)
        if (!strcmp(s->groups[i].id, id))
            return &s->groups[i];
    return NULL;
}

const ks_broker_t *snapshot_broker(const ks_snapshot_t *s, int32_t id)
{
    for (int i = 0; s && i < s->nbrokers; i++)
        if (s->brokers[i].id == id)
            return &s->brokers[i];
    return NULL;
}

void snapshot_add_group(ks_snapshot_t *s, ks_group_t *g)
{
    s->groups = xrealloc(s->groups, (size_t)(s->ngroups + 1) * sizeof *s->groups);
    s->groups[s->ngroups++] = *g;
    memset(g, 0, sizeof *g);
}

const ks_partition_t *snapshot_partition(const ks_snapshot_t *s, const char *topic, int32_t p)
{
    const ks_topic_t *t = snapshot_topic(s, topic);
    if (!t || p < 0 || p >= t->npartitions)
        return NULL;
    return &t->partitions[p];
}
