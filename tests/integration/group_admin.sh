# group reset (plan numbers for every --to-* option, clamping, --execute,
# refusal while active), group delete, group join/leave/members.
. "$KS_TESTS/lib.sh"

# Runs one command with --json and prints fields of its partitions as
# "p:current>new:lag_before>lag_after" words.
plan() {
    ks --json -c "$*" | python3 -c '
import json,sys
d=json.load(sys.stdin)
def f(v): return "-" if v is None else str(v)
print(" ".join("%d:%s>%s:%s>%s" % (p["partition"], f(p["current"]), p["new"], f(p["lag_before"]), p["lag_after"]) for p in d["partitions"]))'
}

if [ "$TARGET" = embedded ]; then
    # The mock (another kafscope's embedded cluster): groups join, and
    # offsets move through OffsetFetch/OffsetCommit.
    group=$(unique eg)
    out=$(ks -c "group reset $group --topic playground --to-offset 0 --execute" 2>&1)
    expect_contains "$out" "Offsets of group $group moved" "reset executes on the mock"
    expect_eq "$(plan "group reset $group --topic playground:0 --to-current")" "0:0>0:0>0" "committed offset read back"
    out=$(ks -c "group join $group sensor-readings --members 2" -c "group members $group" -c "group leave $group --all")
    expect_contains "$out" "kafscope-$group-2" "two members joined"
    expect_contains "$out" "assigned  sensor-readings:" "assignment recorded"
    expect_contains "$out" "2 members left group $group" "left"
    expect_fail "not supported by the embedded demo cluster: deleting groups" ks -c "group delete $group --yes"
    # kafscope's own embedded cluster runs the pizza-kitchen demo group in
    # interactive sessions (here the REPL reading a pipe)
    # The group takes a few seconds to settle (longer on a loaded machine):
    # ask for the groups every second until it is Stable, at most 60 times.
    mkfifo "$T/repl.in"
    timeout 120 "$KAFSCOPE" --mock --repl <"$T/repl.in" >"$T/repl.out" 2>&1 &
    repl=$!
    exec 3>"$T/repl.in"
    for _ in $(seq 1 60); do
        echo groups >&3
        sleep 1
        grep -q "pizza-kitchen  Stable" "$T/repl.out" && break
    done
    echo "group members pizza-kitchen" >&3
    exec 3>&-
    wait $repl || true
    out=$(cat "$T/repl.out")
    expect_contains "$out" "pizza-kitchen  Stable" "pizza-kitchen listed in groups"
    expect_contains "$out" "kafscope-pizza-kitchen-2" "two demo members"
    expect_contains "$out" "assigned  pizza-orders:" "demo members got partitions"
    # ...but not in batch mode
    expect_fail "unknown group 'pizza-kitchen'" "$KAFSCOPE" --mock -c "group members pizza-kitchen"
    done_ok
    exit 0
fi

topic=$(unique rst)
group=$(unique g)
create_topic "$topic" 3 1
for p in 0 1 2; do
    seq 1 10 | sed "s/^/p$p-/" >"$T/p$p"
    ks -c "produce $topic --file $T/p$p --partition $p" >/dev/null
done
ks -c "records delete $topic:0 --before 2 --yes" >/dev/null  # p0 log: [2, 10)

# A fresh group has no committed offsets: the plan says so, --shift-by refuses.
expect_eq "$(plan "group reset $group --topic $topic --to-earliest")" \
    "0:->2:->8 1:->0:->10 2:->0:->10" "fresh group: to-earliest"
expect_fail "$topic:0: no committed offset to shift from" ks -c "group reset $group --topic $topic --shift-by 1"
expect_fail "committed offsets, so --all-topics finds nothing" ks -c "group reset $group --all-topics --to-latest"
# the dry run changed nothing
expect_eq "$(plan "group reset $group --topic $topic --to-current")" "0:->10:->0 1:->10:->0 2:->10:->0" "to-current without commits: the end"

