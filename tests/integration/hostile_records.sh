# Records a hostile or broken producer can write (issue 24, item 4): an
# 8 MiB value, 10,000 headers, JSON nested 100,000 deep, an Avro value of a
# schema that recurses (a linked list) 100,000 nodes deep, a key with NUL
# bytes, invalid UTF-8 and an escape sequence. `tail` (text and --json) and
# `tail --json | produce --file -` handle each within their --timeout, with
# peak memory bounded, and say why a value is not decoded. The records are
# written with kcat, so kafscope reads what another client wrote.
# The TUI side (Messages pane, detail view) is tests/e2e/hostile_records.sh.
. "$KS_TESTS/lib.sh"
# The 8 MiB record needs a topic with max.message.bytes raised, and the
# embedded cluster cannot create topics from outside.
require_real
[ -x /usr/bin/time ] || { echo "skipped: needs /usr/bin/time for peak memory"; exit 77; }

# Peak memory is kafscope's own: ASan keeps freed blocks in a quarantine (up
# to 256 MiB by default) that would count in the RSS; a small one keeps its
# detection of use-after-free and makes the peak say what kafscope holds.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:quarantine_size_mb=16"

. "$KS_TESTS/hostile_lib.sh"
BIG=$HOSTILE_BIG
MAXB=$HOSTILE_MAXB
topic=$(unique hostile)
copy=$(unique hostile-copy)
create_topic "$topic" 1 1 "max.message.bytes=$MAXB"
create_topic "$copy" 1 1 "max.message.bytes=$MAXB"
# offsets 0 tiny, 1 big, 2 hdrs, 3 deep, 4 avdeep, 5 avshallow, 6 the key
write_hostile "$topic" "$topic"
expect_eq "$(high_watermarks "$topic")" 7 "seven records written"

# run NAME MAXKIB CMD...: CMD's stdout in $T/NAME.out, stderr in $T/NAME.err;
# it must exit 0 within its --timeout (10 s, set by ks) plus 5 s of start-up
# and exit under ASan on a loaded machine, with a peak RSS under MAXKIB.
# Sets PEAK (KiB) and SECS.
run() {
    local name=$1 max=$2
    shift 2
    local t0 t1 rc=0
    t0=$(date +%s%N)
    /usr/bin/time -o "$T/$name.time" -f '%M' "$@" >"$T/$name.out" 2>"$T/$name.err" || rc=$?
    t1=$(date +%s%N)
    [ "$rc" -eq 0 ] || fail "$name: exit $rc: $(tail -c 2000 "$T/$name.err")"
    SECS=$(((t1 - t0) / 1000000000))
    [ "$SECS" -le 15 ] || fail "$name took $SECS s (its --timeout is 10 s)"
    PEAK=$(tail -n1 "$T/$name.time")
    echo "$name: ${SECS}s, peak ${PEAK} KiB"
    [ "$PEAK" -le "$max" ] || fail "$name: peak RSS $PEAK KiB over $max KiB"
    pass
}
at() { echo "tail $topic --partition 0 --offset $1 --count 1"; }

# The baseline: a one-record tail. The bounds below are the baseline plus a
# budget per record: kafscope holds the fetched message (librdkafka's
# buffer), its copy in the tail's ring, the decoder's scratch and the
# output line, so a few copies of the record; a bound of 8 copies of an
# 8 MiB value leaves room for the allocator and fails on a copy per KiB, a
# quadratic buffer or a decoder that builds a tree of the whole value.
run base 1000000 ks -c "$(at 0)"
BASE=$PEAK
expect_contains "$(cat "$T/base.out")" '{"tiny":1}' "baseline record"

# --- 1: the 8 MiB value --------------------------------------------------
big_max=$((BASE + 8 * BIG / 1024))
run big-text "$big_max" ks -c "$(at 1)"
# text output is the record whole: tail is for data, the pane and the
# detail view cut (see the e2e test)
expect_eq "$(cut -f4 "$T/big-text.out")" big "8 MiB record: key"
expect_eq "$(cut -f5 "$T/big-text.out" | wc -c)" "$((BIG + 1))" "8 MiB value whole in text"
run big-json "$big_max" ks --json -c "$(at 1)"
python3 - "$T/big-json.out" "$T/big.json" <<'PY' || fail "8 MiB value in --json"
import json, sys
r = json.loads(open(sys.argv[1]).read())
want = open(sys.argv[2], "rb").read()
assert r["value_encoding"] == "json", r.get("value_encoding")
assert json.dumps(r["value"], separators=(",", ":")).encode() == want
PY
pass
# produce --file - needs the producer's limits raised; without them the
# error says which one, and nothing is sent.
expect_fail 'does not fit in the send queue \(queue.buffering.max.kbytes=.*raise it with -X' \
    ks -X "message.max.bytes=$MAXB" -c "produce $copy --file $T/big-json.out"
run big-copy "$((big_max + 8 * BIG / 1024))" ks -X "message.max.bytes=$MAXB" \
    -X queue.buffering.max.kbytes=$((MAXB / 1024)) -c "produce $copy --file -" <"$T/big-json.out"

