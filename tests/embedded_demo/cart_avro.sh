#!/usr/bin/env bash
# cart-updates on the embedded demo cluster is Avro (the built-in
# cart_updates schema): kafscope running the cluster itself decodes it out
# of the box; the user's decoder setting overrides that.
set -euo pipefail
: "${KAFSCOPE:?KAFSCOPE must name the kafscope binary}"
: "${KS_TESTS:?KS_TESTS must name tests/}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# --json: the envelope has the decoded record, value_encoding avro
timeout 60 "$KAFSCOPE" --mock -c 'tail cart-updates --count 3 --json' >"$T/json" 2>"$T/err" ||
    fail "tail --json: $(cat "$T/err")"
python3 - "$T/json" <<'PY' || fail "envelope: $(cat "$T/json")"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 3, lines
for line in lines:
    r = json.loads(line)
    assert r["topic"] == "cart-updates", r
    assert r["value_encoding"] == "avro", r
    assert r["value_schema"] == "com.picksbrick.cart_updates", r
    v = r["value"]
    assert v["cart_action"] in ("ADD", "REMOVE", "UPDATE_QTY"), v
    assert list(v) == ["cart_id", "cart_action", "element_id", "element_desc", "quantity"], v
    assert str(v["cart_id"]) == r["key"], r
PY

# text form: the value column is the decoded record as compact JSON
timeout 60 "$KAFSCOPE" --mock -c 'tail cart-updates --count 3' >"$T/text" 2>"$T/err" ||
    fail "tail: $(cat "$T/err")"
[ "$(wc -l <"$T/text")" -eq 3 ] || fail "tail: want 3 lines, got: $(cat "$T/text")"
cut -f5 "$T/text" | grep -Eqvx '\{"cart_id":[0-9]+,"cart_action":"(ADD|REMOVE|UPDATE_QTY)","element_id":[0-9]+,"element_desc":"[^"]+","quantity":[0-9]+\}' &&
    fail "text form is not the decoded record: $(cat "$T/text")"

# the decoder list shows the built-in schema before anything connects
timeout 60 "$KAFSCOPE" --mock -c 'decoder' >"$T/dec" 2>&1 || fail "decoder: $(cat "$T/dec")"
grep -Eq '^cart-updates +value +avro +built-in:cart_updates.avsc' "$T/dec" ||
    fail "decoder list: $(cat "$T/dec")"

# the user's own setting wins: -X (config) and the decoder command
timeout 60 "$KAFSCOPE" --mock -X decoder.cart-updates.value=hex -c 'tail cart-updates --count 1 --json' \
    >"$T/hex" 2>"$T/err" || fail "-X decoder: $(cat "$T/err")"
grep -q '"value_encoding":"avro"' "$T/hex" && fail "-X decoder.cart-updates.value=hex ignored: $(cat "$T/hex")"
timeout 60 "$KAFSCOPE" --mock -c 'decoder cart-updates value hex' -c 'decoder' >"$T/dec" 2>&1 ||
    fail "decoder command: $(cat "$T/dec")"
grep -Eq '^cart-updates +value +hex' "$T/dec" || fail "decoder command did not override: $(cat "$T/dec")"
grep -q 'built-in' "$T/dec" && fail "built-in preset still listed: $(cat "$T/dec")"
echo "ok"