out=$(ks -c "group reset $group --topic $topic --to-offset 5 --execute")
expect_contains "$out" "Offsets of group $group moved" "execute"
expect_eq "$(plan "group reset $group --topic $topic --to-current")" "0:5>5:5>5 1:5>5:5>5 2:5>5:5>5" "to-current after execute"
expect_eq "$(plan "group reset $group --topic $topic --to-earliest")" "0:5>2:5>8 1:5>0:5>10 2:5>0:5>10" "to-earliest"
expect_eq "$(plan "group reset $group --topic $topic --to-latest")" "0:5>10:5>0 1:5>10:5>0 2:5>10:5>0" "to-latest"
expect_eq "$(plan "group reset $group --topic $topic --to-offset 7")" "0:5>7:5>3 1:5>7:5>3 2:5>7:5>3" "to-offset"
expect_eq "$(plan "group reset $group --topic $topic --shift-by -2")" "0:5>3:5>7 1:5>3:5>7 2:5>3:5>7" "shift-by back"
expect_eq "$(plan "group reset $group --topic $topic --shift-by 4")" "0:5>9:5>1 1:5>9:5>1 2:5>9:5>1" "shift-by forward"
expect_eq "$(plan "group reset $group --topic $topic --to-datetime 2000-01-01T00:00:00Z")" "0:5>2:5>8 1:5>0:5>10 2:5>0:5>10" "to-datetime in the past"
expect_eq "$(plan "group reset $group --topic $topic --to-datetime 2099-01-01")" "0:5>10:5>0 1:5>10:5>0 2:5>10:5>0" "to-datetime in the future"
expect_eq "$(plan "group reset $group --topic $topic --by-duration P1D")" "0:5>2:5>8 1:5>0:5>10 2:5>0:5>10" "by-duration a day"
expect_eq "$(plan "group reset $group --topic $topic:1,2 --by-duration PT0S")" "1:5>10:5>0 2:5>10:5>0" "by-duration zero, two partitions"
expect_eq "$(plan "group reset $group --all-topics --to-offset 6")" "0:5>6:5>4 1:5>6:5>4 2:5>6:5>4" "all-topics"

# clamping, with a warning naming the bound
out=$(ks -c "group reset $group --topic $topic --to-offset 1" 2>&1)
expect_contains "$out" "warning: $topic:0: offset 1 is before the log start offset 2; using 2" "clamp low warning"
expect_eq "$(plan "group reset $group --topic $topic --to-offset 1" 2>/dev/null)" "0:5>2:5>8 1:5>1:5>9 2:5>1:5>9" "clamped low"
out=$(ks -c "group reset $group --topic $topic:2 --shift-by 50" 2>&1)
expect_contains "$out" "warning: $topic:2: offset 55 is past the log end offset 10; using 10" "clamp high warning"
expect_eq "$(plan "group reset $group --topic $topic --shift-by -9" 2>/dev/null)" "0:5>2:5>8 1:5>0:5>10 2:5>0:5>10" "shift clamped"
text=$(ks -c "group reset $group --topic $topic --to-latest")
expect_contains "$text" "dry run: add --execute to apply" "text plan title"
expect_contains "$text" "LAG-BEFORE  LAG-AFTER" "text plan columns"

# bad input: nothing changes
expect_fail "say where to" ks -c "group reset $group --topic $topic"
expect_fail "give only one of" ks -c "group reset $group --topic $topic --to-earliest --to-latest"
expect_fail "say which partitions" ks -c "group reset $group --to-earliest"
expect_fail "partition 7 out of range" ks -c "group reset $group --topic $topic:7 --to-earliest"
expect_fail "unknown topic" ks -c "group reset $group --topic nope-$$ --to-earliest"
expect_fail "--to-offset: expected an offset" ks -c "group reset $group --topic $topic --to-offset x"
expect_fail "invalid duration '1h'" ks -c "group reset $group --topic $topic --by-duration 1h"
expect_fail "--to-datetime: " ks -c "group reset $group --topic $topic --to-datetime yesterday"
expect_eq "$(plan "group reset $group --topic $topic --to-current")" "0:5>5:5>5 1:5>5:5>5 2:5>5:5>5" "unchanged by bad input"

