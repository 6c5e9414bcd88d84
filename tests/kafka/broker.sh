#!/usr/bin/env bash
# Runs a real Apache Kafka cluster (KRaft, no ZooKeeper) on 127.0.0.1 for kafscope's tests.
#
#   broker.sh fetch                  resolve the Kafka jars into $KAFKA_LIBS (once)
#   broker.sh start DIR [NBROKERS]   start NBROKERS (default 1) nodes in DIR, print the bootstrap
#   broker.sh stop DIR               stop the nodes started in DIR (safe to repeat)
#
# Environment:
#   KAFKA_LIBS           jar cache (default: <repo>/build/kafka-libs)
#   KAFKA_HEAP_OPTS      JVM heap per node (default: -Xms64m -Xmx512m)
#   KAFKA_START_TIMEOUT  seconds to wait for the cluster to answer metadata (default: 90)
#   JAVA                 java binary (default: java on PATH)
#
# Every node is a combined broker+controller, so NBROKERS nodes also form an NBROKERS-voter
# controller quorum. Node i has node.id i, its data in DIR/node<i>/data and its log in
# DIR/node<i>/server.log. start wipes the nodes' data: each start is a fresh cluster.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# KAFKA_POM: another pom to resolve the same way (tests/connect/worker.sh fetches Connect with it).
POM=${KAFKA_POM:-$HERE/pom.xml}
LOG4J_CONFIG="$HERE/log4j2.properties"

KAFKA_LIBS=${KAFKA_LIBS:-$ROOT/build/kafka-libs}
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms64m -Xmx512m}
KAFKA_START_TIMEOUT=${KAFKA_START_TIMEOUT:-90}
JAVA=${JAVA:-java}

die() { echo "broker.sh: $*" >&2; exit 1; }

usage() {
    sed -n '4,6s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
    exit 2
}

need() {
    command -v "$1" >/dev/null 2>&1 || die "$1 not found (run scripts/install-deps)"
}

# --- fetch ------------------------------------------------------------------------------------

# The stamp records the pom's checksum, so editing the pom (new Kafka version, a logging fix)
# refreshes the cache, and an unchanged pom costs nothing: no Maven start-up at all.
stamp_text() {
    local version
    version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM")
    echo "kafka $version pom $(sha256sum <"$POM" | cut -d' ' -f1)"
}

cmd_fetch() {
    local libs stamp
    mkdir -p "$(dirname "$KAFKA_LIBS")"
    libs=$(cd "$(dirname "$KAFKA_LIBS")" && pwd -P)/$(basename "$KAFKA_LIBS")
    stamp=$(stamp_text)
    KAFKA_LIBS=$libs
    [[ -f $libs/.stamp && $(cat "$libs/.stamp") == "$stamp" ]] && return 0

    need mvn
    # Tests may run in parallel and all call start; only one of them should run Maven.
    exec 9>"$libs.lock"
    flock 9
    if [[ ! -f $libs/.stamp || $(cat "$libs/.stamp") != "$stamp" ]]; then
        echo "broker.sh: fetching Kafka jars into $libs" >&2
        # Copy into a scratch dir and swap it in, so an interrupted fetch never leaves a
        # half-filled cache that the stamp check would then trust.
        # Maven's output is only worth showing when it fails.
        local out
        rm -rf "$libs.tmp"
        if ! out=$(mvn -q -B -f "$POM" dependency:copy-dependencies -DoutputDirectory="$libs.tmp" 2>&1); then
            echo "$out" >&2
            rm -rf "$libs.tmp"
            die "mvn could not resolve the Kafka jars"
        fi
        echo "$stamp" >"$libs.tmp/.stamp"
        rm -rf "$libs"
        mv "$libs.tmp" "$libs"
    fi
    exec 9>&-
}

# --- stop -------------------------------------------------------------------------------------

