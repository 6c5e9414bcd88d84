#!/usr/bin/env bash
# Key latency of the TUI while its tail runs at full speed (issue 12: p99
# under 50 ms). Starts `kafscope cluster`, floods the playground topic
# with kcat, runs kafscope in tmux tailing it, then toggles the 'i'
# explanation N times and times each key until the screen shows the
# change, through one tmux control-mode client (bench/tmux_probe.sh):
# nothing is started per key or per look at the screen.
#
#   bench/tui_latency.sh [BUILD_DIR] [N]       (default: build, 60)
set -euo pipefail
cd "$(dirname "$0")/.."
kafscope=$PWD/${1:-build}/kafscope
n=${2:-60}
work=$(mktemp -d)
sock=ks-bench-$$
cleanup() {
    [ -n "${flood:-}" ] && kill -- -"$flood" 2>/dev/null
    tmux -L "$sock" kill-server 2>/dev/null || true
    tests/embedded.sh stop "$work/cluster" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
tm() { tmux -L "$sock" -f /dev/null "$@"; }
. bench/tmux_probe.sh

bootstrap=$(tests/embedded.sh start "$work/cluster" "$kafscope" | tail -n1)
# Full speed: kcat produces as fast as the cluster takes it, forever, in
# a session of its own (a producer in another terminal); cleanup kills
# its process group.
cat >"$work/flood" <<EOF
yes '{"sensor":"temp_max","value":35.3,"padding":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}' |
    kcat -P -b "$bootstrap" -t playground -X linger.ms=5 -X queue.buffering.max.messages=1000000
EOF
setsid bash "$work/flood" >/dev/null 2>&1 &
flood=$!
tm new-session -d -s ks -x 120 -y 40 "$kafscope -b $bootstrap 2>$work/stderr"
tm set -g status off
tm set -g window-size manual

probe_start "$sock" ks
wait_screen "1 Brokers" 1
tmc "send-keys -t ks 2 / playground Enter"
wait_screen "Messages of playground" 1
sleep 3 # let the tail reach full speed
times=()
for i in $(seq 1 "$n"); do
    now_ms
    tmc "send-keys -t ks i"
    wait_screen "What am I looking at?" $((i % 2)) "$ms"
    times+=("$waited")
    sleep 0.05
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(echo "$sorted" | sed -n "$(((n + 1) / 2))p")
p90=$(echo "$sorted" | sed -n "$((n * 9 / 10))p")
p99=$(echo "$sorted" | sed -n "$(((n * 99 + 99) / 100))p")
max=$(echo "$sorted" | tail -n1)
tmc "capture-pane -p -t ks"
rate=$(echo "$reply" | grep -F "playground" | grep -oE '[0-9.]+k? +[0-9]+ *│$' | head -n1 || true)
echo "key latency over $n keys with the tail at full speed: median ${median} ms, p90 ${p90} ms, p99 ${p99} ms, max ${max} ms (goal: p99 < 50 ms)"
echo "topics row msg/s column: ${rate:-?}"
