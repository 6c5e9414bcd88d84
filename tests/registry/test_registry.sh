# Against a real Schema Registry and a real broker: produce with a subject
# (Confluent framing, registered id), tail decodes it through the registry,
# schemas/schema commands, basic errors, schema evolution (a v2 reader
# schema over v1 data), a wrong schema id, truncated Avro, and a registry
# that is down and comes back while a tail runs.
. "$KS_TESTS/lib.sh"
: "${REGISTRY_URL_FILE:?}"
R=$(cat "$REGISTRY_URL_FILE")
DATA="$KS_TESTS/data"
# kr: ks with the registry (a script on PATH, so expect_fail's timeout can run it)
printf '#!/bin/sh\nexec ks -X "schema.registry.url=%s" "$@"\n' "$R" >"$T/bin/kr"
chmod +x "$T/bin/kr"

topic=$(unique reg)
subject="$topic-value"
create_topic "$topic" 1 1

kr -c "produce $topic --key c7 --value-schema $DATA/cart_updates.avsc --value-subject $subject '{\"cart_id\":7,\"cart_action\":\"ADD\",\"element_id\":42,\"element_desc\":\"Lego\",\"quantity\":3}'" >/dev/null
id=$(curl -fsS "$R/subjects/$subject/versions/latest" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
# the subject's latest schema, without a local file
kr -c "produce $topic --key c8 --value-subject $subject '{\"cart_id\":8,\"cart_action\":\"REMOVE\",\"element_id\":1,\"element_desc\":\"x\",\"quantity\":1}'" >/dev/null
expect_fail 'cart_action: expected one of ADD, REMOVE, UPDATE_QTY' \
    kr -c "produce $topic --value-subject $subject '{\"cart_id\":8,\"cart_action\":\"NOPE\",\"element_id\":1,\"element_desc\":\"x\",\"quantity\":1}'"
expect_fail "subject 'no-such-subject' version latest: .*404" kr -c "produce $topic --value-subject no-such-subject '{}'"

# schemas and schema
expect_contains "$(kr -c schemas)" "$subject" "schemas lists the subject"
one=$(kr --json -c "schema $subject")
expect_eq "$(echo "$one" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["id"], d["version"], d["schema"]["name"], d["versions"])')" "$id 1 cart_updates [1]" "schema SUBJECT"
expect_fail 'VERSION must be a number' kr -c "schema $subject two"
expect_fail 'no schema registry configured' ks -c schemas

# tail decodes through the registry; the envelope carries the id and the raw bytes
out=$(kr --json -c "tail $topic")
check=$(echo "$out" | python3 -c '
import json,sys,base64
for l in sys.stdin:
    r=json.loads(l); raw=base64.b64decode(r["value_raw"])
    print(r["key"], r["value"]["cart_action"], r["value_encoding"], r["value_schema_id"], raw[0], int.from_bytes(raw[1:5],"big"))')
expect_eq "$check" "c7 ADD avro $id 0 $id
c8 REMOVE avro $id 0 $id" "registry-decoded envelope"
text=$(kr -c "tail $topic --count 1" | cut -f4,5)
expect_eq "$text" 'c7	{"cart_id":7,"cart_action":"ADD","element_id":42,"element_desc":"Lego","quantity":3}' "text form"

# copy through the envelope: byte-exact, then edited (raw removed) and re-encoded by id
copy=$(unique regcopy)
create_topic "$copy" 1 1
echo "$out" | kr -c "produce $copy --file -" >/dev/null
expect_eq "$(kr --json -c "tail $copy" | python3 -c 'import json,sys; print([json.loads(l)["value_raw"] for l in sys.stdin])')" \
    "$(echo "$out" | python3 -c 'import json,sys; print([json.loads(l)["value_raw"] for l in sys.stdin])')" "byte-exact copy"
echo "$out" | head -1 | python3 -c '
import json,sys
r=json.loads(sys.stdin.read()); del r["value_raw"]; r["value"]["quantity"]=99; print(json.dumps(r))' | kr -c "produce $copy --file -" >/dev/null
q=$(kr --json -c "tail $copy" | tail -1 | python3 -c 'import json,sys; r=json.loads(sys.stdin.read()); print(r["value"]["quantity"], r["value_schema_id"])')
expect_eq "$q" "99 $id" "edited line re-encoded with the registry schema"

# schema evolution: a v2 reader (new field with a default, int widened) over v1 data
cat >"$T/v2.avsc" <<'AVSC'
{"type":"record","name":"cart_updates","namespace":"com.picksbrick","fields":[
 {"name":"cart_id","type":"long"},
 {"name":"cart_action","type":{"type":"enum","name":"cart_action","symbols":["ADD","REMOVE","UPDATE_QTY","CLEAR"],"default":"ADD"}},
 {"name":"element_id","type":"int"},
 {"name":"quantity","type":"int"},
 {"name":"currency","type":"string","default":"EUR"}]}
AVSC
ev=$(kr --json -c "tail $topic --count 1 --value-decoder avro:$T/v2.avsc" | python3 -c 'import json,sys; r=json.loads(sys.stdin.read()); print(json.dumps(r["value"], sort_keys=True), r["value_schema_id"])')
expect_eq "$ev" "{\"cart_action\": \"ADD\", \"cart_id\": 7, \"currency\": \"EUR\", \"element_id\": 42, \"quantity\": 3} $id" "v2 reader over v1 data"
# v2 registered and produced; read back by the registry's v2
kr -c "produce $topic --key v2 --value-schema $T/v2.avsc --value-subject $subject '{\"cart_id\":9,\"cart_action\":\"CLEAR\",\"element_id\":5,\"quantity\":2}'" >/dev/null
id2=$(curl -fsS "$R/subjects/$subject/versions/latest" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
[ "$id2" != "$id" ] || fail "v2 got a new id"
pass
v2=$(kr --json -c "tail $topic" | tail -1 | python3 -c 'import json,sys; r=json.loads(sys.stdin.read()); print(r["value"]["cart_action"], r["value"]["currency"], r["value_schema_id"])')
expect_eq "$v2" "CLEAR EUR $id2" "v2 data decoded with its own schema"

# a wrong schema id and truncated Avro: shown raw with the reason
python3 -c '
import json,base64
good=bytes([0,0,0,0,int('"$id"')])+bytes([14,0,84,8])+b"Lego"+bytes([6])
print(json.dumps({"key":"wrong-id","value":base64.b64encode(bytes([0,0,0,0x7f,0x7f])+good[5:]).decode(),"value_encoding":"base64"}))
print(json.dumps({"key":"truncated","value":base64.b64encode(good[:-3]).decode(),"value_encoding":"base64"}))' >"$T/bad.jsonl"
kr -c "produce $topic --file $T/bad.jsonl" >/dev/null
bad=$(kr --json -c "tail $topic" | tail -2)
check=$(echo "$bad" | python3 -c '
import json,sys
for l in sys.stdin:
    r=json.loads(l); print(r["key"], r.get("value_encoding", "text"), r["value_schema_id"], r["value_error"].split(":")[0])')
expect_eq "$check" "wrong-id text 32639 registry
truncated text $id registry" "refused records shown raw"
expect_contains "$bad" "schema id 32639: " "wrong id reported"
expect_contains "$bad" "truncated" "truncation reported"

# the registry down, then back, while one tail runs: a TCP relay that starts
# refusing and begins forwarding to the registry later
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
rport=$(echo "$R" | sed 's|http://127.0.0.1:\([0-9]*\)/.*|\1|')
live=$(unique reglive)
create_topic "$live" 1 1
ks -X "schema.registry.url=http://127.0.0.1:$port/apis/ccompat/v7" -X schema.registry.timeout.ms=500 \
    --json -c "tail $live --follow --count 2" >"$T/live.jsonl" &
tailpid=$!
sleep 2
line=$(echo "$out" | head -1)
echo "$line" | ks -c "produce $live --file -" >/dev/null
sleep 2
python3 "$KS_TESTS/registry/relay.py" "$port" "$rport" 30 &
relay=$!
sleep 3  # past the backoff
echo "$line" | ks -c "produce $live --file -" >/dev/null
for _ in $(seq 1 60); do [ "$(wc -l <"$T/live.jsonl")" -ge 2 ] && break; sleep 0.5; done
wait "$tailpid" || fail "tail failed"
kill "$relay" 2>/dev/null || true
check=$(python3 -c '
import json,sys
for l in open(sys.argv[1]):
    r=json.loads(l); print(r.get("value_encoding", "text"), "value_error" in r)' "$T/live.jsonl")
expect_eq "$check" "text True
avro False" "registry down: error shown; registry back: decoded again"
expect_contains "$(head -1 "$T/live.jsonl")" "unreachable" "the first record says why"

done_ok
