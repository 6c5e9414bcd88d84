# 300,000 records produced with acks=all while one node is SIGKILLed mid-way,
# at several kill points and nodes: afterwards every record is in the topic
# exactly once (counted and checked for duplicates with kcat), or the failures
# were reported and the exit status is non-zero (and still no duplicate).
. "$KS_TESTS/lib.sh"
. "$KS_TESTS/faults/faults_lib.sh"

N=300000
seq -f "rec-%.0f" 1 "$N" >"$T/records"

# run KILL_AFTER_S NODE
run() {
    local after=$1 node=$2 topic rc=0 got dups
    topic=$(unique dup)
    create_topic "$topic" 3 3 min.insync.replicas=2
    wait_isr "$topic"
    timeout 240 "$KAFSCOPE" -b "$BOOTSTRAP" --timeout 30000 \
        -c "produce $topic --file $T/records" >"$T/out" 2>"$T/err" &
    local prod=$!
    sleep "$after"
    if ! kill -0 "$prod" 2>/dev/null; then # too late: the caller tries an earlier point
        wait "$prod" || true
        return 2
    fi
    kill_node "$node"
    wait "$prod" || rc=$?
    [ "$rc" -ne 124 ] || fail "produce hung (kill of node $node at ${after}s)"
    kcat -C -b "$BOOTSTRAP" -t "$topic" -e -q -f '%s\n' -m 60 >"$T/read" 2>"$T/kcat.err" ||
        fail "kcat could not read $topic: $(cat "$T/kcat.err")"
    got=$(wc -l <"$T/read")
    dups=$(sort "$T/read" | uniq -d | wc -l)
    expect_eq "$dups" 0 "no record twice (node $node killed at ${after}s; $got records read)"
    if [ "$rc" -eq 0 ]; then
        expect_eq "$got" "$N" "every record once (node $node killed at ${after}s)"
        expect_contains "$(cat "$T/out")" "$N messages produced" "produce reports the count"
    else
        # Failures: said on stderr, and nothing claimed that was not written.
        expect_contains "$(cat "$T/err")" "produce" "the failure is reported"
        [ "$got" -le "$N" ] || fail "more records than produced: $got"
        echo "note: node $node killed at ${after}s: exit $rc, $got of $N written"
    fi
    restart_nodes
    echo "kill of node $node at ${after}s: exit $rc, $got records, $dups duplicates"
}

# The kill points are fractions of how long an undisturbed run takes on this
# machine, so each kill lands mid-way whether the machine is fast or loaded.
base_topic=$(unique base)
create_topic "$base_topic" 3 3 min.insync.replicas=2
t0=$(date +%s.%N)
timeout 240 "$KAFSCOPE" -b "$BOOTSTRAP" --timeout 30000 -c "produce $base_topic --file $T/records" \
    >"$T/out" 2>"$T/err" || fail "undisturbed produce: $(cat "$T/err")"
BASE=$(echo "$(date +%s.%N) - $t0" | bc -l)
expect_contains "$(cat "$T/out")" "$N messages produced" "undisturbed produce"

# kill_at FRACTION NODE: a run that ends before its kill is tried again with the
# kill at half the time (at most four tries).
kill_at() {
    local after
    after=$(printf '%.2f' "$(echo "$BASE * $1" | bc -l)")
    for _ in 1 2 3 4; do
        run "$after" "$2" && return 0
        after=$(printf '%.2f' "$(echo "$after / 2" | bc -l)")
    done
    fail "produce always ended before the kill of node $2 (undisturbed run: ${BASE}s)"
}
kill_at 0.15 2
kill_at 0.45 3
kill_at 0.75 1
done_ok
