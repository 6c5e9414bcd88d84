# The hostile records of issue 24 (item 4), written with kcat so that
# kafscope reads what another client wrote. Sourced after tests/lib.sh by
# tests/integration/hostile_records.sh and tests/e2e/hostile_records.sh.

# Writes of up to 16 MiB: the topic, kcat and kafscope's producer need it.
HOSTILE_BIG=$((8 * 1024 * 1024))
HOSTILE_MAXB=$((16 * 1024 * 1024))

# The Avro schema that recurses: a linked list of nodes.
hostile_schema() { # FILE
    cat >"$1" <<'EOF'
{"type": "record", "name": "Node", "fields": [
  {"name": "v", "type": "int"},
  {"name": "next", "type": ["null", "Node"]}]}
EOF
}

# write_hostile TOPIC AVTOPIC: to TOPIC (created with max.message.bytes
# raised) in this order: tiny (a baseline), big (an 8 MiB JSON value), hdrs
# (10,000 headers), deep (JSON nested 100,000 deep); then to AVTOPIC avdeep
# (Avro of hostile_schema, a list 100,000 nodes long) and avshallow (3
# nodes); then to TOPIC the hostile key (NUL bytes, invalid UTF-8, ESC [31m).
# With TOPIC = AVTOPIC they are offsets 0 to 6. Files go to $T.
write_hostile() {
    local topic=$1 avtopic=$2
    echo '{"tiny":1}' | kcat -P -b "$BOOTSTRAP" -t "$topic" -k tiny
    python3 -c '
import sys
n = int(sys.argv[1])
sys.stdout.buffer.write(b"{\"big\":\"" + b"x" * (n - 10) + b"\"}")' "$HOSTILE_BIG" >"$T/big.json"
    kcat -P -b "$BOOTSTRAP" -t "$topic" -X "message.max.bytes=$HOSTILE_MAXB" -k big "$T/big.json"
    local hargs=() i
    for i in $(seq 1 10000); do hargs+=(-H "h$i=v$i"); done
    echo hdrs-value | kcat -P -b "$BOOTSTRAP" -t "$topic" -k hdrs "${hargs[@]}"
    python3 -c 'import sys; sys.stdout.write("[" * 100000 + "]" * 100000)' >"$T/deep.json"
    kcat -P -b "$BOOTSTRAP" -t "$topic" -k deep "$T/deep.json"
    # v=1 and the union's branch 1 ("Node") each time, branch 0 (null) at the end
    hostile_schema "$T/node.avsc"
    python3 -c 'import sys; sys.stdout.buffer.write(b"\x02\x02" * 99999 + b"\x02\x00")' >"$T/deep.avro"
    kcat -P -b "$BOOTSTRAP" -t "$avtopic" -k avdeep "$T/deep.avro"
    printf '\x02\x02\x04\x02\x06\x00' | kcat -P -b "$BOOTSTRAP" -t "$avtopic" -k avshallow
    # kcat splits key and value at the tab; the key's bytes go as they are
    printf 'n\x00ul\xff\xfe\x1b[31mkey\x00\tnulkey-value\n' |
        kcat -P -b "$BOOTSTRAP" -t "$topic" -K '\t'
}
