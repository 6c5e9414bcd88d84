/* See rebalance.h. Only Stable (and Empty) assignments are compared: while
 * a group rebalances, describe shows members with half-made or empty
 * assignments, and diffing those would mark everything as moved twice. */
#include "core/rebalance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sanitize.h"

/* Events added by the current rebalance_update call. */
static int events_added;

struct rebalance_tracker {
    rb_group_t *groups;
    int ngroups;
};

rebalance_tracker_t *rebalance_new(void)
{
    return xcalloc(1, sizeof(rebalance_tracker_t));
}

static void free_owners(rb_owner_t *o, int n)
{
    for (int i = 0; i < n; i++) {
        free(o[i].topic);
        free(o[i].member_id);
    }
    free(o);
}

void rebalance_free(rebalance_tracker_t *rt)
{
    if (!rt)
        return;
    for (int i = 0; i < rt->ngroups; i++) {
        rb_group_t *g = &rt->groups[i];
        free(g->id);
        free(g->state);
        free_owners(g->owners, g->nowners);
        for (int j = 0; j < g->nlog; j++)
            free(g->log[j].text);
    }
    free(rt->groups);
    free(rt);
}

static rb_group_t *find(const rebalance_tracker_t *rt, const char *id)
{
    for (int i = 0; i < rt->ngroups; i++)
        if (!strcmp(rt->groups[i].id, id))
            return &rt->groups[i];
    return NULL;
}

const rb_group_t *rebalance_group(const rebalance_tracker_t *rt, const char *group_id)
{
    return group_id ? find(rt, group_id) : NULL;
}

static const rb_owner_t *owner_of(const rb_owner_t *o, int n, const char *topic, int32_t p)
{
    for (int i = 0; i < n; i++)
        if (o[i].partition == p && !strcmp(o[i].topic, topic))
            return &o[i];
    return NULL;
}

bool rebalance_moved(const rb_group_t *g, const char *topic, int32_t partition)
{
    const rb_owner_t *o = g ? owner_of(g->owners, g->nowners, topic, partition) : NULL;
    return o && o->moved;
}

static void add_event(rb_group_t *g, const ks_group_t *sg, int number, char *text,
                      rebalance_event_fn on_event, void *opaque)
{
    if (g->nlog == REBALANCE_LOG) {
        free(g->log[0].text);
        memmove(g->log, g->log + 1, (REBALANCE_LOG - 1) * sizeof g->log[0]);
        g->nlog--;
    }
    rebalance_event_t *ev = &g->log[g->nlog++];
    events_added++;
    ev->when_ms = now_ms();
    ev->number = number;
    ev->members = sg->nmembers;
    ev->epoch = sg->epoch > 0 ? sg->epoch : 0;
    ev->consumer = sg->type && !strcmp(sg->type, "consumer");
    ev->text = text;
    if (on_event)
        on_event(opaque, g->id, ev);
}

static bool has_member(const rb_owner_t *o, int n, const char *member)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(o[i].member_id, member))
            return true;
    return false;
}

static const char *member_name(const ks_group_t *sg, const char *member_id)
{
    for (int i = 0; i < sg->nmembers; i++)
        if (!strcmp(sg->members[i].member_id, member_id))
            return sg->members[i].client_id && *sg->members[i].client_id
                       ? sg->members[i].client_id : member_id;
    return member_id;
}

