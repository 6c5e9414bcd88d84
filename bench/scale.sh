#!/usr/bin/env bash
# kafscope's cluster view at scale, against a real broker it starts:
# N topics (1 partition each) and G consumer groups with committed offsets
# (each behind on one topic, so every group has a lag). Reports, in one run:
#   - `kcat -L` time: the metadata baseline;
#   - the TUI's time to the first topics screen and to the first groups
#     screen with lag (tmux, 120x40, from the start of kafscope);
#   - refresh cycle time (the model's own refreshes: tests' ks_model_probe),
#     full and with one topic on screen (the others every fifth refresh);
#   - key latency of the topics filter (each key until the screen shows it);
#   - kafscope's peak RSS (VmHWM) after all that.
#
#   bench/scale.sh [BUILD_DIR] [N] [G]     (default: build 10000 1000)
#   BOOTSTRAP=HOST:PORT bench/scale.sh ...  reuses a broker an earlier run's
#   setup filled (N topics scale-*, G groups scalegroup-*) instead of starting one
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
n=${2:-10000}
g=${3:-1000}
case $build in /*) ;; *) build=$PWD/$build ;; esac
kafscope=$build/kafscope
# ADMIN and PROBE may come from another build (to measure an older kafscope).
admin=${ADMIN:-$build/tests/ks_admin}
probe=${PROBE:-$build/tests/ks_model_probe}
for tool in "$kafscope" "$admin" kcat tmux; do
    command -v "$tool" >/dev/null || { echo "scale: $tool not found (build with tests; scripts/install-deps)" >&2; exit 1; }
done
work=$(mktemp -d /tmp/kafscope-scale.XXXXXX)
sock=ks-scale-$$
tm() { tmux -L "$sock" -f /dev/null "$@"; }
. bench/tmux_probe.sh
cleanup() {
    tm kill-server 2>/dev/null || true
    tests/kafka/broker.sh stop "$work/kafka" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${BOOTSTRAP:-}" ]; then # a broker this script set up before (repeated runs)
    B=$BOOTSTRAP
else
    echo "starting a Kafka broker..." >&2
    B=$(KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms128m -Xmx768m} tests/kafka/broker.sh start "$work/kafka" 1)
    echo "creating $n topics and $g groups..." >&2
    "$admin" "$B" create-many scale "$n" 1
    seq 1 100 | kcat -b "$B" -P -t scale-0 -p 0
    "$admin" "$B" commit-many scalegroup "$g" scale-0 10
fi
for _ in $(seq 1 240); do # until metadata lists them all
    if [ "$(kcat -b "$B" -L 2>/dev/null | grep -c '^  topic "scale-' || true)" -ge "$n" ]; then break; fi
    sleep 0.5
done

now_ms
t0=$ms
kcat -b "$B" -L >/dev/null
now_ms
kcat_ms=$((ms - t0))

show_screen() { tmc "capture-pane -p -t ks"; printf '%s' "$reply" >&2; }
need_screen() { # TEXT: until the screen shows it, or say what it shows
    wait_screen "$1" 1 || { echo "scale: '$1' never appeared" >&2; show_screen; exit 1; }
}
tm new-session -d -s ks -x 120 -y 40 "bash --norc --noprofile"
tm set -g status off
tm set -g window-size manual
probe_start "$sock" ks
now_ms
t0=$ms
tmc "send-keys -t ks 'exec $kafscope -b $B 2>$work/stderr' Enter"
need_screen "scale-1000 "
now_ms
topics_ms=$((ms - t0))
tmc "send-keys -t ks 4"
need_screen "scalegroup-0 "
# A groups row: the id (cut to the column), its state, type, members and the lag (90 each).
groups_ms=never
for _ in $(seq 1 60000); do # at most about a minute
    tmc "capture-pane -p -t ks"
    if [[ $reply =~ scaleg[^\ ]*\ +Empty\ +[a-z-]+\ +0\ +90 ]]; then
        now_ms
        groups_ms=$((ms - t0))
        break
    fi
done

# Filter keys: type "scale-9999" into the topics filter, one key at a time.
tmc "send-keys -t ks 2 /"
need_screen "filter topics:"
keys=()
typed=""
for c in s c a l e - 9 9 9 9; do
    typed+=$c
    now_ms
    tmc "send-keys -t ks -l $c"
    wait_screen "filter topics: $typed" 1 "$ms"
    keys+=("$waited")
done
tmc "send-keys -t ks Enter"
sorted=$(printf '%s\n' "${keys[@]}" | sort -n)
pid=$(pgrep -f "^$kafscope -b $B" | head -n1 || true)
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/${pid:-0}/status" 2>/dev/null || echo 0)

tm kill-server
# A batch command: one synchronous refresh of everything.
now_ms
t0=$ms
"$kafscope" -b "$B" -c groups >/dev/null
now_ms
batch_ms=$((ms - t0))
# Refresh cycle: the model's own refreshes at the default interval.
: >"$work/probe"
[ -x "$probe" ] && { "$probe" "$B" 2000 30 scale-0 scalegroup >"$work/probe" 2>/dev/null || true; }
# (not the first refresh: its early topics-only snapshot and the complete one)
cycles=$(awk -F'elapsed=' '/ partial=1 / {next} !first {first = 1; next} {split($2, a, " "); print a[1]}' "$work/probe" | sort -n)
stale=$(tail -n1 "$work/probe" | grep -oE "groups=[0-9]+ lagged=[0-9]+ stale_groups=[0-9]+")
# The same with one topic on screen, as the TUI tells the model: past
# refresh.all.partitions, the others' watermarks come every fifth refresh.
: >"$work/probe-tiered"
[ -x "$probe" ] && { KS_PROBE_WATCH=scale-0 "$probe" "$B" 2000 30 scale-0 scalegroup >"$work/probe-tiered" 2>/dev/null || true; }
tiered=$(awk -F'elapsed=' '/ tiered=1 / {split($2, a, " "); print a[1]}' "$work/probe-tiered" | sort -n)

echo "scale: $n topics, $g groups with lag, one broker on 127.0.0.1"
echo "kcat -L:                         ${kcat_ms} ms"
echo "first topics screen:             ${topics_ms} ms (goal < 1000)"
echo "first groups screen with lag:    ${groups_ms} ms"
echo "kafscope -c groups:              ${batch_ms} ms"
echo "refresh cycle (median, max):     $(echo "$cycles" | sed -n "$((($(echo "$cycles" | wc -l) + 1) / 2))p") ms, $(echo "$cycles" | tail -n1) ms (goal < 2000; last snapshot: $stale)"
echo "tiered refresh (median, max):    $(echo "$tiered" | sed -n "$((($(echo "$tiered" | wc -l) + 1) / 2))p") ms, $(echo "$tiered" | tail -n1) ms (one topic on screen; every fifth refresh takes all)"
echo "filter key latency (median, max): $(echo "$sorted" | sed -n 5p) ms, $(echo "$sorted" | tail -n1) ms (goal < 16; until tmux shows the key)"
echo "kafscope peak RSS:               $((rss_kb / 1024)) MiB (goal < 100)"