# an active group (kcat as a member) refuses --execute and group delete
kcat -u -b "$BOOTSTRAP" -G "$group" -X auto.offset.reset=earliest "$topic" >/dev/null 2>&1 &
kpid=$!
trap 'kill $kpid 2>/dev/null || true; rm -rf "$T"' EXIT
for _ in $(seq 1 50); do
    ks -c groups | grep -q "$group *Stable" && break
    sleep 0.3
done
expect_fail "refused: group '$group' is active: it has 1 active member" \
    ks -c "group reset $group --topic $topic --to-earliest --execute"
out=$(ks -c "group reset $group --topic $topic --to-earliest" 2>&1)
expect_contains "$out" "--execute will be refused while group '$group' is active" "dry run warns"
expect_fail "refused: group '$group' is active" ks -c "group delete $group --yes"
kill $kpid; wait $kpid 2>/dev/null || true
for _ in $(seq 1 50); do
    ks -c groups | grep -q "$group *Empty" && break
    sleep 0.3
done

# group delete: --yes in batch mode
expect_fail "add --yes" ks -c "group delete $group"
out=$(ks -c "group delete $group --yes")
expect_contains "$out" "Deleted group $group" "group delete"
expect_not_contains "$(ks -c groups)" "$group" "group gone"
expect_fail "unknown group" ks -c "group delete $group --yes"

# group join on a 6-partition topic: 1 member, then 3, then leave
t6=$(unique six)
g6=$(unique join)
create_topic "$t6" 6 1
ks --json -c "group join $g6 $t6" -c "group join $g6 $t6 --members 2" -c "group members $g6" \
    -c "group leave $g6 kafscope-$g6-2" -c "group leave $g6 --all" >"$T/join.json"
json_lines "$T/join.json" >"$T/join.lines"
python3 - "$T/join.lines" "$g6" >"$T/summary" <<'PY'
import json, sys
docs = [json.loads(line) for line in open(sys.argv[1])]
def assign(d):
    return " ".join("%s=%s" % (m["client_id"].rsplit("-", 1)[1], ",".join(str(a["partition"]) for a in m["assignment"])) for m in d["members"])
join1, join3, members, leave1, leaveall = docs
print(assign(join1))
print(assign(join3))
print(assign(leave1))
print(leaveall["left"], leaveall["member_count"])
kinds = [(e["member"].rsplit("-", 1)[1], e["event"]) for e in members["rebalances"]]
print("revoked" if ("1", "revoked") in kinds else "no-revoke", len([k for k in kinds if k[1] == "assigned"]))
PY
expect_eq "$(sed -n 1p "$T/summary")" "1=0,1,2,3,4,5" "one member has all 6 partitions"
expect_eq "$(sed -n 2p "$T/summary")" "1=0,1 2=2,3 3=4,5" "three members: two partitions each (range)"
expect_eq "$(sed -n 3p "$T/summary")" "1=0,1,2 3=3,4,5" "member 2 left: the other two took over"
expect_eq "$(sed -n 4p "$T/summary")" "2 0" "leave --all"
expect_eq "$(sed -n 5p "$T/summary")" "revoked 4" "rebalance log: member 1 revoked, 4 assignments"
text=$(ks -c "group join $g6 $t6 --members 2 --assignor roundrobin" -c "group members $g6")
expect_contains "$text" "Rebalances (oldest first):" "text rebalance log"
expect_contains "$text" "roundrobin" "assignor shown"
expect_contains "$text" "kafscope-$g6-2" "text members"
expect_fail "unknown assignor 'sticky'" ks -c "group join $g6 $t6 --assignor sticky"
expect_fail "--members: expected a whole number from 1 to 32" ks -c "group join $g6 $t6 --members 0"
expect_fail "unknown topic 'nope-$$'" ks -c "group join $g6 nope-$$"
expect_fail "kafscope runs no members in group" ks -c "group leave $g6"
expect_fail "no member 'kafscope-x-9'" ks -c "group join $g6 $t6" -c "group leave $g6 kafscope-x-9"
# a group kafscope does not run: the cluster's view
out=$(ks -c "group members $group" 2>&1 || true)
expect_contains "$out" "unknown group" "unknown group for members"
done_ok
