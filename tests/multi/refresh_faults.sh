# The background refresh survives a node that hangs (SIGSTOP: connections
# accepted, nothing answered) and shows a node that died (SIGKILL) as DOWN,
# with the ISR shrunk and its replicas out of it. The killed node is started
# again at the end, so the cluster is whole for the tests after this one
# (on a failure too: cleanup restarts it).
. "$KS_TESTS/lib.sh"
cluster_dir=$(dirname "$BOOTSTRAP_FILE")
node_pid() { sed -n "${1}p" "$cluster_dir/pids"; }
stopped=""
probe=""
cmdline=()
node3_down=""
# restart_node3: starts node 3 again as broker.sh did (own session, output to
# its file), with the command line it had.
restart_node3() {
    setsid "${cmdline[@]}" </dev/null >>"$cluster_dir/node3/stdout.log" 2>&1 &
    sed -i "3s/.*/$!/" "$cluster_dir/pids"
    node3_down=""
}
# On a failure the probe's stderr (a sanitizer report, librdkafka's assert
# message) and how it ended go to the test's output before $T is removed:
# once, a SIGABRT of the probe left nothing to read.
cleanup() {
    local rc=$? status=""
    if [ -n "$stopped" ]; then kill -CONT "$stopped" 2>/dev/null || true; fi
    if [ -n "$node3_down" ]; then
        restart_node3
        # The tests after this one find 3 brokers (at most 90 s).
        for _ in $(seq 1 180); do
            kcat -b "$BOOTSTRAP" -L -m 5 2>/dev/null | grep -q "^ *3 brokers:" && break
            sleep 0.5
        done
        echo "node 3 started again after the failure" >&2
    fi
    if [ -n "$probe" ]; then
        kill "$probe" 2>/dev/null || true
        wait "$probe" 2>/dev/null || status=$?
    fi
    if [ "$rc" -ne 0 ] && [ -e "$T/probe.err" ]; then
        echo "--- probe: ${probe_end:-${status:+exit status $status}}; its last lines:" >&2
        tail -n 3 "$T/probe" >&2 || true
        echo "--- probe stderr:" >&2
        cat "$T/probe.err" >&2
    fi
    rm -rf "$T"
}
trap cleanup EXIT
probe_end=""
# probe_alive: fails at once, with its exit status, when the probe has ended
# (a wait for its next line would only time out).
probe_alive() {
    kill -0 "$probe" 2>/dev/null && return 0
    local status=0
    wait "$probe" || status=$?
    probe=""
    if [ "$status" -gt 128 ]; then
        probe_end="killed by signal $((status - 128)) ($(kill -l "$((status - 128))"))"
    else
        probe_end="exit status $status"
    fi
    fail "the probe ended: $probe_end"
}

topic=$(unique faults)
prefix=$(unique fg)
create_topic "$topic" 3 3
high_watermarks "$topic" >/dev/null
seq 1 10 | kcat -b "$BOOTSTRAP" -P -t "$topic" -p 0
"$KS_ADMIN" "$BOOTSTRAP" commit-many "$prefix" 20 "$topic" 3

"$KS_PROBE" "$BOOTSTRAP" 1000 280 "$topic" "$prefix" >"$T/probe" 2>"$T/probe.err" &
probe=$!
# wait_line REGEX TRIES: polls the probe's output every 0.2 s for a new line
# (after line $from) matching REGEX.
wait_line() {
    for _ in $(seq 1 "$2"); do
        if tail -n +"$((from + 1))" "$T/probe" | grep -Eq -- "$1"; then return 0; fi
        probe_alive
        sleep 0.2
    done
    return 1
}
lines() { wc -l <"$T/probe"; }
from=0
wait_line "brokers=1:up,2:up,3:up .*groups=20 lagged=20 " 300 ||
    fail "first snapshots lack the 3 brokers or the 20 groups: $(tail -2 "$T/probe")"
pass

# A hung node: snapshots keep coming, with every group still there.
stopped=$(node_pid 2)
kill -STOP "$stopped"
from=$(lines)
ok=""
for _ in $(seq 1 300); do
    [ "$(tail -n +"$((from + 1))" "$T/probe" | grep -c "groups=20 ")" -ge 5 ] && { ok=1; break; }
    probe_alive
    sleep 0.2
done
expect_eq "$ok" 1 "5 snapshots with all groups published while node 2 hangs ($(tail -n +"$((from + 1))" "$T/probe" | wc -l) new: $(tail -1 "$T/probe"))"
kill -CONT "$stopped"
stopped=""
from=$(lines)
wait_line "brokers=1:up,2:up,3:up " 300 || fail "node 2 not back up: $(tail -1 "$T/probe")"
pass

# A dead node: DOWN, out of the ISR, its replicas marked.
victim=$(node_pid 3)
while IFS= read -r -d '' arg; do cmdline+=("$arg"); done <"/proc/$victim/cmdline"
kill -KILL "$victim"
node3_down=1
from=$(lines)
wait_line "brokers=1:up,2:up,3:DOWN md_stale=0 out=3,3,3 urp=3 " 600 ||
    fail "node 3 not shown DOWN with the ISR shrunk: $(tail -1 "$T/probe")"
pass

# Start node 3 again and wait until the cluster is whole.
restart_node3
from=$(lines)
wait_line "brokers=1:up,2:up,3:up " 600 || fail "node 3 did not come back: $(tail -1 "$T/probe")"
pass
kill "$probe"
wait "$probe" || true
probe=""
done_ok
