#!/usr/bin/env bash
# Decode rate of `kafscope tail --json`: Avro values (cart_updates, local
# schema) beside plain JSON values, against `kcat -J` on the same topics, in
# one run against a real broker on this machine.
#
#   bench/decode_rate.sh [RECORDS]     (default 200000)
#
# Builds an optimized kafscope (no sanitizers) in build-bench/, starts a
# broker with tests/kafka/broker.sh (or uses $BOOTSTRAP), produces the data,
# then times each reader three times and prints the best (records/s).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
N=${1:-200000}
cmake -S "$ROOT" -B "$ROOT/build-bench" -DCMAKE_BUILD_TYPE=Release -DKAFSCOPE_SANITIZE=OFF >/dev/null
cmake --build "$ROOT/build-bench" -j2 --target kafscope ks_admin >/dev/null
KS="$ROOT/build-bench/kafscope"
WORK=$(mktemp -d)
if [ -z "${BOOTSTRAP:-}" ]; then
    BOOTSTRAP=$("$ROOT/tests/kafka/broker.sh" start "$WORK/kafka" 1)
    trap '"$ROOT/tests/kafka/broker.sh" stop "$WORK/kafka"; rm -rf "$WORK"' EXIT
else
    trap 'rm -rf "$WORK"' EXIT
fi
SCHEMA="$ROOT/tests/data/cart_updates.avsc"
run=$$
tj=bench-json-$run
ta=bench-avro-$run
"$ROOT/build-bench/tests/ks_admin" "$BOOTSTRAP" create "$tj" 1 1
"$ROOT/build-bench/tests/ks_admin" "$BOOTSTRAP" create "$ta" 1 1
sleep 1
python3 - "$N" >"$WORK/values.jsonl" <<'PY'
import json, sys
acts = ["ADD", "REMOVE", "UPDATE_QTY"]
for i in range(int(sys.argv[1])):
    print(json.dumps({"cart_id": i % 5000, "cart_action": acts[i % 3], "element_id": i * 7 % 100000,
                      "element_desc": "Lego brick %dx%d" % (i % 8 + 1, i % 4 + 1), "quantity": i % 10 + 1},
                     separators=(",", ":")))
PY
"$KS" -b "$BOOTSTRAP" -c "produce $tj --file $WORK/values.jsonl" >/dev/null
"$KS" -b "$BOOTSTRAP" -c "produce $ta --file $WORK/values.jsonl --value-schema $SCHEMA" >/dev/null

best() { # LABEL CMD...: best of three wall times; checks the record count
    local label=$1 t best_t=
    shift
    for _ in 1 2 3; do
        local s e n
        s=$(date +%s.%N)
        n=$("$@" | wc -l)
        e=$(date +%s.%N)
        [ "$n" -eq "$N" ] || { echo "$label: read $n records, expected $N" >&2; exit 1; }
        t=$(echo "$e - $s" | bc -l)
        if [ -z "$best_t" ] || [ "$(echo "$t < $best_t" | bc -l)" = 1 ]; then best_t=$t; fi
    done
    printf '%-44s %8.2f s %10.0f records/s\n' "$label" "$best_t" "$(echo "$N / $best_t" | bc -l)"
}
echo "records: $N per topic; $(nproc) cores; $(kcat -V 2>&1 | head -1)"
best "kafscope tail --json (JSON values)" "$KS" -b "$BOOTSTRAP" --json -c "tail $tj"
best "kafscope tail --json (Avro values, decoded)" "$KS" -b "$BOOTSTRAP" --json -c "tail $ta --value-decoder avro:$SCHEMA"
best "kafscope tail --json (Avro values, raw)" "$KS" -b "$BOOTSTRAP" --json -c "tail $ta --value-decoder hex"
best "kcat -J (JSON values)" kcat -b "$BOOTSTRAP" -C -t "$tj" -J -e -q
best "kcat -J (Avro values, not decoded)" kcat -b "$BOOTSTRAP" -C -t "$ta" -J -e -q
