#!/usr/bin/env bash
# `kafscope cluster` (for other clients) also writes cart-updates as Avro:
# a kafscope connected with -b decodes it with the bundled schema file.
set -euo pipefail
: "${KAFSCOPE:?KAFSCOPE must name the kafscope binary}"
: "${KS_TESTS:?KS_TESTS must name tests/}"
T=$(mktemp -d)
pid=
cleanup() {
    if [ -n "$pid" ]; then
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$KAFSCOPE" cluster >"$T/out" 2>"$T/err" </dev/null &
pid=$!
for _ in $(seq 1 100); do
    [ -s "$T/out" ] && break
    kill -0 "$pid" 2>/dev/null || fail "kafscope cluster died: $(cat "$T/err")"
    sleep 0.1
done
bootstrap=$(head -n1 "$T/out")
[ -n "$bootstrap" ] || fail "kafscope cluster printed no bootstrap"
ks() { timeout 60 "$KAFSCOPE" -b "$bootstrap" --timeout 10000 "$@"; }

check() { # FILE WHAT: 3 decoded cart updates
    python3 - "$1" <<'PY' || fail "$2: $(cat "$1")"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 3, lines
for line in lines:
    r = json.loads(line)
    assert r["value_encoding"] == "avro", r
    assert r["value_schema"] == "com.picksbrick.cart_updates", r
    assert r["value"]["cart_action"] in ("ADD", "REMOVE", "UPDATE_QTY"), r
PY
}

# with -b there is no preset: the bytes are Avro, not JSON text
ks -c 'tail cart-updates --count 3 --json' >"$T/raw" 2>"$T/e" || fail "tail: $(cat "$T/e")"
grep -q '"value_encoding":"avro"' "$T/raw" && fail "decoded without a decoder setting: $(cat "$T/raw")"
grep -q '"cart_action"' "$T/raw" && fail "cart-updates still JSON text: $(cat "$T/raw")"

ks -c "decoder cart-updates value avro $KS_TESTS/data/cart_updates.avsc" \
   -c 'tail cart-updates --count 3 --json' >"$T/a" 2>"$T/e" || fail "decoder + tail: $(cat "$T/e")"
grep -v '^value of cart-updates' "$T/a" >"$T/a2" || true
check "$T/a2" "decoder avro tests/data/cart_updates.avsc"

ks -X "decoder.cart-updates.value=avro $KS_TESTS/../examples/cart_updates.avsc" \
   -c 'tail cart-updates --count 3 --json' >"$T/b" 2>"$T/e" || fail "-X decoder: $(cat "$T/e")"
check "$T/b" "decoder avro examples/cart_updates.avsc"
echo "ok"
