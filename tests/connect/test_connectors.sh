# Connector commands against a real Kafka Connect worker (FileStream connectors): create from a
# JSON and a properties file, records flowing both ways (checked with kcat), pause/resume,
# a failing sink with its trace, restart --failed-only, delete, validation, secrets masked,
# untrusted text sanitized, read-only mode, an unreachable or silent worker.
. "$KS_TESTS/lib.sh"
: "${CONNECT_URL_FILE:?CONNECT_URL_FILE must name the url file of the Connect fixture}"
URL=$(cat "$CONNECT_URL_FILE")

# `kc`: kafscope with the worker's URL (a script, so expect_fail and timeout can run it).
printf '#!/bin/sh\nexec ks --connect "%s" "$@"\n' "$URL" >"$T/bin/kc"
chmod +x "$T/bin/kc"

# field NAME KEY: KEY of connector NAME in `connectors --json` ("absent" when not listed)
field() {
    kc --json -c connectors | python3 -c '
import json, sys
rows = [r for r in json.load(sys.stdin)["connectors"] if r["name"] == sys.argv[1]]
print(rows[0][sys.argv[2]] if rows else "absent")' "$1" "$2"
}

# wait_for WHAT CMD...: polls CMD (bounded, 90 s) until it succeeds.
wait_for() {
    local what=$1
    shift
    for _ in $(seq 1 180); do
        "$@" >/dev/null 2>&1 && { pass; return 0; }
        sleep 0.5
    done
    fail "timed out waiting for: $what"
}
state_is() { [ "$(field "$1" state)" = "$2" ]; }
failed_tasks_are() { [ "$(field "$1" tasks_failed)" = "$2" ]; }
running_tasks_are() { [ "$(field "$1" tasks_running)" = "$2" ]; }

SRC=$(unique src)
TOPIC=$(unique connect-lines)
create_topic "$TOPIC" 1
: >"$T/in.txt"

# --- create from a JSON file {name, config}; lines appended arrive in the topic -------------------
cat >"$T/source.json" <<JSON
{"name": "$SRC", "config": {"connector.class": "FileStreamSource", "tasks.max": 1,
 "file": "$T/in.txt", "topic": "$TOPIC",
 "value.converter": "org.apache.kafka.connect.storage.StringConverter",
 "db.password": "hunter2", "api.key": "k-123", "note": "esc \u001b[31mred"}}
JSON
out=$(kc -c "connector create $SRC --file $T/source.json")
expect_contains "$out" "created connector $SRC" "create from JSON"
wait_for "$SRC RUNNING" state_is "$SRC" RUNNING
expect_eq "$(field "$SRC" type)" source "type"
expect_eq "$(field "$SRC" topics)" "$TOPIC" "topics"
printf 'first line\nsecond line\nthird line\n' >>"$T/in.txt"
lines_in_topic() {
    [ "$(kcat -b "$BOOTSTRAP" -C -t "$TOPIC" -o beginning -e -q 2>/dev/null | grep -c line)" = 3 ]
}
wait_for "3 lines in $TOPIC" lines_in_topic
got=$(kcat -b "$BOOTSTRAP" -C -t "$TOPIC" -o beginning -e -q)
expect_eq "$got" "first line
second line
third line" "the file's lines, in order, are the topic's records"

# --- secrets masked and untrusted text sanitized in every output ------------------------------------
for cmd in "connector describe $SRC" "connector config $SRC" "connectors"; do
    for j in "" "--json"; do
        out=$(kc $j -c "$cmd")
        expect_not_contains "$out" "hunter2" "$cmd $j: password masked"
        expect_not_contains "$out" "k-123" "$cmd $j: api.key masked"
        expect_not_contains "$out" $'\e' "$cmd $j: no raw escape from the worker"
    done
done
out=$(kc -c "connector describe $SRC")
expect_contains "$out" "db.password = ********" "describe: masked password shown as such"
expect_contains "$out" "task 0    RUNNING" "describe: task state"
expect_contains "$out" 'tasks.max = 1' "describe: numbers in the JSON file became strings"

# --- pause -> PAUSED, resume -> RUNNING --------------------------------------------------------------
kc -c "connector pause $SRC" >/dev/null
wait_for "$SRC PAUSED" state_is "$SRC" PAUSED
kc -c "connector resume $SRC" >/dev/null
wait_for "$SRC RUNNING again" state_is "$SRC" RUNNING

