# The lossless envelope and decoding against a broker: tail --json |
# produce --file - copies records exactly (binary and null keys, tombstones,
# non-UTF-8 values and headers, repeated and empty headers, partitions,
# timestamps, Avro with its raw bytes); Avro produce with a local schema and
# errors naming the field; a registry that is down does not stop a tail.
. "$KS_TESTS/lib.sh"
require_real
DATA="$KS_TESTS/data"
src=$(unique env-src)
dst=$(unique env-dst)
create_topic "$src" 3 1
create_topic "$dst" 3 1

# records of every awkward shape, as envelope lines
python3 - >"$T/in.jsonl" <<'PY'
import json, base64
b = lambda x: base64.b64encode(x).decode()
lines = [
  {"key": b(b"\x00\x01\xff"), "key_encoding": "base64", "value": b(b"\xff\xfe\x00binary"), "value_encoding": "base64", "partition": 2,
   "headers": [{"name": "h", "value": "1"}, {"name": "h", "value": None}, {"name": "bin", "value": b(b"\x80"), "value_encoding": "base64"}, {"name": "empty", "value": ""}]},
  {"key": None, "value": None, "partition": 1, "headers": []},
  {"key": "tomb", "value": None, "partition": 0},
  {"key": None, "value": "caf\u00e9 \u2603 text", "partition": 1},
  {"key": "k", "value": {"a": 1, "b": [True, None, "x"]}, "partition": 0},
  {"key": "k2", "value": "{ \"not\" : \"compact\" }", "partition": 0},
  {"key": "k3", "value": "{\"price\":7.50,\"n\":1E2,\"b\":0,\"a\":1}", "partition": 0},
  {"key": "k4", "value": "{\n  \"multi\": \"line\"\n}", "partition": 0},
  {"key": "", "value": "", "partition": 2, "timestamp": 1600000000123},
  {"key": b(b"\x00\x00\x00\x00\x07garbage"), "key_encoding": "base64", "value": "x", "partition": 2},
]
for l in lines: print(json.dumps(l))
PY
ks -c "produce $src --file $T/in.jsonl" >/dev/null
ks -c "produce $src --partition 1 --value-schema $DATA/cart_updates.avsc --key cart-7 '{\"cart_id\":7,\"cart_action\":\"UPDATE_QTY\",\"element_id\":42,\"element_desc\":\"Lego 2x4 caf\u00e9\",\"quantity\":-3}'" >/dev/null

ks --json -c "tail $src" >"$T/src.jsonl"
expect_eq "$(wc -l <"$T/src.jsonl")" 11 "eleven records"
ks --json -c "tail $src --value-decoder avro:$DATA/cart_updates.avsc" | ks -c "produce $dst --file -" >/dev/null
ks --json -c "tail $dst" >"$T/dst.jsonl"

# JSON values are embedded as their bytes: spacing, key order and number spelling kept.
expect_contains "$(cat "$T/src.jsonl")" '"value":{ "not" : "compact" },"value_encoding":"json"' "spaced JSON inline as it is"
expect_contains "$(cat "$T/src.jsonl")" '"value":{"price":7.50,"n":1E2,"b":0,"a":1},"value_encoding":"json"' "number spelling kept"
expect_contains "$(cat "$T/dst.jsonl")" '"value":{"price":7.50,"n":1E2,"b":0,"a":1},"value_encoding":"json"' "number spelling copied"
# Same records in the same partitions and order, same bytes, timestamps, headers.
python3 - "$T/src.jsonl" "$T/dst.jsonl" <<'PY' || fail "copied records differ"
import json, sys
def load(p):
    out = []
    for line in open(p):
        r = json.loads(line)
        del r["topic"]
        out.append(r)
    return sorted(out, key=lambda r: (r["partition"], r["offset"]))
a, b = load(sys.argv[1]), load(sys.argv[2])
assert len(a) == len(b) == 11, (len(a), len(b))
for x, y in zip(a, b):
    assert x == y, (x, y)
PY
pass

# The shapes are what the format promises.
python3 - "$T/src.jsonl" <<'PY' || fail "envelope shapes"
import json, sys, base64
rs = [json.loads(l) for l in open(sys.argv[1])]
bykey = {}
for r in rs:
    bykey.setdefault(json.dumps(r["key"]), r)
bin_ = bykey[json.dumps("AAH/")]
assert bin_["key_encoding"] == "base64" and base64.b64decode(bin_["value"]) == b"\xff\xfe\x00binary"
assert [h["name"] for h in bin_["headers"]] == ["h", "h", "bin", "empty"]
assert bin_["headers"][1]["value"] is None and bin_["headers"][2]["value_encoding"] == "base64"
assert bykey[json.dumps("tomb")]["value"] is None
k = bykey[json.dumps("k")]
assert k["value"] == {"a": 1, "b": [True, None, "x"]} and k["value_encoding"] == "json"
assert bykey[json.dumps("k2")]["value"] == {"not": "compact"} and bykey[json.dumps("k2")]["value_encoding"] == "json"
assert bykey[json.dumps("k4")]["value"] == '{\n  "multi": "line"\n}' and "value_encoding" not in bykey[json.dumps("k4")]
assert bykey[json.dumps("")]["timestamp"] == 1600000000123
nulls = [r for r in rs if r["key"] is None]
assert any(r["value"] is None and r["headers"] == [] for r in nulls)
# framed-looking key without a registry: kept as the text it is
assert len([r for r in rs if r["key"] == "\0\0\0\0\x07garbage"]) == 1
PY
pass

