#!/usr/bin/env bash
# Decode rate of `kafscope tail --json`: JSON values and Avro values
# (cart_updates, local schema), on 1 and on 3 partitions, against `kcat -J` on
# the same topics, in one run against a real broker on this machine.
#
#   bench/decode_rate.sh [RECORDS] [ROUNDS]     (defaults 200000, 5)
#   BEFORE=/path/to/other/checkout bench/decode_rate.sh
#
# Builds an optimized kafscope (RelWithDebInfo, no sanitizers) in
# build-bench/; with $BEFORE, also the checkout there (in its own
# build-bench/), and times both binaries side by side with kcat. Starts a
# broker with tests/kafka/broker.sh (or uses $BOOTSTRAP), produces the data,
# then reads every topic to the end ROUNDS times with every reader, rotating
# the order of the readers each round (the two cores are shared: slow spells
# hit every reader alike), and prints the median wall time, records/s, the
# median peak RSS and the time ratio against kcat -J on the same topic.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
N=${1:-200000}
ROUNDS=${2:-5}
build() { # SOURCE_DIR
    cmake -S "$1" -B "$1/build-bench" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKAFSCOPE_SANITIZE=OFF >/dev/null
    cmake --build "$1/build-bench" -j2 --target kafscope ks_admin >/dev/null
}
build "$ROOT"
KS="$ROOT/build-bench/kafscope"
KS_BEFORE=
if [ -n "${BEFORE:-}" ]; then
    build "$BEFORE"
    KS_BEFORE="$BEFORE/build-bench/kafscope"
fi
WORK=$(mktemp -d)
if [ -z "${BOOTSTRAP:-}" ]; then
    BOOTSTRAP=$("$ROOT/tests/kafka/broker.sh" start "$WORK/kafka" 1)
    trap '"$ROOT/tests/kafka/broker.sh" stop "$WORK/kafka"; rm -rf "$WORK"' EXIT
else
    trap 'rm -rf "$WORK"' EXIT
fi
SCHEMA="$ROOT/tests/data/cart_updates.avsc"
run=$$
python3 - "$N" >"$WORK/values.jsonl" <<'PY'
import json, sys
acts = ["ADD", "REMOVE", "UPDATE_QTY"]
for i in range(int(sys.argv[1])):
    print(json.dumps({"cart_id": i % 5000, "cart_action": acts[i % 3], "element_id": i * 7 % 100000,
                      "element_desc": "Lego brick %dx%d" % (i % 8 + 1, i % 4 + 1), "quantity": i % 10 + 1},
                     separators=(",", ":")))
PY
for parts in 1 3; do
    "$ROOT/build-bench/tests/ks_admin" "$BOOTSTRAP" create "bench-json$parts-$run" "$parts" 1
    "$ROOT/build-bench/tests/ks_admin" "$BOOTSTRAP" create "bench-avro$parts-$run" "$parts" 1
done
sleep 1
for parts in 1 3; do
    "$KS" -b "$BOOTSTRAP" -c "produce bench-json$parts-$run --file $WORK/values.jsonl" >/dev/null
    "$KS" -b "$BOOTSTRAP" -c "produce bench-avro$parts-$run --file $WORK/values.jsonl --value-schema $SCHEMA" >/dev/null
done

# Readers: "name|topic kind|partitions|command template" (@T@ = topic).
readers=()
for parts in 1 3; do
    readers+=("kcat -J, JSON values, ${parts}p|json$parts|kcat -b $BOOTSTRAP -C -t @T@ -J -e -q")
    [ -n "$KS_BEFORE" ] &&
        readers+=("before: tail --json, JSON values, ${parts}p|json$parts|$KS_BEFORE -b $BOOTSTRAP --json -c tail\ @T@")
    readers+=("kafscope tail --json, JSON values, ${parts}p|json$parts|$KS -b $BOOTSTRAP --json -c tail\ @T@")
    readers+=("kcat -J, Avro values (raw), ${parts}p|avro$parts|kcat -b $BOOTSTRAP -C -t @T@ -J -e -q")
    [ -n "$KS_BEFORE" ] &&
        readers+=("before: tail --json, Avro decoded, ${parts}p|avro$parts|$KS_BEFORE -b $BOOTSTRAP --json -c tail\ @T@\ --value-decoder\ avro:$SCHEMA")
    readers+=("kafscope tail --json, Avro decoded, ${parts}p|avro$parts|$KS -b $BOOTSTRAP --json -c tail\ @T@\ --value-decoder\ avro:$SCHEMA")
done

once() { # INDEX: one timed read; appends "seconds kib" to $WORK/r.INDEX
    local spec=${readers[$1]} topic cmd n
    topic="bench-$(echo "$spec" | cut -d'|' -f2)-$run"
    cmd=$(echo "$spec" | cut -d'|' -f3)
    cmd=${cmd//@T@/$topic}
    # shellcheck disable=SC2086 # the template is split into words on purpose ('\ ' keeps -c's argument whole)
    eval /usr/bin/time -f '"%e %M"' -o "$WORK/t" $cmd >"$WORK/out"
    n=$(wc -l <"$WORK/out")
    [ "$n" -eq "$N" ] || { echo "$(echo "$spec" | cut -d'|' -f1): read $n records, expected $N" >&2; exit 1; }
    tail -1 "$WORK/t" >>"$WORK/r.$1"
}
median() { sort -n | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }'; }
count=${#readers[@]}
for round in $(seq 1 "$ROUNDS"); do
    echo "round $round of $ROUNDS..." >&2
    for j in $(seq 0 $((count - 1))); do
        once $(((j + round) % count))
    done
done

echo "records: $N per topic; ~95 B JSON / ~20 B Avro values; $(nproc) cores; $(kcat -V 2>&1 | head -1)"
printf '%-44s %8s %12s %9s %10s\n' "reader (median of $ROUNDS rounds)" "seconds" "records/s" "peak MiB" "vs kcat"
for i in $(seq 0 $((count - 1))); do
    spec=${readers[$i]}
    name=$(echo "$spec" | cut -d'|' -f1)
    s=$(awk '{ print $1 }' "$WORK/r.$i" | median)
    kib=$(awk '{ print $2 }' "$WORK/r.$i" | median)
    case $name in kcat*) kc=$s ;; esac
    printf '%-44s %8.2f %12.0f %9.1f %10.2f\n' "$name" "$s" "$(echo "$N / $s" | bc -l)" \
        "$(echo "$kib / 1024" | bc -l)" "$(echo "$s / $kc" | bc -l)"
done
