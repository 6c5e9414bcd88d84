# Helpers for the fault tests (sourced after tests/lib.sh): the nodes of the
# fixture's cluster by pid, SIGKILL/SIGSTOP, and putting the cluster back.
CLUSTER_DIR=$(dirname "$BOOTSTRAP_FILE")
STOPPED=()
KILLED=()

# node_pid I: the pid of node I (its line in the fixture's pids file).
node_pid() { sed -n "${1}p" "$CLUSTER_DIR/pids"; }

# leader_of TOPIC PARTITION: the node id leading it now.
leader_of() {
    kcat -b "$BOOTSTRAP" -L -t "$1" -m 5 2>/dev/null |
        sed -n "s/.*partition $2, leader \([0-9]*\),.*/\1/p"
}

# brokers_up: how many brokers the metadata lists.
brokers_up() { kcat -b "$BOOTSTRAP" -L -m 5 2>/dev/null | sed -n 's/^ *\([0-9]*\) brokers:$/\1/p'; }

hang_node() { kill -STOP "$(node_pid "$1")"; STOPPED+=("$1"); }
resume_nodes() {
    local i
    for i in "${STOPPED[@]}"; do kill -CONT "$(node_pid "$i")" 2>/dev/null || true; done
    STOPPED=()
}

# kill_node I: SIGKILL node I, keeping its command line to restart it with.
kill_node() {
    local pid
    pid=$(node_pid "$1")
    tr '\0' '\n' <"/proc/$pid/cmdline" >"$CLUSTER_DIR/node$1/cmdline"
    kill -KILL "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    KILLED+=("$1")
}

# restart_nodes: start the killed nodes again on their data (as broker.sh
# does: own session, output to files) and wait until all 3 are back.
restart_nodes() {
    local i pid args
    for i in "${KILLED[@]}"; do
        mapfile -t args <"$CLUSTER_DIR/node$i/cmdline"
        setsid "${args[@]}" </dev/null >>"$CLUSTER_DIR/node$i/stdout.log" 2>&1 &
        pid=$!
        sed -i "${i}s/.*/$pid/" "$CLUSTER_DIR/pids"
    done
    KILLED=()
    wait_brokers 3
}

# wait_brokers N: until the metadata lists N brokers (at most 90 s).
wait_brokers() {
    local _
    for _ in $(seq 1 180); do
        [ "$(brokers_up)" = "$1" ] && return 0
        sleep 0.5
    done
    fail "the cluster did not get back to $1 brokers"
}

# Whatever happens, the next test finds 3 running nodes.
restore_cluster() {
    resume_nodes
    [ ${#KILLED[@]} -eq 0 ] || restart_nodes
}
trap 'restore_cluster; rm -rf "$T"' EXIT

# wait_isr TOPIC: until every partition of TOPIC has 3 in-sync replicas.
wait_isr() {
    local _
    for _ in $(seq 1 120); do
        kcat -b "$BOOTSTRAP" -L -t "$1" -m 5 2>/dev/null | grep "partition [0-9]*," |
            grep -vq "isrs: [0-9]*,[0-9]*,[0-9]*$" || return 0
        sleep 0.5
    done
    fail "partitions of $1 did not get back to 3 in-sync replicas"
}

# elapsed_since START: seconds (with decimals) since date +%s.%N was START.
elapsed_since() { echo "$(date +%s.%N) - $1" | bc; }