/* Diffs the group's new stable assignment with the previous one. */
static void diff_stable(rb_group_t *g, const ks_group_t *sg, rebalance_event_fn on_event,
                        void *opaque)
{
    int n = 0;
    for (int i = 0; i < sg->nmembers; i++)
        n += sg->members[i].nassigned;
    rb_owner_t *now = xcalloc((size_t)(n ? n : 1), sizeof *now);
    int k = 0;
    for (int i = 0; i < sg->nmembers; i++) {
        const ks_member_t *m = &sg->members[i];
        for (int j = 0; j < m->nassigned; j++) {
            now[k].topic = xstrdup(m->assigned[j].topic);
            now[k].partition = m->assigned[j].partition;
            now[k].member_id = xstrdup(m->member_id);
            k++;
        }
    }
    if (!g->have_stable) {
        /* First sight: nothing moved yet, but say what is there. */
        g->owners = now;
        g->nowners = n;
        g->have_stable = true;
        strbuf_t sb;
        sb_init(&sb);
        sb_printf(&sb, "seen %s with %d member%s", sg->state ? sg->state : "?", sg->nmembers,
                  sg->nmembers == 1 ? "" : "s");
        add_event(g, sg, 0, sb_steal(&sb), on_event, opaque);
        return;
    }
    int moved = 0;
    for (int i = 0; i < n; i++) {
        const rb_owner_t *before = owner_of(g->owners, g->nowners, now[i].topic, now[i].partition);
        now[i].moved = !before || strcmp(before->member_id, now[i].member_id);
        moved += now[i].moved;
    }
    int revoked = 0; /* partitions that lost their owner entirely */
    for (int i = 0; i < g->nowners; i++)
        if (!owner_of(now, n, g->owners[i].topic, g->owners[i].partition))
            revoked++;
    strbuf_t who;
    sb_init(&who);
    for (int i = 0; i < n; i++) {
        if (has_member(g->owners, g->nowners, now[i].member_id) ||
            (i > 0 && has_member(now, i, now[i].member_id)))
            continue;
        sb_adds(&who, who.len ? " +" : "+");
        sanitize_append(&who, member_name(sg, now[i].member_id), strlen(member_name(sg, now[i].member_id)));
    }
    for (int i = 0; i < g->nowners; i++) {
        if (has_member(now, n, g->owners[i].member_id) ||
            (i > 0 && has_member(g->owners, i, g->owners[i].member_id)))
            continue;
        sb_adds(&who, who.len ? " -" : "-");
        /* Gone from the group: only its id is left to name it. */
        sanitize_append(&who, g->owners[i].member_id, strlen(g->owners[i].member_id));
    }
    if (moved == 0 && revoked == 0 && who.len == 0) {
        free_owners(now, n);
        sb_free(&who);
        return;
    }
    free_owners(g->owners, g->nowners);
    g->owners = now;
    g->nowners = n;
    g->rebalances++;
    strbuf_t sb;
    sb_init(&sb);
    sb_printf(&sb, "%d member%s", sg->nmembers, sg->nmembers == 1 ? "" : "s");
    if (who.len)
        sb_printf(&sb, " (%s)", who.buf);
    sb_printf(&sb, ", %d partition%s moved", moved, moved == 1 ? "" : "s");
    if (revoked)
        sb_printf(&sb, ", %d unassigned", revoked);
    sb_free(&who);
    add_event(g, sg, g->rebalances, sb_steal(&sb), on_event, opaque);
}

int rebalance_update(rebalance_tracker_t *rt, const ks_snapshot_t *snap,
                     rebalance_event_fn on_event, void *opaque)
{
    if (!snap || (snap->error && snap->nbrokers == 0))
        return 0; /* an unreachable cluster is not a rebalance */
    events_added = 0;
    for (int i = 0; i < snap->ngroups; i++) {
        const ks_group_t *sg = &snap->groups[i];
        if (sg->error)
            continue;
        rb_group_t *g = find(rt, sg->id);
        if (!g) {
            rt->groups = xrealloc(rt->groups, (size_t)(rt->ngroups + 1) * sizeof *rt->groups);
            g = &rt->groups[rt->ngroups++];
            memset(g, 0, sizeof *g);
            g->id = xstrdup(sg->id);
        }
        const char *state = sg->state ? sg->state : "";
        if (g->state && strcmp(g->state, state)) {
            char *s_old = sanitize_str(g->state), *s_new = sanitize_str(state);
            char *text = xasprintf("state %s -> %s", s_old, s_new);
            free(s_old);
            free(s_new);
            add_event(g, sg, 0, text, on_event, opaque);
        }
        free(g->state);
        g->state = xstrdup(state);
        if (!strcmp(state, "Stable") || !strcmp(state, "Empty"))
            diff_stable(g, sg, on_event, opaque);
    }
    return events_added;
}

void rebalance_label(const rebalance_event_t *ev, char *buf, size_t size)
{
    if (ev->epoch > 0)
        snprintf(buf, size, "%s %d", ev->consumer ? "epoch" : "generation", (int)ev->epoch);
    else if (ev->number > 0)
        snprintf(buf, size, "#%d", ev->number);
    else
        snprintf(buf, size, "%s", "");
}
