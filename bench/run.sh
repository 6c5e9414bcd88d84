#!/usr/bin/env bash
# kafscope against kcat on the same real broker, in the same run:
#   produce: kafscope produce TOPIC --file   vs  kcat -P -l
#   tail:    kafscope tail TOPIC --offset beginning --json  vs  kcat -C -e -J
# Wall time and peak memory (max RSS) of each, and the time ratios
# (kafscope / kcat; <= 1.0 means kafscope is at least as fast).
#
#   bench/run.sh [MESSAGES]     (default 1000000 messages of about 100 bytes)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
BUILD=${BUILD:-build}
KAFSCOPE=$BUILD/kafscope
KS_ADMIN=$BUILD/tests/ks_admin
WORK=$(mktemp -d /tmp/kafscope-bench.XXXXXX)
trap 'tests/kafka/broker.sh stop "$WORK/kafka" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT

for tool in "$KAFSCOPE" "$KS_ADMIN" kcat /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench: $tool not found (make build; scripts/install-deps)" >&2; exit 1; }
done

echo "starting a Kafka broker..." >&2
B=$(tests/kafka/broker.sh start "$WORK/kafka" 1)

# ~100-byte messages: a sequence number and filler text, like a log line.
python3 - "$N" >"$WORK/data" <<'PY'
import sys
n = int(sys.argv[1])
filler = "kafscope benchmark payload lorem ipsum dolor sit amet consectetur adipiscing elit sed do"
out = sys.stdout
for i in range(n):
    out.write("%010d %s\n" % (i, filler))
PY
echo "data: $N messages, $(wc -c <"$WORK/data") bytes" >&2

for t in ks-topic kcat-topic; do "$KS_ADMIN" "$B" create "$t" 3 1 >/dev/null; done
sleep 1

# measure NAME CMD...: runs CMD, prints "seconds maxrss_kb"
measure() {
    local name=$1
    shift
    /usr/bin/time -f "%e %M" -o "$WORK/$name.time" "$@" >/dev/null 2>"$WORK/$name.err" ||
        { echo "bench: $name failed:" >&2; cat "$WORK/$name.err" >&2; exit 1; }
    cat "$WORK/$name.time"
}

# Rounds alternate the two tools so that load from elsewhere on the machine
# hits both alike, and which of them goes first: when kafscope's produce
# always went first, right after the round before's tails, it measured
# 1.24-1.46x kcat's time here, against 0.9-1.1x interleaved by hand. The
# median round is reported.
ks_produce() { measure ks-produce "$KAFSCOPE" -b "$B" -c "produce ks-topic --file $WORK/data" >>"$WORK/ks-p"; }
kc_produce() { measure kcat-produce kcat -b "$B" -P -t kcat-topic -l "$WORK/data" >>"$WORK/kc-p"; }
# Both read the same first N records of the topic kcat wrote.
ks_tail() { measure ks-tail sh -c "$KAFSCOPE -b $B -c 'tail kcat-topic --offset beginning --count $N --json' >/dev/null" >>"$WORK/ks-t"; }
kc_tail() { measure kcat-tail sh -c "kcat -b $B -C -t kcat-topic -o beginning -c $N -e -J >/dev/null 2>&1" >>"$WORK/kc-t"; }
ROUNDS=${ROUNDS:-8} # even: each tool goes first as often
# The middle value of a column of numbers, or the mean of the middle two when the count is even.
col_median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.2f\n", (v[int((NR + 1) / 2)] + v[int(NR / 2) + 1]) / 2 }'; }
# "seconds kb" lines in, their medians out, each column on its own.
median() {
    local rows
    rows=$(cat)
    echo "$(cut -d' ' -f1 <<<"$rows" | col_median) $(cut -d' ' -f2 <<<"$rows" | col_median)"
}
# An uncounted round first: the broker's JIT compiles its produce and fetch paths during the
# first few hundred MB, and kafscope, first in round 1, paid for it alone (1.8-3.4 s against
# 0.8-1.1 s in the rounds after).
echo "warm-up round..." >&2
ks_produce; kc_produce; ks_tail; kc_tail
: >"$WORK/ks-p" >"$WORK/kc-p" >"$WORK/ks-t" >"$WORK/kc-t"
for round in $(seq 1 "$ROUNDS"); do
    echo "round $round of $ROUNDS..." >&2
    if ((round % 2)); then ks_produce; kc_produce; else kc_produce; ks_produce; fi
    if ((round % 2)); then ks_tail; kc_tail; else kc_tail; ks_tail; fi
done
read -r ks_p_s ks_p_kb < <(median <"$WORK/ks-p")
read -r kc_p_s kc_p_kb < <(median <"$WORK/kc-p")
read -r ks_t_s ks_t_kb < <(median <"$WORK/ks-t")
read -r kc_t_s kc_t_kb < <(median <"$WORK/kc-t")

count=$("$KAFSCOPE" -b "$B" --json -c "topic describe ks-topic" | python3 -c 'import json,sys; print(json.load(sys.stdin)["messages"])')
[ "$count" = "$((N * (ROUNDS + 1)))" ] ||
    { echo "bench: kafscope produced $count of $((N * (ROUNDS + 1))) messages" >&2; exit 1; }

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { python3 -c "print('%.2f' % ($1 / $2 if $2 > 0 else float('nan')))"; }
printf '\n%-28s %10s %10s %12s\n' "$N messages, ~100 B (median of $ROUNDS)" "seconds" "peak MiB" "time ratio"
printf '%-28s %10s %10.1f\n' "kcat -P -l" "$kc_p_s" "$(mib $kc_p_kb)"
printf '%-28s %10s %10.1f %12s\n' "kafscope produce --file" "$ks_p_s" "$(mib $ks_p_kb)" "$(ratio "$ks_p_s" "$kc_p_s")"
printf '%-28s %10s %10.1f\n' "kcat -C -e -J" "$kc_t_s" "$(mib $kc_t_kb)"
printf '%-28s %10s %10.1f %12s\n' "kafscope tail --json" "$ks_t_s" "$(mib $ks_t_kb)" "$(ratio "$ks_t_s" "$kc_t_s")"
# Every round, in the order run: one line's median hides how wide they scatter.
printf '\nrounds, seconds/peak MiB:\n'
for f in kc-p:"kcat -P -l" ks-p:"kafscope produce --file" kc-t:"kcat -C -e -J" ks-t:"kafscope tail --json"; do
    printf '%-28s' "${f#*:}"
    awk '{ printf " %s/%.1f", $1, $2 / 1024 } END { print "" }' "$WORK/${f%%:*}"
done
