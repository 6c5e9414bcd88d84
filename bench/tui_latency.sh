#!/usr/bin/env bash
# Key latency of the TUI while its tail runs at full speed (issue 12: p99
# under 50 ms). Starts `kafscope cluster`, floods the playground topic
# with kcat, runs kafscope in tmux tailing it, then toggles the 'i'
# explanation N times and times each key until the screen shows the
# change, through one tmux control-mode client (bench/tmux_probe.sh):
# nothing is started per key or per look at the screen.
#
#   bench/tui_latency.sh [BUILD_DIR] [N]       (default: build, 60)
#
# The flood runs on one core (FLOOD_CPUS, a taskset list, default the
# last CPU): kcat alone produces over a million records a second there,
# several times what the tail can decode, so the tail still runs at full
# speed (the "tail busy" line shows it). Left free (FLOOD_CPUS=), kcat takes 1.4 cores and on a
# two-vCPU machine every process, `sleep` included, then stalls for 100-600
# ms at a time (perf sched latency): that measures the machine, not the TUI.
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
flood_cpus=${FLOOD_CPUS-$(($(nproc) - 1))}
cat >"$work/flood" <<EOF
yes '{"sensor":"temp_max","value":35.3,"padding":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}' |
    kcat -P -b "$bootstrap" -t playground -X linger.ms=5 -X queue.buffering.max.messages=1000000
EOF
setsid ${flood_cpus:+taskset -c "$flood_cpus"} bash "$work/flood" >/dev/null 2>&1 &
flood=$!
tm new-session -d -s ks -x 120 -y 40 "$kafscope -b $bootstrap 2>$work/stderr"
tm set -g status off
tm set -g window-size manual

probe_start "$sock" ks
wait_screen "1 Brokers" 1
tmc "send-keys -t ks 2 / playground Enter"
wait_screen "Messages of playground" 1
sleep 3 # let the tail reach full speed

# The tail thread is the one kafscope thread at nice 10 not named rdk:*.
# Busy = time running or waiting for a CPU over the time measured: near
# 100 % means it never ran out of records, that is, it ran at full speed.
ks_pid=$(pgrep -f "^$kafscope -b $bootstrap" | head -n1 || true)
tail_tid=""
for t in /proc/"$ks_pid"/task/*; do
    read -r _ comm _ <"$t/stat" || continue
    [ "$comm" = "(kafscope)" ] && [ "$(awk '{ print $19 }' "$t/stat")" = 10 ] && tail_tid=${t##*/}
done
busy_ns() { [ -n "$tail_tid" ] && awk '{ printf "%.0f\n", $1 + $2 }' "/proc/$ks_pid/task/$tail_tid/schedstat" 2>/dev/null || echo 0; }
busy0=$(busy_ns)
now_ms
t0=$ms
times=()
for i in $(seq 1 "$n"); do
    now_ms
    tmc "send-keys -t ks i"
    wait_screen "What am I looking at?" $((i % 2)) "$ms"
    times+=("$waited")
    sleep 0.05
done
busy1=$(busy_ns)
now_ms
busy="?"
[ -n "$tail_tid" ] &&
    busy=$(awk -v b="$((busy1 - busy0))" -v w="$((ms - t0))" 'BEGIN { printf "%.0f", (w > 0 ? b / (w * 1e4) : 0) }')
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(echo "$sorted" | sed -n "$(((n + 1) / 2))p")
p90=$(echo "$sorted" | sed -n "$((n * 9 / 10))p")
p99=$(echo "$sorted" | sed -n "$(((n * 99 + 99) / 100))p")
max=$(echo "$sorted" | tail -n1)
tmc "capture-pane -p -t ks"
rate=$(echo "$reply" | grep -F "▸playground" | grep -oE '[0-9.]+[kMG]? +[0-9]+ +│' | head -n1 | cut -d" " -f1 || true)
echo "key latency over $n keys with the tail at full speed: median ${median} ms, p90 ${p90} ms, p99 ${p99} ms, max ${max} ms (goal: p99 < 50 ms)"
echo "records produced per second: ${rate:-?}; tail thread busy ${busy} % of the time; flood on CPUs: ${flood_cpus:-any}"
