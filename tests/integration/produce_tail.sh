# produce then tail the same records back: keys, values, headers,
# partitions, offsets, as text and as JSON Lines.
. "$KS_TESTS/lib.sh"

if [ "$TARGET" = real ]; then
    topic=$(unique pt)
    create_topic "$topic" 3 1
else
    topic=playground   # the demo topic without demo traffic
fi
start=$(high_watermarks "$topic")
read -r h0 h1 h2 <<<"$start"

out=$(ks -c "produce $topic 'hello world' --key k1 --partition 1 --header trace=abc --header 'x y=z'")
expect_contains "$out" "partition 1 at offset $h1" "produce reports partition and offset"
json=$(ks --json -c "produce $topic '{\"a\": 1}' --partition 2")
expect_eq "$(echo "$json" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["partition"], d["offset"])')" "2 $h2" "produce JSON result"

# one line of tail --json per record, everything intact
lines=$(ks --json -c "tail $topic --partition 1 --offset $h1")
expect_eq "$(echo "$lines" | wc -l)" 1 "one record in partition 1 since the start"
check=$(echo "$lines" | python3 -c '
import json,sys
r=json.loads(sys.stdin.readline())
print(r["partition"], r["key"], r["value"], r["headers"], r["timestamp_type"], r["timestamp"] > 0)')
expect_eq "$check" "1 k1 hello world [{'name': 'trace', 'value': 'abc'}, {'name': 'x y', 'value': 'z'}] create True" "record round trip"

text=$(ks -c "tail $topic --partition 2 --offset $h2")
expect_eq "$(echo "$text" | cut -f1,2,4,5)" "2	$h2	(null)	{\"a\": 1}" "text form: partition, offset, null key, value"

# --file: plain lines and JSON envelope lines, then read back in order
printf 'plain one\n{"key":"kk","value":"from json","partition":0,"headers":[{"name":"h","value":"v"}]}\n{"not":"an envelope"}\n' >"$T/in"
out=$(ks -c "produce $topic --file $T/in --partition 0")
expect_contains "$out" "3 messages produced" "file produce count"
got=$(ks --json -c "tail $topic --partition 0 --offset $h0" | python3 -c '
import json,sys
for l in sys.stdin:
    r=json.loads(l)
    v=r["value"] if isinstance(r["value"], str) else json.dumps(r["value"], separators=(",", ":"))
    print(r["key"], "|", v, "|", [h["name"] for h in r["headers"]])')
expect_eq "$got" "None | plain one | []
kk | from json | ['h']
None | {\"not\":\"an envelope\"} | []" "file lines produced in order"

# A regular file's records go out in batches (src/kafka/produce.c, 512 at a
# time); a record with headers goes on its own, after the batch held before
# it. 1,300 lines cross two batch boundaries, with such a record and a
# tombstone among them: all arrive, in file order.
read -r p0 _ <<<"$(high_watermarks "$topic")"
python3 - >"$T/many" <<'PY'
for i in range(1300):
    if i == 700:
        print('{"value":"line 700","headers":[{"name":"h","value":"v"}]}')
    elif i == 900:
        print('{"key":"gone","value":null}')
    else:
        print("line %d" % i)
PY
# The 1,300 values of partition 0 from offset $1, a tombstone as its key.
values_from() {
    ks --json -c "tail $topic --partition 0 --offset $1 --count 1300" | python3 -c '
import json,sys
for l in sys.stdin:
    r=json.loads(l)
    print(r["value"] if r["value"] is not None else "null key=" + r["key"])'
}
out=$(ks -c "produce $topic --file $T/many --partition 0")
expect_contains "$out" "1300 messages produced" "batched file produce count"
got=$(values_from "$p0")
want=$(python3 -c '
for i in range(1300):
    print("null key=gone" if i == 900 else "line %d" % i)')
[ "$got" = "$want" ] || fail "batched file produce: records differ from the file's lines: $(diff <(echo "$want") <(echo "$got") | head -5)"
pass
# Again with room for 50 records in the send queue: every batch meets a
# full queue and resumes where it stopped.
read -r p0 _ <<<"$(high_watermarks "$topic")"
out=$(ks -X queue.buffering.max.messages=50 -c "produce $topic --file $T/many --partition 0")
expect_contains "$out" "1300 messages produced" "batched produce through a small queue"
got=$(values_from "$p0")
[ "$got" = "$want" ] || fail "batched produce through a small queue: records differ: $(diff <(echo "$want") <(echo "$got") | head -5)"
pass

# Keyless lines with no --partition: a batch of 512 goes to one partition,
# the next batch to the next (src/kafka/produce.c), so the three partitions get
# one run each, in file order. -X sticky.partitioning.linger.ms=0 asks
# librdkafka for a random partition per record instead, which it keeps.
python3 -c 'for i in range(1300): print("spread %d" % i)' >"$T/spread"
# partition_runs FROM: "COUNTS SWITCHES" of the spread lines produced since
# the watermarks FROM: records per partition (sorted), and how often the
# partition changes from one line to the next in file order.
partition_runs() {
    local from=($1) p
    for p in 0 1 2; do
        ks --json -c "tail $topic --partition $p --offset ${from[$p]}"
    done | python3 -c '
import json,sys
where = {}
for l in sys.stdin:
    r = json.loads(l)
    if r["value"].startswith("spread "):
        where[int(r["value"].split()[1])] = r["partition"]
counts = sorted([list(where.values()).count(p) for p in range(3)])
switches = sum(where.get(i) != where.get(i + 1) for i in range(1299))
print(",".join(map(str, counts)), switches)'
}
from=$(high_watermarks "$topic")
out=$(ks -c "produce $topic --file $T/spread")
expect_contains "$out" "1300 messages produced" "keyless file produce count"
expect_eq "$(partition_runs "$from")" "276,512,512 2" "keyless batches: one run per partition, in turn"
from=$(high_watermarks "$topic")
ks -X sticky.partitioning.linger.ms=0 -c "produce $topic --file $T/spread" >/dev/null
read -r counts switches <<<"$(partition_runs "$from")"
[ "$switches" -gt 300 ] || fail "sticky.partitioning.linger.ms=0: $switches partition changes in 1300 lines ($counts), want random per record"
pass

# binary and non-UTF-8 bytes survive the JSON envelope both ways
printf '{"key":"/w==","key_encoding":"base64","value":"AAEC/w==","value_encoding":"base64","partition":0}\n' >"$T/binary"
ks -c "produce $topic --file $T/binary" >/dev/null
b=$(ks --json -c "tail $topic --partition 0 --offset -1")
expect_contains "$b" '"value":"AAEC/w==","value_encoding":"base64"' "binary value as base64"
expect_contains "$b" '"key":"/w==","key_encoding":"base64"' "binary key as base64"
# ... and the text form escapes them
t=$(ks -c "tail $topic --partition 0 --offset -1")
expect_contains "$t" '\x00\x01\x02\xFF' "binary escaped in text"

# stdin
printf 'a\nb\n' | ks -c "produce $topic --file - --partition 2" >/dev/null
got=$(ks -c "tail $topic --partition 2 --offset -2" | cut -f5)
expect_eq "$got" "a
b" "stdin lines"

# tombstone
ks -c "produce $topic --null-value --key gone --partition 2" >/dev/null
got=$(ks --json -c "tail $topic --partition 2 --offset -1" | python3 -c 'import json,sys; r=json.loads(sys.stdin.readline()); print(r["key"], r["value"])')
expect_eq "$got" "gone None" "null value"
done_ok
