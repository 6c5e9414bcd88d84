# groups and group describe with a real consumer group (kcat -G) running.
. "$KS_TESTS/lib.sh"
require_real
topic=$(unique grp)
group=$(unique g)
create_topic "$topic" 3 1
seq 1 10 | sed 's/^/v/' >"$T/msgs"
for p in 0 1 2; do ks -c "produce $topic --file $T/msgs --partition $p" >/dev/null; done

# A real group member: kcat balanced consumer, committing as it goes.
kcat -u -b "$BOOTSTRAP" -G "$group" -X auto.commit.interval.ms=100 -X auto.offset.reset=earliest \
    -o beginning "$topic" >"$T/kcat.out" 2>"$T/kcat.err" &
kpid=$!
trap 'kill $kpid 2>/dev/null || true; rm -rf "$T"' EXIT
for _ in $(seq 1 100); do
    [ "$(wc -l <"$T/kcat.out")" -ge 30 ] && break
    sleep 0.2
done
expect_eq "$(wc -l <"$T/kcat.out")" 30 "kcat consumed everything"
sleep 1  # let the auto-commit land

found=""
for _ in $(seq 1 30); do
    out=$(ks -c groups)
    case "$out" in *"$group"*Stable*) found=1; break ;; esac
    sleep 0.5
done
expect_eq "$found" 1 "groups lists the stable group"
expect_contains "$(echo "$out" | grep -F "$group")" "classic" "groups: a kcat -G group is type classic"
# kcat commits asynchronously: wait (bounded) until its commits show.
for _ in $(seq 1 50); do
    summary=$(ks --json -c "group describe $group" | python3 -c '
import json,sys
d=json.load(sys.stdin)
assigned=sorted(a for m in d["members"] for a in m["assignment"])
print(d["state"], d["type"], d["member_count"], assigned, d["total_lag"], sorted((o["partition"], o["lag"]) for o in d["offsets"]))')
    case "$summary" in *"None"*) sleep 0.2 ;; *) break ;; esac
done
expect_eq "$summary" "Stable classic 1 ['$topic:0', '$topic:1', '$topic:2'] 0 [(0, 0), (1, 0), (2, 0)]" "describe: type classic, members, assignment, no lag"

# lag appears when more is produced than the (stopped) consumer read
kill $kpid; wait $kpid 2>/dev/null || true
ks -c "produce $topic x1 --partition 0" -c "produce $topic x2 --partition 0" >/dev/null
lag=$(ks --json -c "group describe $group" | python3 -c '
import json,sys; d=json.load(sys.stdin); print(d["total_lag"], [o["lag"] for o in d["offsets"] if o["partition"]==0])')
expect_eq "$lag" "2 [2]" "lag after producing 2 more"
text=$(ks -c "group describe $group")
expect_contains "$text" "COMMITTED" "text offsets table"
expect_fail "unknown group" ks -c "group describe no-such-group-$$"
done_ok
