#!/usr/bin/env bash
# How the TUI follows a node failure on a real 3-node cluster it starts:
# first one node is killed (SIGKILL), then (after it is started again) one
# node hangs (SIGSTOP: connections accepted, nothing answered). For each:
#   - how long after Kafka's own metadata (polled with kcat) drops the node
#     the TUI shows it DOWN;
#   - the largest "refreshed N s ago" on the TUI while the node is down.
#
#   bench/failover.sh [BUILD_DIR] [SECONDS_DOWN]     (default: build 30)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
down_s=${2:-30}
case $build in /*) ;; *) build=$PWD/$build ;; esac
kafscope=$build/kafscope
for tool in "$kafscope" kcat tmux; do
    command -v "$tool" >/dev/null || { echo "failover: $tool not found" >&2; exit 1; }
done
work=$(mktemp -d /tmp/kafscope-failover.XXXXXX)
sock=ks-failover-$$
stopped=""
tm() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() {
    if [ -n "$stopped" ]; then kill -CONT "$stopped" 2>/dev/null || true; fi
    tm kill-server 2>/dev/null || true
    tests/kafka/broker.sh stop "$work/kafka" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
ms() { echo $(($(date +%s%N) / 1000000)); }

echo "starting a 3-node Kafka cluster..." >&2
B=$(KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms64m -Xmx384m} tests/kafka/broker.sh start "$work/kafka" 3)
node_pid() { sed -n "${1}p" "$work/kafka/pids"; }
brokers_in_metadata() { kcat -b "$B" -L -m 2 2>/dev/null | sed -n 's/^ *\([0-9]\+\) brokers:.*/\1/p'; }

tm new-session -d -x 120 -y 40 "$kafscope -b $B 2>$work/stderr"
tm set -g status off
for _ in $(seq 1 600); do tm capture-pane -p | grep -q "3 brokers" && break; sleep 0.1; done

# phase NAME SIGNAL NODE: signals the node, then reports the two figures.
phase() {
    local name=$1 sig=$2 node=$3 pid t_kafka="" t_tui="" t0 max_age=0 age
    pid=$(node_pid "$node")
    t0=$(ms)
    kill "-$sig" "$pid"
    [ "$sig" = STOP ] && stopped=$pid
    while [ $(($(ms) - t0)) -lt $((down_s * 1000)) ]; do
        if [ -z "$t_kafka" ] && [ "$(brokers_in_metadata)" = 2 ]; then t_kafka=$(($(ms) - t0)); fi
        screen=$(tm capture-pane -p)
        if [ -z "$t_tui" ] && echo "$screen" | grep -qE " $node +127\.0\.0\.1:[0-9]+ .*DOWN"; then t_tui=$(($(ms) - t0)); fi
        age=$(echo "$screen" | grep -oE "refreshed [0-9]+s ago" | grep -oE "[0-9]+" | head -n1)
        [ -n "$age" ] && [ "$age" -gt "$max_age" ] && max_age=$age
        sleep 0.1
    done
    echo "$name node $node: Kafka's metadata dropped it after ${t_kafka:-never} ms, the TUI showed DOWN after ${t_tui:-never} ms" \
        "(lag $([ -n "$t_kafka" ] && [ -n "$t_tui" ] && echo $((t_tui - t_kafka)) || echo ?) ms);" \
        "largest 'refreshed N s ago' while down: ${max_age} s (goal <= 2*2+1 = 5)"
}

victim=$(node_pid 3)
cmdline=()
while IFS= read -r -d '' arg; do cmdline+=("$arg"); done <"/proc/$victim/cmdline"
phase SIGKILL KILL 3
# Node 3 again, as broker.sh started it, before a second node fails (the
# three nodes are also the controller quorum).
setsid "${cmdline[@]}" </dev/null >>"$work/kafka/node3/stdout.log" 2>&1 &
sed -i "3s/.*/$!/" "$work/kafka/pids"
for _ in $(seq 1 600); do [ "$(brokers_in_metadata)" = 3 ] && break; sleep 0.2; done
for _ in $(seq 1 300); do tm capture-pane -p | grep -q "3 brokers │" && break; sleep 0.1; done
phase SIGSTOP STOP 2
kill -CONT "$stopped"
stopped=""