# --- create from a .properties file: a sink that writes the topic to a file -------------------------
SINK=$(unique sink)
cat >"$T/sink.properties" <<PROPS
# a FileStream sink, as in Kafka's config/connect-file-sink.properties
name=$SINK
connector.class=FileStreamSink
tasks.max=1
file=$T/out.txt
topics=$TOPIC
value.converter=org.apache.kafka.connect.storage.StringConverter
PROPS
expect_contains "$(kc -c "connector create $SINK --file $T/sink.properties")" "created connector $SINK" \
    "create from properties"
sink_wrote() { [ "$(grep -c line "$T/out.txt" 2>/dev/null)" = 3 ]; }
wait_for "the sink writes 3 lines" sink_wrote
expect_eq "$(field "$SINK" type)" sink "sink type"

# --- a sink whose task fails: FAILED with its trace; restart --failed-only --------------------------
BAD=$(unique badsink)
printf '{"connector.class": "FileStreamSink", "topics": "%s", "file": "%s/missing-dir/out.txt", "value.converter": "org.apache.kafka.connect.storage.StringConverter"}' \
    "$TOPIC" "$T" >"$T/bad.json"
kc -c "connector create $BAD --file $T/bad.json" >/dev/null
wait_for "$BAD has a failed task" failed_tasks_are "$BAD" 1
out=$(kc -c connectors)
expect_contains "$(echo "$out" | grep "^$BAD ")" "RUNNING" "the connector runs while its task failed"
out=$(kc -c "connector describe $BAD")
expect_contains "$out" "FAILED" "describe: FAILED in words"
expect_contains "$out" "Trace of task 0 (FAILED):" "describe: the failed task's trace"
expect_contains "$out" "missing-dir" "describe: the trace says why"
expect_contains "$out" "      at org.apache.kafka" "describe: stack frames indented with spaces"
expect_not_contains "$out" '\tat ' "describe: no escaped tab in the trace"
trace=$(kc --json -c "connector describe $BAD" | python3 -c 'import json,sys; print(json.load(sys.stdin)["traces"][0]["trace"][:200])')
expect_contains "$trace" "Exception" "describe --json: the trace"
mkdir -p "$T/missing-dir"
out=$(kc -c "connector restart $BAD --tasks --failed-only")
expect_contains "$out" "failed only" "restart --failed-only"
wait_for "$BAD's task RUNNING after the restart" running_tasks_are "$BAD" 1
expect_eq "$(field "$BAD" tasks_failed)" 0 "no failed task after the restart"
expect_contains "$(kc -c "connector restart $BAD --task 0")" "restarted task 0" "restart --task"
expect_fail "does not go with" kc -c "connector restart $BAD --task 0 --tasks"

# --- connector config: show and change (validated first) --------------------------------------------
kc -c "connector config $SINK tasks.max=2" >/dev/null
expect_contains "$(kc -c "connector config $SINK")" "tasks.max        2" "config changed"
expect_fail "tasks.max" kc -c "connector config $SINK tasks.max=notanumber"
expect_contains "$(kc -c "connector config $SINK")" "tasks.max        2" "an invalid change changes nothing"

# --- an invalid config lists the bad fields by name and creates nothing -----------------------------
INV=$(unique invalid)
printf '{"connector.class": "FileStreamSource", "tasks.max": "many", "file": "%s/in.txt"}' "$T" >"$T/invalid.json"
expect_fail "invalid fields?, nothing was created: .*tasks.max: " kc -c "connector create $INV --file $T/invalid.json"
expect_contains "$(cat "$T/err")" "topic: " "the missing topic is listed by name"
expect_eq "$(field "$INV" state)" absent "nothing was created"
printf 'file=/tmp/x\ntopic=t\n' >"$T/noclass.properties"
expect_fail "no connector.class" kc -c "connector create $INV --file $T/noclass.properties"
expect_fail "cannot read" kc -c "connector create $INV --file $T/does-not-exist.json"
printf 'not json' >"$T/garbage.json"
expect_fail "not valid JSON" kc -c "connector create $INV --file $T/garbage.json"
expect_fail "names the connector" kc -c "connector create other-name --file $T/source.json"
expect_fail "unknown connector|not found|404" kc -c "connector describe no-such-connector-$$"

