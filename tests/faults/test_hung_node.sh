# A node that hangs (SIGSTOP) while `topics`, `tail` and `produce` run: each
# finishes, or fails with a message, within --timeout; never hangs. And
# SIGTERM ends a `tail` waiting on a hung node within 2 s.
. "$KS_TESTS/lib.sh"
. "$KS_TESTS/faults/faults_lib.sh"

topic=$(unique hang)
create_topic "$topic" 3 3 min.insync.replicas=2
wait_isr "$topic"
seq 1 30 | ks -c "produce $topic --file -" >/dev/null

TIMEOUT_MS=5000
# bounded WHAT CMD: CMD runs right after the leader of partition 0 hangs
# (before the cluster fences it) and ends within the timeout plus start-up
# slack, with a message on stderr when it fails.
bounded() {
    local what=$1 start rc=0 took
    shift
    hang_node "$(leader_of "$topic" 0)"
    start=$(date +%s.%N)
    timeout 60 "$KAFSCOPE" -b "$BOOTSTRAP" --timeout "$TIMEOUT_MS" -c "$*" >"$T/out" 2>"$T/err" || rc=$?
    took=$(elapsed_since "$start")
    resume_nodes
    [ "$rc" -ne 124 ] || fail "$what hung"
    [ "$(echo "$took < $TIMEOUT_MS / 1000 + 3" | bc)" = 1 ] || fail "$what took ${took}s"
    pass
    if [ "$rc" -ne 0 ]; then
        [ -s "$T/err" ] || fail "$what failed (exit $rc) without a message"
        pass
    fi
    echo "$what: exit $rc in ${took}s $(head -c 200 "$T/err")"
    wait_isr "$topic"
}

bounded topics "topics"
bounded tail "tail $topic --offset -2"
bounded produce "produce $topic hung-node --partition 0"

# SIGTERM to a tail stuck on a hung node (with a long --timeout): gone in 2 s.
hang_node "$(leader_of "$topic" 0)"
"$KAFSCOPE" -b "$BOOTSTRAP" --timeout 60000 -c "tail $topic --offset -2 --follow" >/dev/null 2>"$T/term.err" &
pid=$!
sleep 1.5
kill -0 "$pid" 2>/dev/null || fail "tail ended before the SIGTERM: $(cat "$T/term.err")"
start=$(date +%s.%N)
kill -TERM "$pid"
for _ in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
done
took=$(elapsed_since "$start")
if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid"
    fail "tail still running ${took}s after SIGTERM"
fi
wait "$pid" || true
[ "$(echo "$took < 2" | bc)" = 1 ] || fail "tail took ${took}s to end after SIGTERM"
pass
echo "SIGTERM: tail ended in ${took}s"
done_ok
