#!/usr/bin/env bash
# Key latency of the TUI while its tail runs at full speed (issue 3: keys
# answer within 50 ms). Starts `kafscope cluster`, floods the playground
# topic with kcat, runs kafscope in tmux tailing it, then toggles the 'i'
# explanation N times and times each key until the screen shows the
# change. The times include tmux's capture round trip (a few ms), so they
# are an upper bound.
#
#   bench/tui_latency.sh [BUILD_DIR] [N]       (default: build, 30)
set -euo pipefail
cd "$(dirname "$0")/.."
kafscope=$PWD/${1:-build}/kafscope
n=${2:-30}
work=$(mktemp -d)
sock=ks-bench-$$
pids=()
cleanup() {
    kill "${pids[@]}" 2>/dev/null || true
    tmux -L "$sock" kill-server 2>/dev/null || true
    tests/embedded.sh stop "$work/cluster" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
tm() { tmux -L "$sock" -f /dev/null "$@"; }

bootstrap=$(tests/embedded.sh start "$work/cluster" "$kafscope" | tail -n1)
# Full speed: kcat produces as fast as the cluster takes it, forever.
(yes '{"sensor":"temp_max","value":35.3,"padding":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}' |
    kcat -P -b "$bootstrap" -t playground -X linger.ms=5 -X queue.buffering.max.messages=1000000 \
        >/dev/null 2>&1) &
pids+=($!)
tm new-session -d -x 120 -y 40 "$kafscope -b $bootstrap 2>$work/stderr"
tm set -g status off
wait_screen() { # TEXT PRESENT(1/0) -> prints elapsed ms
    local start=$(date +%s%N)
    for _ in $(seq 1 2000); do
        if tm capture-pane -p | grep -qF -- "$1"; then [ "$2" = 1 ] && break
        else [ "$2" = 0 ] && break; fi
    done
    echo $((($(date +%s%N) - start) / 1000000))
}
wait_screen "1 Brokers" 1 >/dev/null
tm send-keys 2 / playground Enter
wait_screen "Messages of playground" 1 >/dev/null
sleep 3 # let the tail reach full speed
times=()
for i in $(seq 1 "$n"); do
    tm send-keys i
    times+=("$(wait_screen "What am I looking at?" $((i % 2)))")
    sleep 0.05
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(echo "$sorted" | sed -n "$(((n + 1) / 2))p")
p90=$(echo "$sorted" | sed -n "$((n * 9 / 10))p")
p99=$(echo "$sorted" | sed -n "$(((n * 99 + 99) / 100))p")
max=$(echo "$sorted" | tail -n1)
rate=$(tm capture-pane -p | grep -F "playground" | grep -oE '[0-9.]+k? +[0-9]+ *│$' | head -n1 || true)
echo "key latency over $n keys with the tail at full speed: median ${median} ms, p90 ${p90} ms, p99 ${p99} ms, max ${max} ms (goal: p99 < 50 ms)"
echo "topics row msg/s column: ${rate:-?}"