# Prints the pids of the brokers of DIR: those in the pid files, and any other java process
# whose command line names a server.properties under DIR (a broker whose pid file was lost,
# e.g. because a previous run's DIR was wiped while it ran). Checking the command line also
# keeps us from killing an unrelated process that got a recycled pid.
broker_pids() {
    local dir=$1 f pid cmdline
    for f in /proc/[0-9]*/cmdline; do
        pid=${f#/proc/}
        pid=${pid%/cmdline}
        cmdline=$(tr '\0' ' ' 2>/dev/null <"$f") || continue  # the process may be gone already
        if [[ $cmdline == *kafka.Kafka\ "$dir"/node*/server.properties* ]]; then
            echo "$pid"
        fi
    done
}

alive() { kill -0 "$1" 2>/dev/null; }

stop_dir() {
    local dir=$1 pids pid i
    pids=$(broker_pids "$dir")
    [[ -n $pids ]] || return 0
    # SIGTERM lets the brokers shut down cleanly; 15 s is plenty for an idle test cluster.
    kill -TERM $pids 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
        local left=""
        for pid in $pids; do alive "$pid" && left+=" $pid"; done
        [[ -z $left ]] && return 0
        sleep 0.1
    done
    # A broker that lost its quorum (the others already gone) can hang in shutdown.
    kill -KILL $left 2>/dev/null || true
    for pid in $left; do
        while alive "$pid"; do sleep 0.1; done
    done
}

cmd_stop() {
    [[ $# -eq 1 ]] || usage
    [[ -d $1 ]] || return 0
    local dir
    dir=$(cd "$1" && pwd -P)
    stop_dir "$dir"
    rm -f "$dir/pids" "$dir/bootstrap"
}

# --- start ------------------------------------------------------------------------------------

# Prints N free TCP ports on 127.0.0.1. All sockets are held open until every port is picked,
# so the N ports are distinct; another process could still take one before Kafka binds it,
# which start handles by retrying with new ports.
free_ports() {
    python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}

# write_config DIR I N CLUSTER_PORT CONTROLLER_PORT VOTERS
write_config() {
    local dir=$1 i=$2 n=$3 port=$4 cport=$5 voters=$6
    # Internal topics need as many replicas as there are brokers, up to 3; min ISR stays
    # below the replica count once there are 3 brokers so that a test can stop one broker
    # without blocking transactions.
    local rf=$((n < 3 ? n : 3)) min_isr=$((n < 2 ? n : 2))
    cat >"$dir/node$i/server.properties" <<EOF
# Generated by tests/kafka/broker.sh; node $i of $n.
process.roles=broker,controller
node.id=$i
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
log.dirs=$dir/node$i/data

# Tests create every topic they use, with the partition count they mean.
auto.create.topics.enable=false
num.partitions=1
default.replication.factor=1

offsets.topic.replication.factor=$rf
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$min_isr
share.coordinator.state.topic.replication.factor=$rf
share.coordinator.state.topic.min.isr=$min_isr
# 50 partitions each by default; a handful is created much faster on first use.
offsets.topic.num.partitions=5
transaction.state.log.num.partitions=5

# Consumer groups in tests must not wait 3 s for more members before the first assignment.
group.initial.rebalance.delay.ms=0
# Brokers are unfenced on a heartbeat; a shorter interval shortens start-up.
broker.heartbeat.interval.ms=500
# A broker that stops heartbeating is fenced (and leaves every ISR) after 3 s instead of 9 s,
# so a test that stops a broker sees the ISR shrink promptly.
broker.session.timeout.ms=3000

# Small machine, up to 3 nodes: few threads, and the log cleaner's dedupe buffer (128 MiB
# by default, allocated at start) cut down to fit a 512 MiB heap.
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
background.threads=2
log.cleaner.threads=1
log.cleaner.dedupe.buffer.size=16777216
EOF
}

# Java options for every JVM we start. Serial GC: a test broker has a small heap and little
# traffic, and G1's extra threads would only compete with the tests for 2 cores.
java_opts() {
    echo "-XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true"
}

# Prints how many brokers the cluster reports in its metadata, or nothing if it does not answer.
metadata_brokers() {
    kcat -b "$1" -L -t __kafscope_probe -m 1 2>/dev/null | sed -n 's/^ *\([0-9]\+\) brokers:.*/\1/p' || true
}

show_logs() {
    local dir=$1 n=$2 i f
    for ((i = 1; i <= n; i++)); do
        for f in format.log stdout.log server.log; do
            [[ -s $dir/node$i/$f ]] || continue
            echo "----- tail of $dir/node$i/$f -----" >&2
            tail -n 30 "$dir/node$i/$f" >&2
        done
    done
}

# One attempt at starting the cluster. Returns 0 when all N brokers answer, 1 otherwise
# (with the nodes it started still to be stopped by the caller).
launch() {
    local dir=$1 n=$2 i ports cluster_id voters="" bootstrap="" opts
    read -r -a ports <<<"$(free_ports $((2 * n)))"
    # ports[2i-2] is node i's client port, ports[2i-1] its controller port.
    for ((i = 1; i <= n; i++)); do
        voters+="${voters:+,}$i@127.0.0.1:${ports[2 * i - 1]}"
        bootstrap+="${bootstrap:+,}127.0.0.1:${ports[2 * i - 2]}"
    done

    opts=$(java_opts)
    cluster_id=$("$JAVA" $opts -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool random-uuid)

    # Static quorum (controller.quorum.voters): every node is formatted the same way and
    # Kafka 4.1 then wants none of --standalone / --initial-controllers /
    # --no-initial-controllers (those are for the dynamic quorum of KIP-853). The formats
    # run in parallel: each is a JVM start.
    local fpids=()
    for ((i = 1; i <= n; i++)); do
        rm -rf "$dir/node$i"
        mkdir -p "$dir/node$i"
        write_config "$dir" "$i" "$n" "${ports[2 * i - 2]}" "${ports[2 * i - 1]}" "$voters"
        "$JAVA" $opts -Dkafka.logs.dir="$dir/node$i" -Dlog4j2.configurationFile="$LOG4J_CONFIG" \
            -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool format \
            --cluster-id "$cluster_id" --config "$dir/node$i/server.properties" \
            >"$dir/node$i/format.log" 2>&1 &
        fpids+=($!)
    done
    for i in "${!fpids[@]}"; do
        wait "${fpids[$i]}" || { echo "broker.sh: formatting node$((i + 1)) failed" >&2; return 1; }
    done

    : >"$dir/pids"
    for ((i = 1; i <= n; i++)); do
        # setsid: the broker gets its own session, so it outlives this script and a Ctrl-C
        # or hang-up aimed at the caller's terminal. All three std streams go to files: a
        # broker holding the caller's stdout open would make `$(broker.sh start ...)` or
        # ctest wait for it forever.
        # shellcheck disable=SC2086  # opts are deliberately word-split
        setsid "$JAVA" $KAFKA_HEAP_OPTS $opts \
            -Dkafka.logs.dir="$dir/node$i" -Dlog4j2.configurationFile="$LOG4J_CONFIG" \
            -cp "$KAFKA_LIBS/*" kafka.Kafka "$dir/node$i/server.properties" \
            </dev/null >"$dir/node$i/stdout.log" 2>&1 &
        echo $! >>"$dir/pids"
    done

    # Ready means: every broker is registered and unfenced, i.e. the metadata lists all N.
    local deadline=$((SECONDS + KAFKA_START_TIMEOUT)) pid
    while ((SECONDS < deadline)); do
        # A broker that exits now (bad config, port taken) will not come back: fail fast.
        while read -r pid; do
            alive "$pid" || { echo "broker.sh: a broker exited during start-up" >&2; return 1; }
        done <"$dir/pids"
        if [[ $(metadata_brokers "$bootstrap") == "$n" ]]; then
            echo "$bootstrap" >"$dir/bootstrap"
            echo "$bootstrap"
            return 0
        fi
        sleep 0.5
    done
    echo "broker.sh: the cluster did not answer within ${KAFKA_START_TIMEOUT}s" >&2
    return 1
}

cmd_start() {
    [[ $# -ge 1 && $# -le 2 ]] || usage
    local n=${2:-1} dir attempt
    [[ $n =~ ^[1-9]$ ]] || die "NBROKERS must be 1 to 9, not '$n'"
    need "$JAVA"
    need kcat
    need python3
    need setsid
    mkdir -p "$1"
    dir=$(cd "$1" && pwd -P)

    cmd_fetch
    # A broker left over from an earlier run in DIR would hold its ports and data.
    stop_dir "$dir"
    rm -f "$dir/bootstrap" "$dir/pids"

    for attempt in 1 2; do
        launch "$dir" "$n" && return 0
        # The free ports are only free when we look; retry once if another process took one.
        if [[ $attempt == 1 ]] && grep -qs "Address already in use" "$dir"/node*/server.log "$dir"/node*/stdout.log; then
            echo "broker.sh: a port was taken meanwhile; retrying with new ports" >&2
            stop_dir "$dir"
            continue
        fi
        # Logs first: stopping the brokers would bury the cause under shutdown messages.
        show_logs "$dir" "$n"
        stop_dir "$dir"
        rm -f "$dir/pids"
        exit 1
    done
}

# --- main -------------------------------------------------------------------------------------

[[ $# -ge 1 ]] || usage
cmd=$1
shift
case $cmd in
fetch) [[ $# -eq 0 ]] || usage; cmd_fetch ;;
start) cmd_start "$@" ;;
stop) cmd_stop "$@" ;;
*) usage ;;
esac
