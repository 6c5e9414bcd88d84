# On a cluster with more partitions than refresh.all.partitions, the
# topics on screen get their watermarks at every refresh and the others
# every fifth one (issue 12). Set to 0 here, so that any cluster counts as
# large; the probe tells the model one topic is on screen.
. "$KS_TESTS/lib.sh"
require_real

hot=$(unique tierhot)
cold=$(unique tiercold)
create_topic "$hot" 1 1
create_topic "$cold" 1 1
# A group that read the topic off screen: its lag uses that topic's
# watermark, so it is as old as the watermark.
group=$(unique tiergroup)
seq 1 5 | kcat -b "$BOOTSTRAP" -P -t "$cold" -p 0
"$KS_ADMIN" "$BOOTSTRAP" commit-many "$group" 1 "$cold" 2

KS_PROBE_X=refresh.all.partitions=0 KS_PROBE_WATCH=$hot \
    "$KS_PROBE" "$BOOTSTRAP" 300 8 "$cold" "$group" >"$T/probe" 2>"$T/probe.err" ||
    fail "the probe failed: $(cat "$T/probe.err")"
# The first refresh asks everything; the ones after it are tiered.
tiered=$(grep -c " tiered=1 " "$T/probe" || true)
[ "$tiered" -ge 10 ] || fail "at least 10 tiered refreshes in 8 s at 300 ms: $tiered ($(tail -n2 "$T/probe"))"
pass
hot_fresh=$(grep " tiered=1 " "$T/probe" | grep -c " watch_fresh=1" || true)
cold_fresh=$(grep " tiered=1 " "$T/probe" | grep -c " topic_fresh=1 " || true)
cold_old=$(grep " tiered=1 " "$T/probe" | grep -c " topic_fresh=0 " || true)
[ "$cold_old" -ge 1 ] || fail "the topic off screen is left out of some refreshes"
pass
[ "$cold_fresh" -ge 1 ] || fail "the topic off screen is refreshed on its turn"
pass
[ "$hot_fresh" -gt $((cold_fresh * 2)) ] ||
    fail "the topic on screen is refreshed more often: on screen $hot_fresh, off $cold_fresh of $tiered"
pass
# The group's lag is marked older exactly when that watermark is. A
# refresh where the group's own offsets came too late (a loaded machine)
# has an older lag anyway.
lines=$(grep " tiered=1 " "$T/probe" | grep " groups=1 " || true)
old_lag=$(echo "$lines" | grep -c " stale_lag=1 tiered=1 topic_fresh=0 " || true)
new_lag=$(echo "$lines" | grep -c " stale_groups=0 stale_lag=0 tiered=1 topic_fresh=1 " || true)
wrong=$(echo "$lines" | grep -E " stale_lag=0 tiered=1 topic_fresh=0 | stale_groups=0 stale_lag=1 tiered=1 topic_fresh=1 " || true)
[ "$old_lag" -ge 1 ] && [ "$new_lag" -ge 1 ] && [ -z "$wrong" ] ||
    fail "lag older with its watermark: older $old_lag, fresh $new_lag, wrong: ${wrong:-none}"
pass

# Without a topic on screen (batch, REPL), or under the threshold: everything, every time.
"$KS_PROBE" "$BOOTSTRAP" 300 3 "$cold" >"$T/probe2" 2>"$T/probe2.err" ||
    fail "the probe failed: $(cat "$T/probe2.err")"
grep -q " tiered=1 " "$T/probe2" && fail "nothing on screen: no tiering"
pass
KS_PROBE_WATCH=$hot "$KS_PROBE" "$BOOTSTRAP" 300 3 "$cold" >"$T/probe3" 2>"$T/probe3.err" ||
    fail "the probe failed: $(cat "$T/probe3.err")"
grep -q " tiered=1 " "$T/probe3" && fail "a small cluster (default threshold 2000): no tiering"
pass
done_ok