# Avro with the local schema: decoded inline, raw bytes kept, readable in text form.
line=$(ks --json -c "tail $src --partition 1 --value-decoder avro:$DATA/cart_updates.avsc" | grep cart-7)
check=$(echo "$line" | python3 -c '
import json,sys,base64
r=json.loads(sys.stdin.read())
print(r["value"]["cart_action"], r["value"]["quantity"], r["value"]["element_desc"], r["value_encoding"], r["value_schema"], len(base64.b64decode(r["value_raw"])) > 0)')
expect_eq "$check" "UPDATE_QTY -3 Lego 2x4 café avro com.picksbrick.cart_updates True" "Avro decoded inline"
text=$(ks -c "tail $src --partition 1 --value-decoder avro:$DATA/cart_updates.avsc" | grep cart-7 | cut -f5)
expect_eq "$text" '{"cart_id":7,"cart_action":"UPDATE_QTY","element_id":42,"element_desc":"Lego 2x4 café","quantity":-3}' "Avro in text form"

# Edited envelope without the raw bytes: re-encoded with the schema.
echo "$line" | python3 -c '
import json,sys
r=json.loads(sys.stdin.read()); del r["value_raw"]; r["value"]["quantity"]=5; print(json.dumps(r))' >"$T/edited.jsonl"
expect_fail 'value_raw.*value_schema_id.*--value-schema' ks -c "produce $dst --file $T/edited.jsonl"
ks -c "produce $dst --file $T/edited.jsonl --value-schema $DATA/cart_updates.avsc" >/dev/null
q=$(ks --json -c "tail $dst --partition 1 --value-decoder avro:$DATA/cart_updates.avsc" | tail -1 | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["value"]["quantity"])')
expect_eq "$q" 5 "edited Avro value re-encoded"

# JSON that does not fit: the error names the field and what was expected.
expect_fail 'cart_action: expected one of ADD, REMOVE, UPDATE_QTY, got a string "FOO"' \
    ks -c "produce $dst --value-schema $DATA/cart_updates.avsc '{\"cart_id\":1,\"cart_action\":\"FOO\",\"element_id\":1,\"element_desc\":\"x\",\"quantity\":1}'"
expect_fail 'quantity: missing field' \
    ks -c "produce $dst --value-schema $DATA/cart_updates.avsc '{\"cart_id\":1,\"cart_action\":\"ADD\",\"element_id\":1,\"element_desc\":\"x\"}'"
expect_fail 'not JSON' ks -c "produce $dst --value-schema $DATA/cart_updates.avsc 'hello'"
expect_fail 'cannot read schema' ks -c "produce $dst --value-schema $T/none.avsc '{}'"

# A wrong local schema: the record is still shown, raw, with the reason.
bad=$(ks --json -c "tail $src --partition 2 --value-decoder avro:$DATA/cart_updates.avsc" | head -1)
expect_contains "$bad" '"value_error":"avro: ' "decoder refusal reported"
expect_contains "$bad" '"value_encoding":"base64"' "raw value kept"

# A registry that is down: tail finishes promptly, records show an error.
framed=$(unique framed)
create_topic "$framed" 1 1
python3 -c '
import json,base64
for i in range(20):
    print(json.dumps({"value": base64.b64encode(b"\0\0\0\0\x07" + bytes([14, 0, 84, 8]) + b"Lego" + bytes([6])).decode(), "value_encoding": "base64"}))' >"$T/framed.jsonl"
ks -c "produce $framed --file $T/framed.jsonl" >/dev/null
start=$(date +%s)
out=$(ks -X schema.registry.url=http://127.0.0.1:9 -X schema.registry.timeout.ms=500 --json -c "tail $framed")
took=$(( $(date +%s) - start ))
expect_eq "$(echo "$out" | wc -l)" 20 "every record shown while the registry is down"
expect_contains "$out" 'registry: schema id 7: schema registry http://127.0.0.1:9 unreachable' "registry error on the record"
[ "$took" -lt 15 ] || fail "tail took ${took}s with the registry down"
pass
text=$(ks -X schema.registry.url=http://127.0.0.1:9 -c "tail $framed --count 1")
expect_contains "$text" '\x00\x00\x00\x00\x07' "framed value shown escaped"

# decoder command in a script session
printf 'decoder %s value hex\ndecoder\ntail %s --partition 2 --count 1\n' "$src" "$src" >"$T/script"
out=$(ks --script "$T/script")
expect_contains "$out" "ff fe 00 62 69 6e 61 72 79" "hex decoder"
expect_fail "unknown decoder 'nope'" ks -c "decoder $src value nope"
expect_fail "avro needs a schema file" ks -c "decoder $src value avro"

done_ok
