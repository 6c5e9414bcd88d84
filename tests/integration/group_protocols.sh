# group join --protocol classic|consumer: members kafscope runs rebalance
# when a member is added. Classic (range, eager) is stop-the-world: every
# member gives up all its partitions. Consumer (KIP-848) is incremental: only
# partitions that change owner are revoked. Both spread the partitions over
# the members, and the log numbers events with the members' own generation
# or epoch, which grows with each rebalance.
. "$KS_TESTS/lib.sh"
if [ "$TARGET" = real ]; then
    topic=$(unique gp)
    create_topic "$topic" 4 1
else
    topic=playground # the embedded cluster creates no topics (3 partitions)
fi
parts=$([ "$TARGET" = real ] && echo 4 || echo 3)

# join_twice PROTOCOL GROUP: two members, then a third, in one kafscope
# (a REPL reading a pipe); then `group members` once a second for 40 s,
# since a join returns when the group looks settled but a broker may still
# run one more round (librdkafka's mock cluster can hold a classic group
# without an assignment until a member's session times out, 10 s).
join_twice() {
    {
        echo "group join $2 $topic --protocol $1 --members 2"
        echo "group join $2 $topic --protocol $1"
        for _ in $(seq 1 40); do
            echo "group members $2"
            sleep 1
        done
    } | timeout 120 ks --json --repl >"$T/$1.json" 2>"$T/$1.err" ||
        fail "group join --protocol $1: $(cat "$T/$1.err")"
}

# From the first `group members` answer where the 3 members share every
# partition (else the last), prints: type, member count, partitions
# covered, whether every member has one, how many distinct partitions were
# revoked after the third member started joining, whether the epoch grew
# across that rebalance, and whether the group's epoch is the newest.
summarise() {
    json_lines "$1" >"$1.lines"
    python3 - "$1.lines" "$parts" <<'EOF'
import json, sys
docs = [json.loads(line) for line in open(sys.argv[1])][2:]
def settled(g):
    covered = {(a["topic"], a["partition"]) for m in g["members"] for a in m["assignment"]}
    return g["member_count"] == 3 and all(m["partition_count"] for m in g["members"]) \
        and len(covered) == int(sys.argv[2])
g = next((d for d in docs if settled(d)), docs[-1])
covered = sorted((a["topic"], a["partition"]) for m in g["members"] for a in m["assignment"])
ev = g["rebalances"]
third = max(k for k, e in enumerate(ev) if e["event"] == "joining")
def tps(p):  # "t:0,1 u:2" -> {(t,0),(t,1),(u,2)}; "(none)" -> {}
    if p == "(none)":
        return set()
    return {(w.split(":", 1)[0], n) for w in p.split() for n in w.split(":", 1)[1].split(",")}
revoked = set().union(*[tps(e["partitions"]) for e in ev[third:] if e["event"] == "revoked"])
before = max([e["epoch"] or 0 for e in ev[:third]], default=0)
after = max([e["epoch"] or 0 for e in ev[third:]], default=0)
print(g["type"], g["member_count"], len(set(covered)),
      all(m["partition_count"] > 0 for m in g["members"]), len(revoked), after > before > 0,
      g["epoch"] == after)
EOF
}

join_twice classic "$(unique gcl)"
got=$(summarise "$T/classic.json")
# 2 members held every partition; all of them are revoked when the third joins
expect_eq "$got" "classic 3 $parts True $parts True True" \
    "classic: 3 members share all partitions; stop-the-world revokes every one; generation grows"

join_twice consumer "$(unique gco)"
set -- $(summarise "$T/consumer.json")
expect_eq "$1 $2 $3 $4 $6 $7" "consumer 3 $parts True True True" \
    "consumer: 3 members share all partitions; member epoch grows"
[ "$5" -ge 1 ] && [ "$5" -lt "$parts" ] ||
    fail "consumer: the third member should take partitions incrementally (revoked $5 of $parts)"
pass

if [ "$TARGET" = real ]; then
    # The cluster's own description names the type while kafscope's members run.
    g=$(unique gty)
    out=$(timeout 120 ks -c "group join $g $topic --protocol consumer" -c "group describe $g")
    expect_contains "$out" "Type        consumer" "describe: in-app consumer-protocol group"
    expect_contains "$out" "kafscope-$g-1" "describe: in-app member listed"
fi

expect_fail "unknown protocol 'eager' \(classic or consumer\)" ks -c "group join gx $topic --protocol eager"
expect_fail "unknown assignor 'roundrobin' for the consumer protocol" \
    ks -c "group join gx $topic --protocol consumer --assignor roundrobin"
done_ok
