# The TUI against a real Schema Registry and a real broker: an Avro record
# produced with --value-subject (Confluent framing) shows decoded in the
# messages pane and, with its schema id and name, in the detail view. With
# the registry unreachable the pane marks the record "!" and shows its raw
# bytes, keeps tailing, and decodes again once the registry answers (a TCP
# relay in front of the real registry, started later).
. "$KS_TESTS/lib.sh"
KS_E2E=${KS_E2E:-$KS_TESTS/e2e}
. "$KS_E2E/tui_lib.sh"
: "${REGISTRY_URL_FILE:?}"
R=$(cat "$REGISTRY_URL_FILE")
DATA="$KS_TESTS/data"
printf '#!/bin/sh\nexec ks -X "schema.registry.url=%s" "$@"\n' "$R" >"$T/bin/kr"
chmod +x "$T/bin/kr"
COLS=240

topic=$(unique tav)
subject="$topic-value"
create_topic "$topic" 1 1
cart() { # KEY ID ACTION DESC: one Avro record through the subject
    kr -c "produce $topic --key $1 --value-schema $DATA/cart_updates.avsc --value-subject $subject '{\"cart_id\":$2,\"cart_action\":\"$3\",\"element_id\":42,\"element_desc\":\"$4\",\"quantity\":3}'" >/dev/null
}
cart c0 100 ADD first # registers the schema
id=$(curl -fsS "$R/subjects/$subject/versions/latest" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')

# --- registry up: decoded in the pane and the detail view
tui_start -- -X "schema.registry.url=$R"
select_topic "$topic"
wait_for "Messages of $topic ("
wait_for "— following"
cart c7 7 UPDATE_QTY "L$$"
wait_for "{\"cart_id\":7,\"cart_action\":\"UPDATE_QTY\",\"element_id\":42,\"element_desc\":\"L$$\",\"quantity\":3}" 50
expect_not_contains "$(screen | grep -F "L$$")" "\\x00" "no raw framing bytes in the decoded row"
keys 5
keys G
keys Enter
wait_for "Value: Avro,"
wait_for "schema id $id, com.picksbrick.cart_updates (decoded by registry"
wait_for "\"cart_action\": \"UPDATE_QTY\","
wait_for "\"element_desc\": \"L$$\","
# syntax colours in the detail view: the field name (json.key) in a colour
# of its own, not the string value's
line=$(screen_esc | grep -F '"cart_action"' | head -n1)
key_sgr=$(echo "$line" | sed -n 's/.*\(\(\x1b\[[0-9;]*m\)\{1,\}\)"cart_action".*/\1/p' | cat -v)
val_sgr=$(echo "$line" | sed -n 's/.*\(\(\x1b\[[0-9;]*m\)\{1,\}\)"UPDATE_QTY".*/\1/p' | cat -v)
echo "$key_sgr" | grep -qE '\[([0-9;]*;)?(3[0-7]|9[0-7]|38;5;[0-9]+)(;[0-9;]*)?m' ||
    fail "the Avro field name is not coloured: $(echo "$line" | cat -v)"
[ -n "$val_sgr" ] && [ "$val_sgr" != "$key_sgr" ] ||
    fail "field name and value are not coloured apart: '$key_sgr' vs '$val_sgr'"
pass
keys Escape
wait_gone "Value: Avro"
tui_quit
tm kill-server 2>/dev/null || true

# --- registry unreachable, then back
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
rport=$(echo "$R" | sed 's|http://127.0.0.1:\([0-9]*\)/.*|\1|')
rpath=$(echo "$R" | sed 's|http://127.0.0.1:[0-9]*||')
tui_start -- -X "schema.registry.url=http://127.0.0.1:$port$rpath" -X schema.registry.timeout.ms=500
select_topic "$topic"
wait_for "Messages of $topic ("
wait_for "— following"
cart d1 201 REMOVE "dn$$"
# raw bytes, escaped, behind the error marker: magic byte 0 and the id
wait_for "dn$$" 50
row=$(screen | grep -F "dn$$")
expect_contains "$row" "! \\x00\\x00\\x00" "undecodable record: marker and raw bytes"
expect_not_contains "$row" '"cart_action"' "not decoded while the registry is down"
# the tail keeps running: a plain record right after it shows
echo "plain-$$" | kcat -P -b "$BOOTSTRAP" -t "$topic" -k p1
wait_for "plain-$$" 50
keys 5
keys G
keys k # the Avro record, just above the plain one
keys Enter
wait_for "Value: NOT DECODED"
wait_for "schema id $id"
wait_for "unreachable"
wait_for "Why each decoder refused it:"
keys Escape
wait_gone "Value: NOT DECODED"
keys G # follow again

# the registry comes back (a relay on the port we were given)
python3 "$KS_TESTS/registry/relay.py" "$port" "$rport" 40 &
relay=$!
sleep 3 # past the client's backoff
cart d2 202 ADD "bk$$"
wait_for "\"cart_id\":202,\"cart_action\":\"ADD\"" 80
row=$(screen | grep -F "bk$$")
expect_not_contains "$row" "! " "decoded again once the registry answers"
tui_quit
kill "$relay" 2>/dev/null || true
done_ok