# --- JsonConverter with schemas.enable=true (the worker's default): tail shows the payload ---------
JTOPIC=$(unique connect-json)
create_topic "$JTOPIC" 1
JSRC=$(unique jsrc)
echo "schema'd line" >"$T/json-in.txt"
printf '{"connector.class": "FileStreamSource", "file": "%s/json-in.txt", "topic": "%s"}' "$T" "$JTOPIC" >"$T/jsrc.json"
kc -c "connector create $JSRC --file $T/jsrc.json" >/dev/null
json_arrived() { [ -n "$(kcat -b "$BOOTSTRAP" -C -t "$JTOPIC" -o beginning -e -q 2>/dev/null)" ]; }
wait_for "a record in $JTOPIC" json_arrived
expect_contains "$(kcat -b "$BOOTSTRAP" -C -t "$JTOPIC" -o beginning -e -q)" '"payload":"schema'"'"'d line"' "the envelope on the wire"
out=$(ks -c "tail $JTOPIC --offset beginning")
expect_contains "$out" $'\t"schema\'d line"\t' "tail shows the payload"
expect_not_contains "$out" '"schema":' "tail hides the envelope"
out=$(ks --json -c "tail $JTOPIC --offset beginning")
expect_contains "$out" '"value":{"schema":{"type":"string","optional":false},"payload":"schema'"'"'d line"}' "--json keeps the envelope"
kc -c "connector delete $JSRC --yes" >/dev/null

# --- read-only mode refuses every write, and nothing changes ----------------------------------------
for cmd in "connector create x --file $T/source.json" "connector config $SRC tasks.max=3" \
    "connector pause $SRC" "connector resume $SRC" "connector stop $SRC" "connector restart $SRC" \
    "connector restart $SRC --task 0" "connector delete $SRC --yes"; do
    expect_fail "read-only mode" kc --read-only -c "$cmd"
done
expect_eq "$(field "$SRC" state)" RUNNING "read-only: nothing changed"
kc --read-only -c connectors >/dev/null && pass

# --- stop, delete (batch mode needs --yes) ----------------------------------------------------------
kc -c "connector stop $SINK" >/dev/null
wait_for "$SINK STOPPED" state_is "$SINK" STOPPED
expect_fail "add --yes" kc -c "connector delete $SRC"
expect_eq "$(field "$SRC" state)" RUNNING "not deleted without --yes"
for name in "$SRC" "$SINK" "$BAD"; do
    expect_contains "$(kc -c "connector delete $name --yes")" "deleted connector $name" "delete $name"
done
gone() { [ "$(field "$1" state)" = absent ]; }
wait_for "$SRC gone" gone "$SRC"

# --- an unreachable or silent worker: a clear error within --timeout --------------------------------
start=$(date +%s%N)
expect_fail "Kafka Connect http://127.0.0.1:1 unreachable" ks --connect http://127.0.0.1:1 --timeout 2000 -c connectors
ms=$((($(date +%s%N) - start) / 1000000))
[ "$ms" -lt 5000 ] || fail "unreachable worker took $ms ms"
# a listener that accepts connections and never answers
python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
print(s.getsockname()[1], flush=True)
time.sleep(120)' >"$T/silent.port" &
silent=$!
for _ in $(seq 1 50); do [ -s "$T/silent.port" ] && break; sleep 0.1; done
start=$(date +%s%N)
expect_fail "Kafka Connect http://127.0.0.1:[0-9]+ unreachable: Timeout" \
    ks --connect "http://127.0.0.1:$(cat "$T/silent.port")" --timeout 2000 -c connectors
ms=$((($(date +%s%N) - start) / 1000000))
kill "$silent"
[ "$ms" -lt 6000 ] || fail "silent worker took $ms ms with --timeout 2000"
pass
expect_fail "no Kafka Connect URL" ks -c connectors

# --- a worker that stays in a rebalance (HTTP 409): asked again for a while, then a clear error ----
python3 -c '
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def reply(self):
        with open(sys.argv[1], "a") as f: f.write("x\n")
        body = b"{\"error_code\":409,\"message\":\"Cannot complete request momentarily due to stale configuration\"}"
        self.send_response(409); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    do_GET = do_PUT = do_POST = do_DELETE = reply
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.timeout = 60
s.serve_forever()' "$T/hits" >"$T/busy.port" &
busy=$!
for _ in $(seq 1 50); do [ -s "$T/busy.port" ] && break; sleep 0.1; done
start=$(date +%s%N)
expect_fail "rebalancing \(HTTP 409, still after 2.0 s\): Cannot complete request" \
    ks --connect "http://127.0.0.1:$(cat "$T/busy.port")" --timeout 2000 -c "connector pause x"
ms=$((($(date +%s%N) - start) / 1000000))
kill "$busy"
[ "$ms" -lt 6000 ] || fail "409 retries took $ms ms with --timeout 2000"
[ "$(wc -l <"$T/hits")" -gt 2 ] || fail "409 was not asked again: $(wc -l <"$T/hits") requests"
pass

done_ok
