# 300 consumer groups with committed offsets all appear in the refreshed
# model with their lag: descriptions are batched and the committed offsets
# of all groups are fetched with their requests in flight together.
. "$KS_TESTS/lib.sh"
require_real

topic=$(unique manygroups)
prefix=$(unique mg)
create_topic "$topic" 1 1
seq 1 10 | kcat -b "$BOOTSTRAP" -P -t "$topic" -p 0
# Every group committed offset 3 of 10: a lag of 7 each.
"$KS_ADMIN" "$BOOTSTRAP" commit-many "$prefix" 300 "$topic" 3

# The refresher's snapshots, as the TUI gets them (bounded by its own 120 s).
"$KS_PROBE" "$BOOTSTRAP" 1000 120 "$topic" "$prefix" >"$T/probe" 2>"$T/probe.err" &
probe=$!
trap 'kill $probe 2>/dev/null || true; rm -rf "$T"' EXIT
seen=""
for _ in $(seq 1 600); do
    if grep -q "groups=300 lagged=300 " "$T/probe"; then seen=1; break; fi
    kill -0 $probe 2>/dev/null || break
    sleep 0.1
done
expect_eq "$seen" 1 "all 300 groups appear with lag (last: $(tail -1 "$T/probe"))"
# The first refresh published the topics from metadata at once, before the
# groups had answered (a partial snapshot), then the complete one.
first=$(head -n1 "$T/probe")
echo "$first" | grep -qE "^seq=1 partial=1 topics=[1-9][0-9]* .* groups=0 " ||
    fail "the first snapshot is the early one, with topics and no groups yet: $first"
sed -n 2p "$T/probe" | grep -qE "^seq=2 partial=0 " ||
    fail "the complete first refresh follows: $(sed -n 2p "$T/probe")"

# The batch command agrees on the lag of one of them.
lag=$(ks --json -c "group describe $prefix-299" | python3 -c '
import json,sys
print(json.load(sys.stdin)["total_lag"])')
expect_eq "$lag" 7 "lag of one of the 300 groups"
kill $probe
wait $probe || true
done_ok