# --- 2: 10,000 headers ---------------------------------------------------
small_max=$((BASE + 32 * 1024)) # 32 MiB: a few copies of a record well under 1 MiB
run hdrs-text "$small_max" ks -c "$(at 2)"
hcol=$(cut -f6 "$T/hdrs-text.out")
expect_eq "$(echo "$hcol" | tr ',' '\n' | wc -l)" 10000 "10,000 headers in text"
expect_contains "$hcol" "h1=v1, h2=v2" "headers in order"
expect_contains "$hcol" "h10000=v10000" "the last header"
run hdrs-json "$small_max" ks --json -c "$(at 2)"
python3 -c '
import json, sys
r = json.loads(open(sys.argv[1]).read())
h = r["headers"]
assert len(h) == 10000 and h[0] == {"name": "h1", "value": "v1"} and h[-1] == {"name": "h10000", "value": "v10000"}
' "$T/hdrs-json.out" || fail "10,000 headers in --json"
pass
run hdrs-copy "$small_max" ks -c "produce $copy --file -" <"$T/hdrs-json.out"

# --- 3: JSON 100,000 deep ------------------------------------------------
run deep-text "$small_max" ks -c "$(at 3)"
expect_eq "$(cut -f5 "$T/deep-text.out")" "$(cat "$T/deep.json")" "deep JSON shown whole, as text"
run deep-json "$small_max" ks --json -c "$(at 3)"
python3 -c '
import json, sys
r = json.loads(open(sys.argv[1]).read())
# past the JSON limit the auto decoder takes it as text: a string, byte for byte
assert "value_encoding" not in r and r["value"] == "[" * 100000 + "]" * 100000, r.get("value_encoding")
' "$T/deep-json.out" || fail "deep JSON in --json"
pass
# With the json decoder asked for, the refusal says why.
run deep-jsondec "$small_max" ks --json -c "$(at 3) --value-decoder json"
expect_contains "$(grep -o '"value_error":"[^"]*"' "$T/deep-jsondec.out")" '"value_error":"json: nested deeper than 2048 levels at byte ' \
    "json decoder refuses deep JSON, naming the limit"
run deep-copy "$small_max" ks -c "produce $copy --file -" <"$T/deep-json.out"

# --- 4: recursive Avro ---------------------------------------------------
run av-text "$small_max" ks -c "decoder $topic value avro $T/node.avsc" -c "$(at 5)" -c "$(at 4)"
expect_contains "$(cat "$T/av-text.out")" $'avshallow\t{"v":1,"next":{"v":2,"next":{"v":3,"next":null}}}' \
    "recursive schema decodes a short list"
# the deep one is shown raw (escaped), not decoded
avrow=$(grep -a $'\tavdeep\t' "$T/av-text.out")
expect_contains "$avrow" $'avdeep\t\\x02\\x02\\x02' "deep Avro shown raw and escaped"
run av-json "$small_max" ks --json -c "$(at 4) --value-decoder avro:$T/node.avsc"
python3 -c '
import json, sys, base64
r = json.loads(open(sys.argv[1]).read())
assert r["value_error"].startswith("avro: ") and "nested deeper than" in r["value_error"], r["value_error"]
raw = r["value"].encode("latin-1") if r.get("value_encoding") != "base64" else base64.b64decode(r["value"])
assert raw == open(sys.argv[2], "rb").read()
' "$T/av-json.out" "$T/deep.avro" || fail "deep Avro in --json: $(head -c 300 "$T/av-json.out")"
pass
run av-copy "$small_max" ks -c "produce $copy --file -" <"$T/av-json.out"

# --- 5: the key with NUL bytes, invalid UTF-8 and an escape ---------------
run key-text "$small_max" ks -c "$(at 6)"
# escaped: no raw control byte or invalid UTF-8 reaches the terminal
expect_eq "$(cut -f4 "$T/key-text.out")" 'n\x00ul\xFF\xFE\e[31mkey\x00' "hostile key escaped"
python3 -c '
import sys
b = open(sys.argv[1], "rb").read()
b.decode("utf-8")
assert not any(c < 0x20 and c not in (9, 10) for c in b), b
' "$T/key-text.out" || fail "raw bytes in the text output"
pass
run key-json "$small_max" ks --json -c "$(at 6)"
python3 -c '
import json, sys, base64
r = json.loads(open(sys.argv[1]).read())
assert r["key_encoding"] == "base64" and base64.b64decode(r["key"]) == b"n\x00ul\xff\xfe\x1b[31mkey\x00", r
' "$T/key-json.out" || fail "hostile key in --json"
pass
run key-copy "$small_max" ks -c "produce $copy --file -" <"$T/key-json.out"

# --- the copies are the records, byte for byte -----------------------------
cat "$T"/big-json.out "$T"/hdrs-json.out "$T"/deep-json.out "$T"/av-json.out "$T"/key-json.out >"$T/src.jsonl"
run copies "$((big_max + 8 * BIG / 1024))" ks --json -c "tail $copy"
python3 - "$T/src.jsonl" "$T/copies.out" <<'PY' || fail "the copies differ from the records"
import json, sys
def load(p):
    out = []
    for line in open(p):
        r = json.loads(line)
        for k in ("topic", "offset", "timestamp", "timestamp_type", "partition", "value_error"):
            r.pop(k, None)
        out.append(r)
    return out
a, b = load(sys.argv[1]), load(sys.argv[2])
assert len(a) == len(b) == 5, (len(a), len(b))
for x, y in zip(a, b):
    assert x == y, (str(x)[:200], str(y)[:200])
PY
pass
done_ok
